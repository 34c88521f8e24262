package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.gateway.config.Config;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The hours in which no rating call is placed (default 21:00–08:00, studio time): old people
 * go to bed early, and a call at night frightens them. The window may span midnight.
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    public static QuietHours from(Config config) {
        return new QuietHours(LocalTime.parse(config.string("outbound.quiet-hours.start")),
                LocalTime.parse(config.string("outbound.quiet-hours.end")),
                ZoneId.of(config.string("zone")));
    }

    public boolean isQuiet(Instant when) {
        LocalTime local = when.atZone(zone).toLocalTime();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** {@code when} itself outside quiet hours, else the moment they end. */
    public Instant nextAllowed(Instant when) {
        if (!isQuiet(when)) {
            return when;
        }
        ZonedDateTime local = when.atZone(zone);
        ZonedDateTime endToday = local.with(end);
        return (endToday.isAfter(local) ? endToday : endToday.plusDays(1)).toInstant();
    }
}
