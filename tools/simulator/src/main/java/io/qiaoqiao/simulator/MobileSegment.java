package io.qiaoqiao.simulator;

import java.util.List;

/**
 * One deliver_sm's worth of a handset's text: the fields a phone's message arrives with.
 *
 * @param dataCoding   0 (GSM 03.38, unpacked) or 8 (UCS-2)
 * @param esmClass     0x40 (UDHI) when short_message starts with a user data header
 * @param shortMessage the octets of short_message
 * @param tlvs         optional parameters (SAR concatenation), in order
 */
public record MobileSegment(int dataCoding, int esmClass, byte[] shortMessage, List<Tlv> tlvs) {
    public MobileSegment {
        shortMessage = shortMessage.clone();
        tlvs = List.copyOf(tlvs);
    }

    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    /** An SMPP optional parameter: tag and value octets. */
    public record Tlv(int tag, byte[] value) {
        public Tlv {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }
}
