package io.qiaoqiao.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a submit_sm asks a handset to show, from the octets as they came over the wire:
 * short_message (or message_payload, SMPP 3.4 5.3.2.32, when short_message is empty), decoded
 * by data_coding (0 GSM 03.38 unpacked, 1 IA5/ASCII, 3 Latin-1, 8 UCS-2), with the place of a
 * part in a longer text from the user data header (UDHI, esm_class 0x40; IEI 0x00 or 0x08) or
 * from the sar_* parameters.
 */
final class SubmitReader {
    private static final int TAG_MESSAGE_PAYLOAD = 0x0424;
    private static final int IEI_CONCAT_8BIT = 0x00;
    private static final int IEI_CONCAT_16BIT = 0x08;

    private SubmitReader() {
    }

    static SubmittedPart read(int dataCoding, int esmClass, byte[] shortMessage, Map<Integer, byte[]> tlvs) {
        byte[] userData = shortMessage.length > 0 ? shortMessage : tlvs.getOrDefault(TAG_MESSAGE_PAYLOAD, new byte[0]);
        Optional<SubmittedPart.Position> position = Optional.empty();
        byte[] body = userData;
        if ((esmClass & HandsetEncoder.ESM_UDHI) != 0) {
            if (userData.length == 0 || (userData[0] & 0xFF) + 1 > userData.length) {
                return new SubmittedPart("", Optional.empty(), Optional.of("UDHI set but the header length runs past the data"));
            }
            int headerLength = userData[0] & 0xFF;
            position = concatenationIn(Arrays.copyOfRange(userData, 1, 1 + headerLength));
            body = Arrays.copyOfRange(userData, 1 + headerLength, userData.length);
        }
        if (position.isEmpty()) {
            position = sar(tlvs);
        }
        return switch (dataCoding) {
            case 0x00 -> new SubmittedPart(Gsm0338.decode(body), position, Optional.empty());
            case 0x01 -> new SubmittedPart(new String(body, StandardCharsets.US_ASCII), position, Optional.empty());
            case 0x03 -> new SubmittedPart(new String(body, StandardCharsets.ISO_8859_1), position, Optional.empty());
            case 0x08 -> body.length % 2 == 0
                    ? new SubmittedPart(new String(body, StandardCharsets.UTF_16BE), position, Optional.empty())
                    : new SubmittedPart(new String(body, 0, body.length - 1, StandardCharsets.UTF_16BE), position,
                            Optional.of("UCS-2 user data of odd length " + body.length));
            default -> new SubmittedPart("", position, Optional.of("data_coding " + dataCoding + " is not shown by a handset"));
        };
    }

    private static Optional<SubmittedPart.Position> concatenationIn(byte[] header) {
        int i = 0;
        while (i + 1 < header.length) {
            int iei = header[i] & 0xFF;
            int length = header[i + 1] & 0xFF;
            int data = i + 2;
            if (data + length > header.length) {
                return Optional.empty();
            }
            if (iei == IEI_CONCAT_8BIT && length == 3) {
                return Optional.of(new SubmittedPart.Position(header[data] & 0xFF, header[data + 1] & 0xFF, header[data + 2] & 0xFF));
            }
            if (iei == IEI_CONCAT_16BIT && length == 4) {
                return Optional.of(new SubmittedPart.Position(((header[data] & 0xFF) << 8) | (header[data + 1] & 0xFF),
                        header[data + 2] & 0xFF, header[data + 3] & 0xFF));
            }
            i = data + length;
        }
        return Optional.empty();
    }

    private static Optional<SubmittedPart.Position> sar(Map<Integer, byte[]> tlvs) {
        byte[] ref = tlvs.get(HandsetEncoder.TAG_SAR_MSG_REF_NUM);
        byte[] total = tlvs.get(HandsetEncoder.TAG_SAR_TOTAL_SEGMENTS);
        byte[] seq = tlvs.get(HandsetEncoder.TAG_SAR_SEGMENT_SEQNUM);
        if (ref == null || ref.length != 2 || total == null || total.length != 1 || seq == null || seq.length != 1) {
            return Optional.empty();
        }
        return Optional.of(new SubmittedPart.Position(((ref[0] & 0xFF) << 8) | (ref[1] & 0xFF), total[0] & 0xFF, seq[0] & 0xFF));
    }
}
