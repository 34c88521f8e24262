package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.util.Optional;

/**
 * A volunteer's recent record, for fairness rules.
 *
 * @param lastServedAt       when they last finished a ticket, if ever
 * @param lastOfferedAt      when they were last offered any ticket, if ever
 * @param doneLast30Days     tickets finished in the last 30 days
 * @param declinedLast30Days offers declined or left to expire in the last 30 days
 */
public record ServiceHistory(Optional<Instant> lastServedAt, Optional<Instant> lastOfferedAt, int doneLast30Days,
                             int declinedLast30Days) {
    /** Someone who has never been offered anything. */
    public static ServiceHistory none() {
        return new ServiceHistory(Optional.empty(), Optional.empty(), 0, 0);
    }
}
