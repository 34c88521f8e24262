package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The studio's quiet hours, in its local time: the one definition the gateway configures
 * ({@code quiet-hours.start}, {@code quiet-hours.end}) and hands to every decision that cares —
 * routing rules through {@link RoutingSnapshot#quietHours()}, the calls the gateway places, and
 * broadcasts. The window may span midnight; equal times mean no quiet hours at all.
 *
 * @param start when quiet hours begin (inclusive)
 * @param end   when they end (exclusive)
 */
public record QuietHours(LocalTime start, LocalTime end) {
    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** No quiet hours. */
    public static QuietHours none() {
        return new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    /** Is {@code when} inside quiet hours in {@code zone}? */
    public boolean isQuiet(Instant when, ZoneId zone) {
        if (start.equals(end)) {
            return false;
        }
        LocalTime local = when.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** {@code when} itself outside quiet hours, else the moment they end. */
    public Instant nextAllowed(Instant when, ZoneId zone) {
        if (!isQuiet(when, zone)) {
            return when;
        }
        ZonedDateTime local = when.atZone(zone);
        ZonedDateTime endToday = local.with(end);
        return (endToday.isAfter(local) ? endToday : endToday.plusDays(1)).toInstant();
    }
}
