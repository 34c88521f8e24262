package io.qiaoqiao.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a handset sends for a text, as the SMSC passes it on in deliver_sm: GSM 03.38 when every
 * character has a septet, else UCS-2; a text too long for one message is split into parts that
 * carry their place in a user data header (3GPP TS 23.040 9.2.3.24.1 with an 8-bit reference,
 * 9.2.3.24.8 with a 16-bit one) or in SMPP 3.4's sar_* optional parameters (5.3.2.22–24).
 * A character is never cut in two: not a GSM escape pair, not a UTF-16 surrogate pair.
 */
public final class HandsetEncoder {
    /** How a long text's parts say where they belong. */
    public enum Concatenation { UDH_8BIT_REFERENCE, UDH_16BIT_REFERENCE, SAR_TLVS }

    static final int DATA_CODING_GSM = 0x00;
    static final int DATA_CODING_UCS2 = 0x08;
    static final int ESM_UDHI = 0x40;
    static final int TAG_SAR_MSG_REF_NUM = 0x020C;
    static final int TAG_SAR_TOTAL_SEGMENTS = 0x020E;
    static final int TAG_SAR_SEGMENT_SEQNUM = 0x020F;
    /** 140 octets of user data; GSM carries 160 septets, unpacked over SMPP one per octet. */
    private static final int GSM_SINGLE_SEPTETS = 160;
    private static final int UCS2_SINGLE_OCTETS = 140;

    private HandsetEncoder() {
    }

    public static List<MobileSegment> encode(String text, int reference, Concatenation concatenation) {
        Optional<byte[]> septets = Gsm0338.encode(text);
        return septets.isPresent() ? gsm(text, septets.get(), reference, concatenation) : ucs2(text, reference, concatenation);
    }

    private static List<MobileSegment> gsm(String text, byte[] septets, int reference, Concatenation how) {
        if (septets.length <= GSM_SINGLE_SEPTETS) {
            return List.of(new MobileSegment(DATA_CODING_GSM, 0, septets, List.of()));
        }
        // A packed 140-octet user data holds 160 septets; the header's octets, rounded up to whole
        // septets, leave 153 (8-bit reference) or 152 (16-bit reference). SAR parts keep 153 so
        // that an SMSC can turn them into UDH parts.
        int perPart = how == Concatenation.UDH_16BIT_REFERENCE ? 152 : 153;
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        while (start < septets.length) {
            int end = Math.min(start + perPart, septets.length);
            if (end < septets.length && septets[end - 1] == Gsm0338.ESCAPE) {
                end--; // the escape stays with its extension septet
            }
            parts.add(java.util.Arrays.copyOfRange(septets, start, end));
            start = end;
        }
        return withConcatenation(parts, DATA_CODING_GSM, reference, how);
    }

    private static List<MobileSegment> ucs2(String text, int reference, Concatenation how) {
        byte[] all = text.getBytes(StandardCharsets.UTF_16BE);
        if (all.length <= UCS2_SINGLE_OCTETS) {
            return List.of(new MobileSegment(DATA_CODING_UCS2, 0, all, List.of()));
        }
        // 140 octets less a 6-octet (8-bit) or 7-octet (16-bit) header, in whole UCS-2 characters.
        int perPartChars = how == Concatenation.UDH_16BIT_REFERENCE ? 66 : 67;
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + perPartChars, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            parts.add(text.substring(start, end).getBytes(StandardCharsets.UTF_16BE));
            start = end;
        }
        return withConcatenation(parts, DATA_CODING_UCS2, reference, how);
    }

    private static List<MobileSegment> withConcatenation(List<byte[]> parts, int dataCoding, int reference, Concatenation how) {
        if (parts.size() > 255) {
            throw new IllegalArgumentException("a text of " + parts.size() + " parts: a handset sends at most 255");
        }
        int total = parts.size();
        List<MobileSegment> out = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int seq = i + 1;
            byte[] body = parts.get(i);
            switch (how) {
                case UDH_8BIT_REFERENCE -> out.add(new MobileSegment(dataCoding, ESM_UDHI,
                        join(new byte[]{0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) seq}, body), List.of()));
                case UDH_16BIT_REFERENCE -> out.add(new MobileSegment(dataCoding, ESM_UDHI,
                        join(new byte[]{0x06, 0x08, 0x04, (byte) (reference >> 8), (byte) reference, (byte) total, (byte) seq}, body),
                        List.of()));
                case SAR_TLVS -> out.add(new MobileSegment(dataCoding, 0, body, List.of(
                        new MobileSegment.Tlv(TAG_SAR_MSG_REF_NUM, new byte[]{(byte) (reference >> 8), (byte) reference}),
                        new MobileSegment.Tlv(TAG_SAR_TOTAL_SEGMENTS, new byte[]{(byte) total}),
                        new MobileSegment.Tlv(TAG_SAR_SEGMENT_SEQNUM, new byte[]{(byte) seq}))));
            }
        }
        return out;
    }

    private static byte[] join(byte[] header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + body.length);
        out.writeBytes(header);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
