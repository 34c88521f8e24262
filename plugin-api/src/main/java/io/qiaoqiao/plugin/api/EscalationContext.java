package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What an escalation policy sees.
 *
 * @param ticket   the ticket nobody took
 * @param resident who asked
 * @param previous the id of the step taken last, empty when escalation starts
 * @param now      the decision time
 */
public record EscalationContext(TicketView ticket, ResidentView resident, Optional<String> previous, Instant now) {
}
