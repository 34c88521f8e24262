package io.qiaoqiao.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a handset would show for a submit_sm, read from octets written out by hand. */
class SubmitReaderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void ucs2_part_with_an_8bit_reference_header() {
        SubmittedPart part = SubmitReader.read(8, 0x40, hex("05 00 03 9C 03 02 6865 6865"), Map.of());
        assertEquals("桥桥", part.text());
        assertEquals(Optional.of(new SubmittedPart.Position(0x9C, 3, 2)), part.position());
    }

    @Test
    void header_with_another_element_before_the_concatenation_one() {
        // UDHL 09: IEI 0x24 (national language single shift, length 1, value 0x0D), then IEI 08 with 16-bit ref
        SubmittedPart part = SubmitReader.read(8, 0x40, hex("09 24 01 0D 08 04 01 00 02 01 4F60"), Map.of());
        assertEquals("你", part.text());
        assertEquals(Optional.of(new SubmittedPart.Position(0x0100, 2, 1)), part.position());
    }

    @Test
    void gsm_septets_with_extension_characters() {
        // [ = ESC 3C, ] = ESC 3E, € = ESC 65, £ = 01
        assertEquals("[ok] £5 €", SubmitReader.read(0, 0, hex("1B3C 6F 6B 1B3E 20 01 35 20 1B65"), Map.of()).text());
    }

    @Test
    void message_payload_is_read_when_short_message_is_empty() {
        SubmittedPart part = SubmitReader.read(8, 0, new byte[0], Map.of(0x0424, hex("8C22 8C22")));
        assertEquals("谢谢", part.text());
    }

    @Test
    void sar_parameters_place_a_part_without_header() {
        SubmittedPart part = SubmitReader.read(8, 0, hex("597D"),
                Map.of(0x020C, hex("0007"), 0x020E, hex("02"), 0x020F, hex("01")));
        assertEquals(Optional.of(new SubmittedPart.Position(7, 2, 1)), part.position());
    }

    @Test
    void a_header_length_past_the_end_is_a_problem_not_an_exception() {
        SubmittedPart part = SubmitReader.read(8, 0x40, hex("09 00 03 01"), Map.of());
        assertEquals(Optional.of("UDHI set but the header length runs past the data"), part.problem());
    }

    @Test
    void a_gsm_part_starting_with_an_escape_pair_reads_as_its_extension_character() {
        // UDH 05 00 03 07 02 02, then € (ESC 65) and 'b' (62)
        SubmittedPart part = SubmitReader.read(0, 0x40, hex("05 00 03 07 02 02 1B 65 62"), Map.of());
        assertEquals("€b", part.text());
        assertEquals(Optional.of(new SubmittedPart.Position(7, 2, 2)), part.position());
    }

    @Test
    void an_escape_to_a_septet_the_extension_table_lacks_shows_the_main_table_character() {
        // 3GPP TS 23.038 6.2.1.1: ESC 41 is not in the extension table, so a handset shows 'A' (41 in the main
        // table); ESC ESC is reserved for another extension table and shows as a space.
        assertEquals("A x", SubmitReader.read(0, 0, hex("1B 41 1B 1B 78"), Map.of()).text());
    }

    @Test
    void odd_length_ucs2_keeps_the_whole_characters_and_names_the_problem() {
        // 你 U+4F60 and a lone 59: half a character
        SubmittedPart part = SubmitReader.read(8, 0, hex("4F60 59"), Map.of());
        assertEquals("你", part.text());
        assertEquals(Optional.of("UCS-2 user data of odd length 3"), part.problem());
    }

    @Test
    void a_data_coding_no_handset_shows_as_text_is_a_problem_not_a_guess() {
        // SMPP 3.4 5.2.19: 0x04 is octet unspecified (8-bit binary), 0x0E KS C 5601
        for (int dataCoding : new int[] {0x04, 0x0E}) {
            SubmittedPart part = SubmitReader.read(dataCoding, 0, hex("4869"), Map.of());
            assertEquals("", part.text());
            assertEquals(Optional.of("data_coding " + dataCoding + " is not shown by a handset"), part.problem());
        }
    }
}
