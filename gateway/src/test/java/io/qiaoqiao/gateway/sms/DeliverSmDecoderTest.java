package io.qiaoqiao.gateway.sms;

import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliverSmDecoderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static DeliverSm pdu(int dataCoding, int esmClass, String hex, OptionalParameter... tlvs) {
        DeliverSm pdu = new DeliverSm();
        pdu.setSourceAddr("8613812345678");
        pdu.setSourceAddrTon((byte) 1);
        pdu.setDestAddress("12345");
        pdu.setDataCoding((byte) dataCoding);
        pdu.setEsmClass((byte) esmClass);
        pdu.setShortMessage(HEX.parseHex(hex));
        pdu.setOptionalParameters(tlvs);
        return pdu;
    }

    private static InboundText text(DeliverSm pdu) {
        return assertInstanceOf(DecodedDeliverSm.Text.class, DeliverSmDecoder.decode(pdu)).text();
    }

    private static DeliveryReceipt receipt(DeliverSm pdu) {
        return assertInstanceOf(DecodedDeliverSm.Receipt.class, DeliverSmDecoder.decode(pdu)).receipt();
    }

    @Test
    void ucs2_text_from_a_phone_decodes_with_normalised_sender() {
        InboundText text = text(pdu(8, 0, "62115bb6753589c6906563a75668574f4e86"));

        assertEquals(new InboundText("+8613812345678", "12345", "我家电视遥控器坏了", Optional.empty(), List.of()), text);
    }

    @Test
    void gsm7_unpacked_text_decodes_escapes() {
        assertEquals("Cost 5€ [ok]", text(pdu(0, 0, "436f73742035" + "1b65" + "20" + "1b3c" + "6f6b" + "1b3e")).text());
    }

    @Test
    void gsm7_escape_to_an_unknown_septet_shows_the_main_table_character_and_escape_escape_a_space() {
        // 3GPP TS 23.038 6.2.1.1: ESC 41 is not in the extension table, so 'A'; ESC ESC is reserved, so a space
        InboundText text = text(pdu(0, 0, "1b41" + "1b1b" + "78"));

        assertEquals("A x", text.text());
    }

    @Test
    void ascii_and_latin1_texts_decode() {
        assertEquals("Hi!", text(pdu(1, 0, "486921")).text());
        assertEquals("café", text(pdu(3, 0, "636166e9")).text());
    }

    @Test
    void odd_length_ucs2_becomes_replacement_char_and_a_problem() {
        InboundText text = text(pdu(8, 0, "6211 5b".replace(" ", "")));

        assertEquals("我\uFFFD", text.text());
        assertEquals(1, text.problems().size());
        assertTrue(text.problems().getFirst().contains("odd length"), text.problems().toString());
    }

    @Test
    void unpaired_surrogate_becomes_replacement_char_and_a_problem() {
        InboundText text = text(pdu(8, 0, "d83d6211"));

        assertEquals("\uFFFD我", text.text());
        assertTrue(text.problems().getFirst().contains("surrogate"), text.problems().toString());
    }

    @Test
    void unknown_data_coding_is_decoded_best_effort_with_a_problem() {
        InboundText text = text(pdu(0x18, 0, "6211"));

        assertEquals("我", text.text());
        assertTrue(text.problems().getFirst().contains("0x18"), text.problems().toString());
    }

    @Test
    void udh_with_8bit_reference_gives_the_part_position() {
        InboundText text = text(pdu(8, 0x40, "0500032a0302" + "6211"));

        assertEquals("我", text.text());
        assertEquals(Optional.of(new InboundText.Concat(0x2A, 3, 2)), text.concat());
    }

    @Test
    void udh_with_16bit_reference_gives_the_part_position() {
        InboundText text = text(pdu(0, 0x40, "060804beef0201" + "4869"));

        assertEquals("Hi", text.text());
        assertEquals(Optional.of(new InboundText.Concat(0xBEEF, 2, 1)), text.concat());
        assertEquals(List.of(), text.problems());
    }

    @Test
    void udh_longer_than_the_payload_is_a_problem_not_a_crash() {
        InboundText text = text(pdu(0, 0x40, "0a0003"));

        assertEquals(Optional.empty(), text.concat());
        assertTrue(text.problems().getFirst().contains("UDH length 10"), text.problems().toString());
    }

    @Test
    void sar_tlvs_give_the_part_position() {
        InboundText text = text(pdu(8, 0, "6211", OptionalParameters.newSarMsgRefNum((short) 0x1234),
                OptionalParameters.newSarTotalSegments(2), OptionalParameters.newSarSegmentSeqnum(2)));

        assertEquals(Optional.of(new InboundText.Concat(0x1234, 2, 2)), text.concat());
    }

    @Test
    void message_payload_is_used_when_short_message_is_empty() {
        InboundText text = text(pdu(8, 0, "", new OptionalParameter.OctetString((short) 0x0424, HEX.parseHex("4e86"))));

        assertEquals("了", text.text());
    }

    @Test
    void sender_that_cannot_be_normalised_is_kept_as_received() {
        DeliverSm pdu = pdu(0, 0, "4869");
        pdu.setSourceAddr("ALERT");
        pdu.setSourceAddrTon((byte) 5);

        assertEquals("ALERT", text(pdu).sender());
    }

    @Test
    void receipt_text_is_parsed_when_no_tlvs() {
        DeliverSm pdu = pdu(0, 0x04, HEX.formatHex(("id:0a1b2c sub:001 dlvrd:001 submit date:2611231040 "
                + "done date:2611231041 stat:UNDELIV err:012 text:stat:DELIVRD id:x").getBytes()));

        assertEquals(new DeliveryReceipt("0a1b2c", "UNDELIV", "012"), receipt(pdu));
    }

    @Test
    void receipt_tlvs_win_over_the_text() {
        DeliverSm pdu = pdu(0, 0x04, HEX.formatHex("id:other stat:ENROUTE err:000".getBytes()),
                new OptionalParameter.COctetString((short) 0x001E, "abc123"),
                new OptionalParameter.Byte((short) 0x0427, (byte) 2));

        assertEquals(new DeliveryReceipt("abc123", "DELIVRD", "000"), receipt(pdu));
    }

    @Test
    void receipted_message_id_alone_marks_a_receipt() {
        DeliverSm pdu = pdu(0, 0, "", new OptionalParameter.COctetString((short) 0x001E, "77"),
                new OptionalParameter.Byte((short) 0x0427, (byte) 3));

        assertEquals(new DeliveryReceipt("77", "EXPIRED", "000"), receipt(pdu));
    }

    @Test
    void receipt_without_any_id_is_unreadable() {
        assertInstanceOf(DecodedDeliverSm.Unreadable.class, DeliverSmDecoder.decode(pdu(0, 0x04, "")));
    }
}
