package io.qiaoqiao.gateway.sms;

import java.util.List;
import java.util.Optional;

/**
 * One decoded mobile-originated message (or one part of a concatenated one).
 *
 * @param sender      the sender in E.164 form where it could be normalised, else as received
 * @param destination the number it was sent to (our hotline number)
 * @param text        the decoded text (invalid bytes replaced by U+FFFD)
 * @param concat      present when this is one part of a concatenated message
 * @param problems    what was wrong with the bytes, for logs and the ticket's audit trail
 */
public record InboundText(String sender, String destination, String text, Optional<Concat> concat,
                          List<String> problems) {
    public InboundText {
        problems = List.copyOf(problems);
    }

    /**
     * Where a part belongs in a concatenated message.
     *
     * @param reference the reference shared by all parts (8-bit or 16-bit)
     * @param total     how many parts the message has
     * @param seq       this part's number, from 1
     */
    public record Concat(int reference, int total, int seq) {
    }
}
