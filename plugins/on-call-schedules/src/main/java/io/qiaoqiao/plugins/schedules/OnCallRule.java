package io.qiaoqiao.plugins.schedules;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.OnCallSchedule;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.ScheduleException;
import io.qiaoqiao.plugin.api.Shift;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * Admits only volunteers on call at the decision time. Exceptions win over the weekly pattern:
 * leave takes someone off call, extra duty puts them on. On a holiday the weekly pattern does
 * not apply (a shift that starts on a holiday is off), so only extra duty counts; the holidays are
 * those of the plugin's settings and those the studio lists at the desk (in the snapshot). Shifts are
 * read in the studio's time zone, so a shift keeps its wall-clock hours across daylight-saving
 * changes; an overnight shift belongs to the day it starts, Sunday's included.
 */
public final class OnCallRule implements RoutingRule {
    private final Optional<ZoneId> zone;
    private final Set<LocalDate> holidays;
    private final boolean unscheduledOnCall;

    public OnCallRule(Optional<ZoneId> zone, Set<LocalDate> holidays, boolean unscheduledOnCall) {
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
        this.unscheduledOnCall = unscheduledOnCall;
    }

    @Override
    public String id() {
        return "schedules";
    }

    @Override
    public boolean admits(RoutingSnapshot snapshot, Candidate candidate) {
        return onCall(candidate.schedule(), snapshot.now(), zone.orElse(snapshot.zone()), snapshot.holidays());
    }

    boolean onCall(OnCallSchedule schedule, Instant now, ZoneId zoneId) {
        return onCall(schedule, now, zoneId, Set.of());
    }

    boolean onCall(OnCallSchedule schedule, Instant now, ZoneId zoneId, Set<LocalDate> listed) {
        boolean extraDuty = false;
        for (ScheduleException e : schedule.exceptions()) {
            if (e.covers(now)) {
                if (e.kind() == ScheduleException.Kind.LEAVE) {
                    return false;
                }
                extraDuty = true;
            }
        }
        if (extraDuty) {
            return true;
        }
        if (schedule.shifts().isEmpty()) {
            return unscheduledOnCall;
        }
        LocalDate today = now.atZone(zoneId).toLocalDate();
        for (Shift shift : schedule.shifts()) {
            // The shift may have started today or, running past midnight, yesterday.
            for (LocalDate start : new LocalDate[] {today, today.minusDays(1)}) {
                if (start.getDayOfWeek() == shift.day() && !holidays.contains(start) && !listed.contains(start) && covers(shift, start, now, zoneId)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean covers(Shift shift, LocalDate day, Instant now, ZoneId zoneId) {
        ZonedDateTime from = day.atTime(shift.start()).atZone(zoneId);
        ZonedDateTime until = shift.overnight() ? day.plusDays(1).atTime(shift.end()).atZone(zoneId)
                : day.atTime(shift.end()).atZone(zoneId);
        return !now.isBefore(from.toInstant()) && now.isBefore(until.toInstant());
    }
}
