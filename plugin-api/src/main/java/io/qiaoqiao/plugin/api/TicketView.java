package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.util.List;

/**
 * What a plugin may know about the ticket being routed or escalated.
 *
 * @param code         the short human code residents and volunteers quote
 * @param channel      where it came from: {@code sms} or {@code voice}
 * @param category     classified category
 * @param urgency      classified urgency
 * @param text         the request text (empty for voice tickets without a transcript)
 * @param matchedWords the words the classifier matched
 * @param confidential already marked confidential by an earlier decision
 * @param createdAt    when the ticket was created
 */
public record TicketView(String code, String channel, Category category, Urgency urgency, String text,
                         List<String> matchedWords, boolean confidential, Instant createdAt) {
    public TicketView {
        matchedWords = List.copyOf(matchedWords);
    }

    /** A ticket with no matched words and not confidential: handy in tests. */
    public static TicketView of(String code, Category category, Urgency urgency, String text, Instant createdAt) {
        return new TicketView(code, "sms", category, urgency, text, List.of(), false, createdAt);
    }
}
