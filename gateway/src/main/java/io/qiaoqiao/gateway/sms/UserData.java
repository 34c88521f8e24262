package io.qiaoqiao.gateway.sms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A short_message split into its user data header (when esm_class has UDHI) and the text bytes
 * after it. Reads the concatenation elements IEI 0x00 (8-bit reference) and 0x08 (16-bit
 * reference); anything malformed is reported in {@link #problems()}, never thrown.
 */
record UserData(byte[] body, Optional<InboundText.Concat> concat, List<String> problems) {
    private static final int IEI_CONCAT_8BIT = 0x00;
    private static final int IEI_CONCAT_16BIT = 0x08;

    static UserData split(byte[] shortMessage, boolean udhi) {
        if (!udhi) {
            return new UserData(shortMessage, Optional.empty(), List.of());
        }
        List<String> problems = new ArrayList<>();
        if (shortMessage.length == 0) {
            problems.add("UDHI set but the message is empty");
            return new UserData(shortMessage, Optional.empty(), problems);
        }
        int headerLength = shortMessage[0] & 0xFF;
        if (1 + headerLength > shortMessage.length) {
            problems.add("UDH length " + headerLength + " goes beyond the " + shortMessage.length
                    + "-byte payload; header ignored");
            return new UserData(Arrays.copyOfRange(shortMessage, 1, shortMessage.length), Optional.empty(), problems);
        }
        Optional<InboundText.Concat> concat = Optional.empty();
        int end = 1 + headerLength;
        int i = 1;
        while (i < end) {
            if (i + 2 > end || i + 2 + (shortMessage[i + 1] & 0xFF) > end) {
                problems.add("UDH element at offset " + i + " runs past the header");
                break;
            }
            int iei = shortMessage[i] & 0xFF;
            int length = shortMessage[i + 1] & 0xFF;
            int v = i + 2;
            if (iei == IEI_CONCAT_8BIT && length == 3) {
                concat = concat(shortMessage[v] & 0xFF, shortMessage[v + 1] & 0xFF, shortMessage[v + 2] & 0xFF, problems);
            } else if (iei == IEI_CONCAT_16BIT && length == 4) {
                int reference = ((shortMessage[v] & 0xFF) << 8) | (shortMessage[v + 1] & 0xFF);
                concat = concat(reference, shortMessage[v + 2] & 0xFF, shortMessage[v + 3] & 0xFF, problems);
            } else if (iei == IEI_CONCAT_8BIT || iei == IEI_CONCAT_16BIT) {
                problems.add("concatenation element 0x%02X has length %d".formatted(iei, length));
            }
            i = v + length;
        }
        return new UserData(Arrays.copyOfRange(shortMessage, end, shortMessage.length), concat, problems);
    }

    /** A concatenation position, or empty with a problem when the numbers cannot be right. */
    static Optional<InboundText.Concat> concat(int reference, int total, int seq, List<String> problems) {
        if (total < 1 || seq < 1 || seq > total) {
            problems.add("concatenation part " + seq + " of " + total + " is impossible; treated as a whole text");
            return Optional.empty();
        }
        return Optional.of(new InboundText.Concat(reference, total, seq));
    }
}
