package io.qiaoqiao.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
