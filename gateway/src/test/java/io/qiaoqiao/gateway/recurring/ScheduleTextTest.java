package io.qiaoqiao.gateway.recurring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ledgers' words for schedules read into the structure written out by hand here, and back. */
class ScheduleTextTest {

    @Test
    void a_day_of_the_month_in_any_numerals() {
        assertEquals(new Schedule.MonthlyOn(5, TimeOfDay.UNSET), ScheduleText.parse("每月5日"));
        assertEquals(new Schedule.MonthlyOn(5, TimeOfDay.UNSET), ScheduleText.parse("每月５号"));
        assertEquals(new Schedule.MonthlyOn(15, TimeOfDay.UNSET), ScheduleText.parse("每个月十五号"));
        assertEquals(new Schedule.MonthlyOn(21, TimeOfDay.of(PartOfDay.MORNING)), ScheduleText.parse("每月二十一日上午"));
        assertEquals(new Schedule.MonthlyOn(31, TimeOfDay.UNSET), ScheduleText.parse("每月31日"));
        assertEquals(new Schedule.MonthlyOn(31, TimeOfDay.UNSET), ScheduleText.parse("每月底"));
        assertEquals(new Schedule.MonthlyOn(10, TimeOfDay.UNSET), ScheduleText.parse("每月 十 日"));
    }

    @Test
    void days_of_the_week_with_a_part_of_the_day_or_a_clock_time() {
        assertEquals(new Schedule.Weekly(Set.of(DayOfWeek.TUESDAY), TimeOfDay.of(PartOfDay.MORNING)), ScheduleText.parse("每周二上午"));
        assertEquals(new Schedule.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY), TimeOfDay.UNSET),
                ScheduleText.parse("每周一、三、五"));
        assertEquals(new Schedule.Weekly(Set.of(DayOfWeek.TUESDAY, DayOfWeek.FRIDAY),
                        new TimeOfDay(Optional.of(PartOfDay.AFTERNOON), Optional.of(LocalTime.of(15, 0)))),
                ScheduleText.parse("每星期二和周五下午3点"));
        assertEquals(new Schedule.Weekly(Set.of(DayOfWeek.SUNDAY), TimeOfDay.at(LocalTime.of(9, 30))), ScheduleText.parse("每周日 9:30"));
        assertEquals(new Schedule.Weekly(Set.of(DayOfWeek.SATURDAY), TimeOfDay.at(LocalTime.of(8, 30))), ScheduleText.parse("每礼拜六8点半"));
        assertEquals(new Schedule.Weekly(EnumSet.allOf(DayOfWeek.class), TimeOfDay.of(PartOfDay.MORNING)), ScheduleText.parse("每天上午"));
    }

    @Test
    void every_few_weeks() {
        assertEquals(new Schedule.EveryWeeks(2, Optional.empty(), TimeOfDay.UNSET), ScheduleText.parse("每两周"));
        assertEquals(new Schedule.EveryWeeks(2, Optional.empty(), TimeOfDay.UNSET), ScheduleText.parse("每两周一次"));
        assertEquals(new Schedule.EveryWeeks(2, Optional.of(DayOfWeek.WEDNESDAY), TimeOfDay.UNSET), ScheduleText.parse("每隔一周周三"));
        assertEquals(new Schedule.EveryWeeks(2, Optional.empty(), TimeOfDay.of(PartOfDay.AFTERNOON)), ScheduleText.parse("隔周下午"));
        assertEquals(new Schedule.EveryWeeks(3, Optional.of(DayOfWeek.THURSDAY), TimeOfDay.UNSET), ScheduleText.parse("每3周的周四"));
        assertEquals(new Schedule.EveryWeeks(1, Optional.empty(), TimeOfDay.UNSET), ScheduleText.parse("每周"));
    }

    @Test
    void words_the_ledger_does_not_know_are_refused_with_the_forms_it_does() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScheduleText.parse("有空就去"));
        assertTrue(e.getMessage().contains("每月5日"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScheduleText.parse("每月32日"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleText.parse(""));
    }

    @Test
    void schedules_are_written_back_in_one_form() {
        assertEquals("每月5日", ScheduleText.words(ScheduleText.parse("每月５号")));
        assertEquals("每周二上午", ScheduleText.words(ScheduleText.parse("每星期二上午")));
        assertEquals("每周一、三、五", ScheduleText.words(ScheduleText.parse("每周五、一、三")));
        assertEquals("每天", ScheduleText.words(ScheduleText.parse("天天")));
        assertEquals("每两周", ScheduleText.words(ScheduleText.parse("每隔一周")));
        assertEquals("每两周周三", ScheduleText.words(ScheduleText.parse("每两周的周三")));
        assertEquals("每周二、五 15:00", ScheduleText.words(ScheduleText.parse("每周二和周五下午3点")));
    }

    @Test
    void the_structured_form_round_trips() {
        for (String words : new String[] {"每月31日", "每周二上午", "每两周周三", "每天 9:30", "每周"}) {
            Schedule schedule = ScheduleText.parse(words);
            assertEquals(schedule, ScheduleJson.from(ScheduleJson.of(schedule)), words);
        }
        assertEquals("{\"kind\":\"weekly\",\"days\":[\"tuesday\"],\"part\":\"morning\"}",
                ScheduleJson.of(ScheduleText.parse("每周二上午")).encode());
    }
}
