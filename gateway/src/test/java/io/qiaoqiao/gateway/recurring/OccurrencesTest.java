package io.qiaoqiao.gateway.recurring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Occurrences in the studio's calendar: month ends, leap years, weeks, holidays; expected dates written out by hand. */
class OccurrencesTest {
    private static final ZoneId STUDIO = ZoneId.of("Asia/Shanghai");
    private static final LocalTime NINE = LocalTime.of(9, 0);
    private final Occurrences plain = new Occurrences(STUDIO, NINE, Holidays.NONE);

    private static Instant at(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(STUDIO).toInstant();
    }

    private static List<String> opening(Occurrences occurrences, Schedule schedule, LocalDate anchor, Instant now, int count) {
        List<String> out = new ArrayList<>();
        Occurrence o = occurrences.first(schedule, anchor, now);
        for (int i = 0; i < count; i++) {
            out.add(o.opensOn().map(LocalDate::toString).orElse("skip " + o.nominal()));
            o = occurrences.after(schedule, anchor, o);
        }
        return out;
    }

    @Test
    void the_31st_falls_on_each_month_s_last_day() {
        Schedule bill = ScheduleText.parse("每月31日");
        assertEquals(List.of("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"),
                opening(plain, bill, LocalDate.parse("2027-01-10"), at("2027-01-10T10:00"), 4));
        assertEquals(List.of("2028-02-29", "2028-03-31"), opening(plain, bill, LocalDate.parse("2028-02-01"), at("2028-02-01T10:00"), 2),
                "a leap year's February");
    }

    @Test
    void the_5th_at_the_default_hour_today_when_it_is_still_to_come_else_next_month() {
        Schedule bill = ScheduleText.parse("每月5日");
        Occurrence early = plain.first(bill, LocalDate.parse("2027-03-05"), at("2027-03-05T08:00"));
        assertEquals(at("2027-03-05T09:00"), early.at());
        Occurrence late = plain.first(bill, LocalDate.parse("2027-03-05"), at("2027-03-05T09:30"));
        assertEquals(at("2027-04-05T09:00"), late.at());
    }

    @Test
    void weekly_and_every_two_weeks_at_their_part_of_the_day() {
        Schedule shopping = ScheduleText.parse("每周二上午");
        Occurrence first = plain.first(shopping, LocalDate.parse("2027-03-03"), at("2027-03-03T12:00"));
        assertEquals(at("2027-03-09T09:00"), first.at(), "2027-03-03 is a Wednesday: the next Tuesday morning");
        assertEquals(at("2027-03-16T09:00"), plain.after(shopping, LocalDate.parse("2027-03-03"), first).at());

        Schedule visit = ScheduleText.parse("每两周下午");
        assertEquals(List.of("2027-03-03", "2027-03-17", "2027-03-31"),
                opening(plain, visit, LocalDate.parse("2027-03-03"), at("2027-03-03T10:00"), 3), "counted from the day it began");
        assertEquals(at("2027-03-03T14:30"), plain.first(visit, LocalDate.parse("2027-03-03"), at("2027-03-03T10:00")).at());
        Schedule onWednesdays = ScheduleText.parse("每两周周三");
        assertEquals(List.of("2027-03-10", "2027-03-24"),
                opening(plain, onWednesdays, LocalDate.parse("2027-03-08"), at("2027-03-08T10:00"), 2));
    }

    @Test
    void a_holiday_moves_the_work_to_the_next_working_day_without_piling_up_a_daily_item() {
        Holidays national = Holidays.parse(List.of("2027-10-01..2027-10-07"), Holidays.Rule.AFTER);
        Occurrences after = new Occurrences(STUDIO, NINE, national);
        assertEquals(List.of("2027-10-08", "2027-11-05"),
                opening(after, ScheduleText.parse("每月5日"), LocalDate.parse("2027-09-20"), at("2027-09-20T10:00"), 2));
        List<String> daily = opening(after, ScheduleText.parse("每天"), LocalDate.parse("2027-09-30"), at("2027-09-30T08:00"), 9);
        assertEquals(List.of("2027-09-30", "skip 2027-10-01", "skip 2027-10-02", "skip 2027-10-03", "skip 2027-10-04",
                "skip 2027-10-05", "skip 2027-10-06", "skip 2027-10-07", "2027-10-08"), daily);
    }

    @Test
    void a_holiday_can_skip_or_move_the_work_before_it_and_every_skip_is_returned_with_its_reason() {
        Holidays skip = Holidays.parse(List.of("2027-10-05"), Holidays.Rule.SKIP);
        Occurrence o = new Occurrences(STUDIO, NINE, skip).first(ScheduleText.parse("每月5日"), LocalDate.parse("2027-09-20"),
                at("2027-10-01T10:00"));
        assertTrue(o.skipped());
        assertEquals(LocalDate.parse("2027-10-05"), o.nominal());
        assertEquals("holiday", o.reason());

        Holidays before = Holidays.parse(List.of("2027-10-01..2027-10-07"), Holidays.Rule.BEFORE);
        assertEquals(List.of("2027-09-30", "2027-11-05"), opening(new Occurrences(STUDIO, NINE, before), ScheduleText.parse("每月5日"),
                LocalDate.parse("2027-09-20"), at("2027-09-20T10:00"), 2));
        Occurrence kept = new Occurrences(STUDIO, NINE, Holidays.parse(List.of("2027-10-05"), Holidays.Rule.KEEP))
                .first(ScheduleText.parse("每月5日"), LocalDate.parse("2027-09-20"), at("2027-10-01T10:00"));
        assertEquals(Optional.of(LocalDate.parse("2027-10-05")), kept.opensOn());
    }
}
