package io.qiaoqiao.gateway.sms;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a deliver_sm as the SMSC sent it: a mobile-originated text (GSM-7, IA5, Latin-1 or UCS-2,
 * concatenated by UDH or SAR TLVs, or carried in message_payload) or a delivery receipt. Never
 * throws on bad bytes: what is wrong goes into {@link InboundText#problems()}.
 */
public final class DeliverSmDecoder {
    static final short TAG_RECEIPTED_MESSAGE_ID = 0x001E;
    static final short TAG_SAR_MSG_REF_NUM = 0x020C;
    static final short TAG_SAR_TOTAL_SEGMENTS = 0x020E;
    static final short TAG_SAR_SEGMENT_SEQNUM = 0x020F;
    static final short TAG_MESSAGE_PAYLOAD = 0x0424;
    static final short TAG_MESSAGE_STATE = 0x0427;
    private static final int ESM_UDHI = 0x40;
    private static final int ESM_MESSAGE_TYPE_MASK = 0x3C;
    private static final int ESM_SMSC_DELIVERY_RECEIPT = 0x04;
    private static final int TON_INTERNATIONAL = 1;

    private DeliverSmDecoder() {
    }

    /**
     * The caps on what one deliver_sm may bring: its text (short_message or message_payload)
     * in octets, and the parts of one long text (a part past the cap is dropped, the parts
     * before it make the text).
     */
    record Limits(int maxPayloadBytes, int maxParts) {
        static final Limits NONE = new Limits(Integer.MAX_VALUE, 255);
    }

    /** Where a cap was hit: the cap's configuration key and what happened. */
    @FunctionalInterface
    interface LimitHit {
        void hit(String key, String reason);
    }

    public static DecodedDeliverSm decode(DeliverSm pdu) {
        return decode(pdu, Limits.NONE, (key, reason) -> { });
    }

    static DecodedDeliverSm decode(DeliverSm pdu, Limits limits, LimitHit hit) {
        int esmClass = pdu.getEsmClass() & 0xFF;
        Optional<byte[]> receiptedId = tlv(pdu, TAG_RECEIPTED_MESSAGE_ID);
        byte[] shortMessage = payload(pdu);
        List<String> problems = new ArrayList<>();
        if (shortMessage.length > limits.maxPayloadBytes()) {
            String cut = "a text of " + shortMessage.length + " octets cut to " + limits.maxPayloadBytes() + " (sms.max-payload-bytes)";
            hit.hit("sms.max-payload-bytes", cut + " from " + PhoneNumbers.mask(pdu.getSourceAddr()));
            problems.add(cut);
            // An even length keeps the last UCS-2 character whole (behind an odd-length header it is cut, and reported).
            shortMessage = Arrays.copyOf(shortMessage, limits.maxPayloadBytes() & ~1);
        }
        if ((esmClass & ESM_MESSAGE_TYPE_MASK) == ESM_SMSC_DELIVERY_RECEIPT || receiptedId.isPresent()) {
            String receiptText = TextDecoding.decode(pdu.getDataCoding(), shortMessage).text();
            Optional<Integer> state = tlv(pdu, TAG_MESSAGE_STATE).filter(v -> v.length == 1).map(v -> v[0] & 0xFF);
            return DeliveryReceiptDecoder.decode(receiptedId.map(DeliverSmDecoder::cString), state, receiptText);
        }

        UserData userData = UserData.split(shortMessage, (esmClass & ESM_UDHI) != 0);
        problems.addAll(userData.problems());
        TextDecoding.Decoded decoded = TextDecoding.decode(pdu.getDataCoding(), userData.body());
        problems.addAll(decoded.problems());
        Optional<InboundText.Concat> concat = userData.concat().or(() -> sarConcat(pdu, problems));
        if (concat.isPresent() && concat.get().total() > limits.maxParts()) {
            InboundText.Concat c = concat.get();
            if (c.seq() > limits.maxParts()) {
                String dropped = "part " + c.seq() + " of " + c.total() + " dropped: only the first " + limits.maxParts()
                        + " parts of a text are kept (sms.max-parts)";
                hit.hit("sms.max-parts", dropped + ", from " + PhoneNumbers.mask(pdu.getSourceAddr()));
                return new DecodedDeliverSm.Unreadable(dropped);
            }
            problems.add("a text of " + c.total() + " parts: only its first " + limits.maxParts() + " are kept (sms.max-parts)");
            concat = Optional.of(new InboundText.Concat(c.reference(), limits.maxParts(), c.seq()));
        }
        return new DecodedDeliverSm.Text(new InboundText(sender(pdu), nullToEmpty(pdu.getDestAddress()),
                decoded.text(), concat, problems));
    }

    /** short_message, or message_payload when short_message is empty. */
    private static byte[] payload(DeliverSm pdu) {
        byte[] shortMessage = pdu.getShortMessage();
        if (shortMessage != null && shortMessage.length > 0) {
            return shortMessage;
        }
        return tlv(pdu, TAG_MESSAGE_PAYLOAD).orElse(new byte[0]);
    }

    private static Optional<InboundText.Concat> sarConcat(DeliverSm pdu, List<String> problems) {
        Optional<byte[]> ref = tlv(pdu, TAG_SAR_MSG_REF_NUM);
        Optional<byte[]> total = tlv(pdu, TAG_SAR_TOTAL_SEGMENTS);
        Optional<byte[]> seq = tlv(pdu, TAG_SAR_SEGMENT_SEQNUM);
        if (ref.isEmpty() && total.isEmpty() && seq.isEmpty()) {
            return Optional.empty();
        }
        if (ref.isEmpty() || total.isEmpty() || seq.isEmpty()) {
            problems.add("incomplete SAR TLVs (need sar_msg_ref_num, sar_total_segments and sar_segment_seqnum)");
            return Optional.empty();
        }
        return UserData.concat(unsigned(ref.get()), unsigned(total.get()), unsigned(seq.get()), problems);
    }

    /** The E.164 sender where it can be normalised; an international TON means the digits carry the country. */
    private static String sender(DeliverSm pdu) {
        String raw = nullToEmpty(pdu.getSourceAddr());
        String candidate = pdu.getSourceAddrTon() == TON_INTERNATIONAL && !raw.startsWith("+") ? "+" + raw : raw;
        return PhoneNumbers.normalize(candidate).or(() -> PhoneNumbers.normalize(raw)).orElse(raw);
    }

    /** The value bytes of a TLV, whatever class jsmpp chose to parse it into. */
    static Optional<byte[]> tlv(DeliverSm pdu, short tag) {
        OptionalParameter[] parameters = pdu.getOptionalParameters();
        if (parameters == null) {
            return Optional.empty();
        }
        for (OptionalParameter p : parameters) {
            if (p.tag == tag) {
                byte[] serialized = p.serialize();
                return Optional.of(Arrays.copyOfRange(serialized, 4, serialized.length));
            }
        }
        return Optional.empty();
    }

    private static int unsigned(byte[] value) {
        int n = 0;
        for (byte b : value) {
            n = (n << 8) | (b & 0xFF);
        }
        return n;
    }

    /** A C-octet string TLV value: what comes before its first NUL (a NUL inside could not be stored). */
    private static String cString(byte[] value) {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
