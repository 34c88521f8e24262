package io.qiaoqiao.gateway.followup;

/**
 * How an inbound text was handled, for its row in {@code inbound_messages}, the
 * {@code qiaoqiao_sms_inbound_total} counter and the log.
 *
 * @param handledAs follow_up, status, nudge, rating, duty_close, duty_refused or redelivered
 * @param ticketId  the ticket it was about, or null
 * @param code      that ticket's code, or null
 */
public record Handled(String handledAs, Long ticketId, String code) {
    static Handled about(String handledAs, io.qiaoqiao.gateway.ticket.Ticket ticket) {
        return new Handled(handledAs, ticket.id(), ticket.code());
    }

    static Handled alone(String handledAs) {
        return new Handled(handledAs, null, null);
    }
}
