package io.qiaoqiao.gateway.sms;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutboundTextEncoderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void short_chinese_text_is_one_ucs2_message() {
        List<SmsSegment> segments = OutboundTextEncoder.encode("我家电视遥控器坏了", 7);

        assertEquals(List.of(new SmsSegment((byte) 8, (byte) 0, HEX.parseHex("62115bb6753589c6906563a75668574f4e86"))),
                segments);
    }

    @Test
    void plain_latin_text_is_one_unpacked_gsm7_message() {
        List<SmsSegment> segments = OutboundTextEncoder.encode("OK @ 5$", 1);

        assertEquals(List.of(new SmsSegment((byte) 0, (byte) 0, HEX.parseHex("4f4b2000203502"))), segments);
    }

    @Test
    void euro_sign_costs_two_septets_escape_and_65() {
        assertArrayEquals(HEX.parseHex("1b65"), OutboundTextEncoder.encode("€", 1).getFirst().shortMessage());
        // 159 plain + one € = 161 septets: no longer fits one message
        String text = "a".repeat(159) + "€";
        List<SmsSegment> segments = OutboundTextEncoder.encode(text, 1);
        assertEquals(2, segments.size());
        assertEquals(1, OutboundTextEncoder.encode("a".repeat(158) + "€", 1).size());
    }

    @Test
    void long_chinese_text_is_split_into_numbered_ucs2_parts() {
        String text = "村".repeat(150);

        List<SmsSegment> segments = OutboundTextEncoder.encode(text, 0x2A);

        assertEquals(3, segments.size());
        int[] units = {67, 67, 16};
        for (int i = 0; i < 3; i++) {
            SmsSegment s = segments.get(i);
            assertEquals(8, s.dataCoding());
            assertEquals(0x40, s.esmClass());
            byte[] bytes = s.shortMessage();
            assertEquals("0500032a03" + HEX.toHexDigits((byte) (i + 1)), HEX.formatHex(bytes, 0, 6));
            assertEquals(6 + units[i] * 2, bytes.length);
            assertEquals("6751", HEX.formatHex(bytes, 6, 8)); // 村 U+6751
        }
    }

    @Test
    void long_gsm_text_is_split_into_153_septet_parts_without_cutting_an_escape() {
        String text = "a".repeat(152) + "€" + "b".repeat(10);

        List<SmsSegment> segments = OutboundTextEncoder.encode(text, 3);

        assertEquals(2, segments.size());
        assertEquals(6 + 152, segments.get(0).shortMessage().length);
        byte[] second = segments.get(1).shortMessage();
        assertEquals("0500030302021b65", HEX.formatHex(second, 0, 8));
        assertEquals(0, segments.get(1).dataCoding());
        assertEquals(0x40, segments.get(1).esmClass());
    }

    @Test
    void surrogate_pair_is_never_split_between_parts() {
        String text = "好".repeat(66) + "😀" + "好".repeat(5);

        List<SmsSegment> segments = OutboundTextEncoder.encode(text, 9);

        assertEquals(2, segments.size());
        assertEquals(6 + 66 * 2, segments.get(0).shortMessage().length);
        assertEquals("050003090202d83dde00", HEX.formatHex(segments.get(1).shortMessage(), 0, 10));
    }

    @Test
    void text_needing_more_than_255_parts_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> OutboundTextEncoder.encode("字".repeat(67 * 255 + 1), 1));
    }
}
