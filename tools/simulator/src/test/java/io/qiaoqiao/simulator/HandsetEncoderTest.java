package io.qiaoqiao.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qiaoqiao.simulator.HandsetEncoder.Concatenation;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a handset sends, octet for octet, as written out by hand from GSM 03.38/03.40 and SMPP 3.4. */
class HandsetEncoderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void a_short_chinese_text_is_one_ucs2_message_without_header() {
        // 你 U+4F60, 好 U+597D
        List<MobileSegment> segments = HandsetEncoder.encode("你好", 7, Concatenation.UDH_8BIT_REFERENCE);
        assertEquals(1, segments.size());
        assertEquals(8, segments.get(0).dataCoding());
        assertEquals(0, segments.get(0).esmClass());
        assertArrayEquals(hex("4F60 597D"), segments.get(0).shortMessage());
    }

    @Test
    void latin_text_goes_as_unpacked_gsm_septets_with_the_euro_escaped() {
        // H=0x48 i=0x69 space=0x20 €=ESC 0x65 @=0x00
        MobileSegment only = HandsetEncoder.encode("Hi €@", 1, Concatenation.UDH_8BIT_REFERENCE).get(0);
        assertEquals(0, only.dataCoding());
        assertArrayEquals(hex("48 69 20 1B65 00"), only.shortMessage());
    }

    @Test
    void seventy_one_chinese_characters_are_two_parts_with_an_8bit_reference_header() {
        String text = "好".repeat(71);
        List<MobileSegment> parts = HandsetEncoder.encode(text, 0x2A, Concatenation.UDH_8BIT_REFERENCE);
        assertEquals(2, parts.size());
        // UDHL 05, IEI 00 (8-bit reference), IEDL 03, ref 2A, total 02, seq 01; then 67 characters
        byte[] first = parts.get(0).shortMessage();
        assertArrayEquals(hex("05 00 03 2A 02 01"), java.util.Arrays.copyOf(first, 6));
        assertEquals(6 + 67 * 2, first.length);
        assertEquals(0x40, parts.get(0).esmClass());
        assertArrayEquals(hex("05 00 03 2A 02 02" + " 597D".repeat(4)), parts.get(1).shortMessage());
    }

    @Test
    void a_16bit_reference_header_carries_both_octets_of_the_reference() {
        List<MobileSegment> parts = HandsetEncoder.encode("好".repeat(71), 0x1234, Concatenation.UDH_16BIT_REFERENCE);
        assertEquals(2, parts.size());
        assertEquals(7 + 66 * 2, parts.get(0).shortMessage().length, "66 characters fit beside a 7-octet header");
        assertArrayEquals(hex("06 08 04 12 34 02 02" + " 597D".repeat(5)), parts.get(1).shortMessage());
    }

    @Test
    void sar_parts_carry_their_place_in_optional_parameters_and_no_header() {
        List<MobileSegment> parts = HandsetEncoder.encode("好".repeat(68) + "你好吗", 0x0102, Concatenation.SAR_TLVS);
        assertEquals(2, parts.size());
        MobileSegment second = parts.get(1);
        assertEquals(0, second.esmClass());
        assertArrayEquals(hex("597D 4F60 597D 5417"), second.shortMessage());
        assertEquals(0x020C, second.tlvs().get(0).tag());
        assertArrayEquals(hex("0102"), second.tlvs().get(0).value());
        assertEquals(0x020E, second.tlvs().get(1).tag());
        assertArrayEquals(hex("02"), second.tlvs().get(1).value());
        assertEquals(0x020F, second.tlvs().get(2).tag());
        assertArrayEquals(hex("02"), second.tlvs().get(2).value());
    }

    @Test
    void a_surrogate_pair_is_never_cut_between_parts() {
        // 66 characters, then U+1F600 (D83D DE00), which would straddle the 67-unit boundary
        String text = "好".repeat(66) + "\uD83D\uDE00" + "好".repeat(5);
        List<MobileSegment> parts = HandsetEncoder.encode(text, 1, Concatenation.UDH_8BIT_REFERENCE);
        byte[] second = parts.get(1).shortMessage();
        assertArrayEquals(hex("05 00 03 01 02 02 D83D DE00" + " 597D".repeat(5)), second);
    }

    @Test
    void a_gsm_escape_stays_with_its_extension_septet_at_a_part_boundary() {
        // 152 'a' (61), then € as ESC 65 at septets 153-154, then 10 'b' (62): 164 septets, more than the 160 of one
        // message. A part beside an 8-bit-reference header holds 153; the 153rd would be the lone escape, so part 1 ends
        // after 152 and part 2 starts with the whole escape pair.
        List<MobileSegment> parts = HandsetEncoder.encode("a".repeat(152) + "€" + "b".repeat(10), 0x07, Concatenation.UDH_8BIT_REFERENCE);
        assertEquals(2, parts.size());
        assertEquals(0, parts.get(0).dataCoding());
        assertArrayEquals(hex("05 00 03 07 02 01" + " 61".repeat(152)), parts.get(0).shortMessage());
        assertArrayEquals(hex("05 00 03 07 02 02 1B 65" + " 62".repeat(10)), parts.get(1).shortMessage());

        // With a 16-bit reference a part holds 152 septets: 151 'a', then the escape would be the 152nd (163 in all).
        List<MobileSegment> wide = HandsetEncoder.encode("a".repeat(151) + "€" + "b".repeat(10), 0x0107, Concatenation.UDH_16BIT_REFERENCE);
        assertArrayEquals(hex("06 08 04 01 07 02 01" + " 61".repeat(151)), wide.get(0).shortMessage());
        assertArrayEquals(hex("06 08 04 01 07 02 02 1B 65" + " 62".repeat(10)), wide.get(1).shortMessage());
    }

    @Test
    void one_hundred_and_sixty_septets_with_an_escape_still_fit_one_message() {
        // 158 'a' and € (ESC 65): exactly 160 septets, so no header.
        List<MobileSegment> parts = HandsetEncoder.encode("a".repeat(158) + "€", 1, Concatenation.UDH_8BIT_REFERENCE);
        assertEquals(1, parts.size());
        assertEquals(0, parts.get(0).esmClass());
        assertArrayEquals(hex(" 61".repeat(158) + " 1B 65"), parts.get(0).shortMessage());
    }

    @Test
    void a_text_of_255_parts_is_sent_and_a_text_needing_256_is_refused() {
        // The header counts parts in one octet (3GPP TS 23.040 9.2.3.24.1): 255 is the most. 好 U+597D, 67 to a part.
        List<MobileSegment> parts = HandsetEncoder.encode("好".repeat(67 * 255), 0x01, Concatenation.UDH_8BIT_REFERENCE);
        assertEquals(255, parts.size());
        assertArrayEquals(hex("05 00 03 01 FF FF" + " 597D".repeat(67)), parts.get(254).shortMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HandsetEncoder.encode("好".repeat(67 * 255 + 1), 0x01, Concatenation.UDH_8BIT_REFERENCE));
        assertThrows(IllegalArgumentException.class,
                () -> HandsetEncoder.encode("a".repeat(153 * 255 + 1), 0x01, Concatenation.SAR_TLVS));
    }
}
