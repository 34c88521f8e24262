package io.qiaoqiao.gateway.sms;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One submit_sm worth of text: the SMPP data_coding and esm_class to send it with, and the
 * short_message bytes (UDH included when the text needed several segments).
 */
public record SmsSegment(byte dataCoding, byte esmClass, byte[] shortMessage) {
    public static final byte DATA_CODING_GSM7 = 0x00;
    public static final byte DATA_CODING_UCS2 = 0x08;
    public static final byte ESM_CLASS_UDHI = 0x40;

    public SmsSegment {
        shortMessage = shortMessage.clone();
    }

    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmsSegment s && s.dataCoding == dataCoding && s.esmClass == esmClass
                && Arrays.equals(s.shortMessage, shortMessage);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dataCoding + esmClass) + Arrays.hashCode(shortMessage);
    }

    @Override
    public String toString() {
        return "SmsSegment[dc=" + dataCoding + ", esm=0x" + HexFormat.of().toHexDigits(esmClass)
                + ", " + HexFormat.ofDelimiter(" ").formatHex(shortMessage) + "]";
    }
}
