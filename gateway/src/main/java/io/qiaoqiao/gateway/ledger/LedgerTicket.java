package io.qiaoqiao.gateway.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * One ticket of the month, as the ledger counts it.
 *
 * @param village   the resident's village; empty for a sender the roster does not know
 * @param group     the code of the volunteer group of whoever accepted it; empty if nobody did
 * @param duplicate closed as a duplicate of another ticket: left out of every count but its own
 * @param confirmed the resident (or the studio on their behalf) confirmed it done: rating_done
 * @param overdue   it had a deadline and was not done (or closed) by then
 */
public record LedgerTicket(String category, Optional<String> village, Optional<String> group, Optional<String> groupName,
                           Instant createdAt, Optional<Instant> acceptedAt, Optional<Instant> doneAt, boolean duplicate,
                           boolean confirmed, Optional<Integer> satisfaction, boolean overdue) {
}
