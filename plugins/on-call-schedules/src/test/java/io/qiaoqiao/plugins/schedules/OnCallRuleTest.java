package io.qiaoqiao.plugins.schedules;

import static io.qiaoqiao.plugin.api.PluginTestKit.snapshot;
import static io.qiaoqiao.plugin.api.PluginTestKit.ticket;
import static io.qiaoqiao.plugin.api.PluginTestKit.volunteer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.ScheduleException;
import io.qiaoqiao.plugin.api.Shift;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OnCallRuleTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static RoutingRule rule(Map<String, String> settings) {
        return new SchedulesPlugin().routingRules(PluginSettings.of("schedules", settings)).get(0);
    }

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    private static boolean admits(RoutingRule rule, Candidate c, String localDateTime) {
        return rule.admits(snapshot(ticket(Category.REPAIR, Urgency.NORMAL, "灯坏了"), at(localDateTime), c), c);
    }

    private static Candidate withShifts(Shift... shifts) {
        return volunteer(1).schedule(List.of(shifts), List.of()).build();
    }

    // 2026-11-22 is a Sunday, 2026-11-23 a Monday.
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "2026-11-22T21:59, false", "2026-11-22T22:00, true", "2026-11-22T23:59, true",
            "2026-11-23T00:00, true", "2026-11-23T05:59, true", "2026-11-23T06:00, false",
            "2026-11-16T03:00, true", "2026-11-21T23:00, false"})
    void sundays_night_shift_runs_across_midnight_into_the_next_week(String when, boolean onCall) {
        Candidate night = withShifts(new Shift(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.of(6, 0)));
        assertEquals(onCall, admits(rule(Map.of()), night, when));
    }

    @Test
    void a_day_shift_covers_its_hours_only() {
        Candidate day = withShifts(new Shift(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        assertTrue(admits(rule(Map.of()), day, "2026-11-23T08:00"));
        assertEquals(false, admits(rule(Map.of()), day, "2026-11-23T18:00"));
        assertEquals(false, admits(rule(Map.of()), day, "2026-11-24T09:00"));
    }

    @Test
    void start_equal_to_end_is_a_whole_day() {
        Candidate allDay = withShifts(new Shift(DayOfWeek.SATURDAY, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        assertTrue(admits(rule(Map.of()), allDay, "2026-11-21T23:59"));
        assertEquals(false, admits(rule(Map.of()), allDay, "2026-11-22T00:00"));
    }

    @Test
    void leave_overrides_a_shift_and_extra_duty_overrides_no_shift() {
        Shift monday = new Shift(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0));
        Candidate onLeave = volunteer(1).schedule(List.of(monday), List.of(new ScheduleException(
                at("2026-11-23T00:00"), at("2026-11-24T00:00"), ScheduleException.Kind.LEAVE, "探亲"))).build();
        Candidate extra = volunteer(2).schedule(List.of(monday), List.of(new ScheduleException(
                at("2026-11-24T20:00"), at("2026-11-25T08:00"), ScheduleException.Kind.EXTRA_DUTY, "值班"))).build();
        assertEquals(false, admits(rule(Map.of()), onLeave, "2026-11-23T09:00"));
        assertTrue(admits(rule(Map.of()), onLeave, "2026-11-30T09:00"), "leave ends");
        assertTrue(admits(rule(Map.of()), extra, "2026-11-24T23:00"));
    }

    @Test
    void a_holiday_suspends_shifts_that_start_on_it_but_not_extra_duty() {
        RoutingRule rule = rule(Map.of("holidays", "2026-10-01..2026-10-07, 2026-11-23"));
        Candidate monday = withShifts(new Shift(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        Candidate sundayNight = withShifts(new Shift(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.of(6, 0)));
        assertEquals(false, admits(rule, monday, "2026-11-23T09:00"));
        assertTrue(admits(rule, sundayNight, "2026-11-23T03:00"), "the shift began the day before the holiday");
        Candidate duty = volunteer(3).schedule(List.of(), List.of(new ScheduleException(at("2026-10-01T00:00"),
                at("2026-10-02T00:00"), ScheduleException.Kind.EXTRA_DUTY, "国庆值班"))).build();
        assertTrue(admits(rule(Map.of("unscheduled", "off-call", "holidays", "2026-10-01")), duty, "2026-10-01T12:00"));
    }

    @Test
    void a_holiday_the_studio_listed_at_the_desk_reaches_the_rule_in_the_snapshot() {
        Candidate monday = withShifts(new Shift(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        var plain = snapshot(ticket(Category.REPAIR, Urgency.NORMAL, "灯坏了"), at("2026-11-23T09:00"), monday);
        var listed = new RoutingSnapshot(plain.ticket(), plain.resident(), plain.candidates(), plain.now(), plain.zone(),
                plain.quietHours(), Set.of(LocalDate.of(2026, 11, 23)));
        assertTrue(rule(Map.of()).admits(plain, monday));
        assertEquals(false, rule(Map.of()).admits(listed, monday), "2026-11-23 listed as a holiday: no weekly shift");
        var otherDay = new RoutingSnapshot(plain.ticket(), plain.resident(), plain.candidates(), plain.now(), plain.zone(),
                plain.quietHours(), Set.of(LocalDate.of(2026, 11, 24)));
        assertTrue(rule(Map.of()).admits(otherDay, monday));
    }

    @Test
    void shifts_are_read_in_the_configured_zone() {
        Candidate day = withShifts(new Shift(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        // 09:00 in Shanghai is 01:00 UTC: off duty for a studio that keeps its shifts in UTC.
        assertEquals(false, admits(rule(Map.of("zone", "UTC")), day, "2026-11-23T09:00"));
        assertTrue(admits(rule(Map.of("zone", "UTC")), day, "2026-11-23T17:00"));
    }

    @Test
    void volunteers_without_shifts_follow_the_unscheduled_setting() {
        Candidate none = volunteer(1).build();
        assertTrue(admits(rule(Map.of()), none, "2026-11-23T03:00"));
        assertEquals(false, admits(rule(Map.of("unscheduled", "off-call")), none, "2026-11-23T03:00"));
    }

    @Test
    void invalid_settings_are_rejected_with_the_key_named() {
        var e = assertThrows(IllegalArgumentException.class, () -> rule(Map.of("holidays", "2026-13-01")));
        assertTrue(e.getMessage().startsWith("plugin.schedules.holidays"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rule(Map.of("zone", "Mars/Olympus")));
        assertThrows(IllegalArgumentException.class, () -> rule(Map.of("unscheduled", "maybe")));
    }
}
