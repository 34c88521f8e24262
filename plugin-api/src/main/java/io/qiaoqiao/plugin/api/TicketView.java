package io.qiaoqiao.plugin.api;

import java.time.Instant;

/**
 * What a routing rule may know about the ticket being routed.
 *
 * @param code      the short human code residents and volunteers quote
 * @param channel   where it came from: {@code sms} or {@code voice}
 * @param category  classified category
 * @param urgency   classified urgency
 * @param text      the request text (empty for voice tickets without a transcript)
 * @param createdAt when the ticket was created
 */
public record TicketView(String code, String channel, Category category, Urgency urgency, String text,
                         Instant createdAt) {
}
