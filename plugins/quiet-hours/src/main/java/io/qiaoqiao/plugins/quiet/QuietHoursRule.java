package io.qiaoqiao.plugins.quiet;

import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Volunteers are neighbours, not a night shift: a normal request that arrives in quiet hours
 * waits until they end, and the gateway offers it then. Urgent requests are never held (the
 * schedules rule decides who is on call at night).
 */
public final class QuietHoursRule implements RoutingRule {
    private final LocalTime start;
    private final LocalTime end;

    public QuietHoursRule(LocalTime start, LocalTime end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public String id() {
        return "quiet-hours";
    }

    @Override
    public Optional<Instant> holdUntil(RoutingSnapshot snapshot) {
        if (snapshot.ticket().urgency() == Urgency.URGENT || start.equals(end)) {
            return Optional.empty();
        }
        ZonedDateTime now = snapshot.now().atZone(snapshot.zone());
        LocalTime time = now.toLocalTime();
        boolean overnight = end.isBefore(start);
        boolean quiet = overnight ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return Optional.empty();
        }
        LocalDate endDay = overnight && !time.isBefore(start) ? now.toLocalDate().plusDays(1) : now.toLocalDate();
        return Optional.of(endDay.atTime(end).atZone(snapshot.zone()).toInstant());
    }
}
