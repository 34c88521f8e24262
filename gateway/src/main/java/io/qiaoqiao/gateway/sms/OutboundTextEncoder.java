package io.qiaoqiao.gateway.sms;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a text into the submit_sm segments that carry it: GSM-7 (unpacked, data_coding 0) when
 * every character is in the GSM 03.38 alphabet or its extension table, else UCS-2 (data_coding 8,
 * UTF-16BE). A text too long for one message becomes concatenated segments with an 8-bit
 * reference UDH ({@code 05 00 03 ref total seq}); a surrogate pair or a GSM escape sequence is
 * never cut in two.
 */
public final class OutboundTextEncoder {
    static final int GSM7_SINGLE = 160;
    static final int GSM7_PER_SEGMENT = 153;
    static final int UCS2_SINGLE = 70;
    static final int UCS2_PER_SEGMENT = 67;
    static final int MAX_SEGMENTS = 255;

    private OutboundTextEncoder() {
    }

    /**
     * @param reference the concatenation reference (only the low 8 bits are used); the caller
     *                  picks it, e.g. a rolling counter per link
     * @throws IllegalArgumentException when the text needs more than 255 segments
     */
    public static List<SmsSegment> encode(String text, int reference) {
        boolean gsm = GsmAlphabet.canEncode(text);
        List<byte[]> units = gsm ? gsmUnits(text) : ucs2Units(text);
        byte dataCoding = gsm ? SmsSegment.DATA_CODING_GSM7 : SmsSegment.DATA_CODING_UCS2;
        // cost of a unit: septets for GSM-7 (one byte each), 16-bit code units for UCS-2
        int bytesPerCost = gsm ? 1 : 2;
        int single = gsm ? GSM7_SINGLE : UCS2_SINGLE;
        int perSegment = gsm ? GSM7_PER_SEGMENT : UCS2_PER_SEGMENT;

        int total = units.stream().mapToInt(u -> u.length / bytesPerCost).sum();
        if (total <= single) {
            return List.of(new SmsSegment(dataCoding, (byte) 0, concat(units)));
        }
        List<List<byte[]>> parts = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        int used = 0;
        for (byte[] unit : units) {
            int cost = unit.length / bytesPerCost;
            if (used + cost > perSegment) {
                parts.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(unit);
            used += cost;
        }
        parts.add(current);
        if (parts.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("text needs " + parts.size() + " segments, at most "
                    + MAX_SEGMENTS + " are possible");
        }
        List<SmsSegment> segments = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[]{0x05, 0x00, 0x03, (byte) reference, (byte) parts.size(), (byte) (i + 1)});
            out.writeBytes(concat(parts.get(i)));
            segments.add(new SmsSegment(dataCoding, SmsSegment.ESM_CLASS_UDHI, out.toByteArray()));
        }
        return segments;
    }

    /** One entry per character: its septet, or escape + extension septet. */
    private static List<byte[]> gsmUnits(String text) {
        List<byte[]> units = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = GsmAlphabet.basicSeptet(c);
            units.add(basic >= 0
                    ? new byte[]{(byte) basic}
                    : new byte[]{GsmAlphabet.ESCAPE, (byte) GsmAlphabet.extensionSeptet(c)});
        }
        return units;
    }

    /** One entry per code point: two bytes, or four for a surrogate pair. */
    private static List<byte[]> ucs2Units(String text) {
        List<byte[]> units = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                char low = text.charAt(++i);
                units.add(new byte[]{(byte) (c >> 8), (byte) c, (byte) (low >> 8), (byte) low});
            } else {
                units.add(new byte[]{(byte) (c >> 8), (byte) c});
            }
        }
        return units;
    }

    private static byte[] concat(List<byte[]> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        units.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
