package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.plugin.api.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When a rating call may ring: never in quiet hours (studio time), and a call that quiet hours
 * pushed to their end lands somewhere in the {@code outbound.rating-spread} after it rather than
 * on it. Every rating call of the evening used to fall due at 07:00 at once; on a trunk of four
 * lines most found no free line, were counted as not answered, were retried together, and then
 * the families were texted. The place in the spread comes from the ticket's id (Fibonacci
 * hashing spreads consecutive ids evenly), so a retry or another node computes the same one.
 */
public record RatingSchedule(QuietHours quietHours, ZoneId zone, Duration spread) {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** The first instant at or after {@code wanted} the rating call of ticket {@code ticketId} may ring. */
    public Instant due(Instant wanted, long ticketId) {
        Instant allowed = quietHours.nextAllowed(wanted, zone);
        if (allowed.equals(wanted) || spread.isZero() || spread.isNegative()) {
            return allowed;
        }
        // The fractional part of id × the golden ratio: consecutive ids land far apart, evenly over the spread.
        double fraction = ((ticketId * GOLDEN) >>> 11) / (double) (1L << 53);
        long offset = (long) (fraction * spread.toMillis());
        // A spread longer than the day between two quiet stretches still never rings in one.
        return quietHours.nextAllowed(allowed.plusMillis(offset), zone);
    }
}
