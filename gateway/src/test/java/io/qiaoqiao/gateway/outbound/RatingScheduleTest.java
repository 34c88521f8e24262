package io.qiaoqiao.gateway.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RatingScheduleTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final RatingSchedule schedule = new RatingSchedule(new QuietHours(LocalTime.of(21, 0), LocalTime.of(7, 0)),
            SHANGHAI, Duration.ofHours(1));

    @Test
    void a_call_due_outside_quiet_hours_rings_when_it_is_due() {
        Instant afternoon = Instant.parse("2026-11-23T06:00:00Z"); // 14:00 in Shanghai
        assertEquals(afternoon, schedule.due(afternoon, 17));
    }

    @Test
    void calls_held_back_by_quiet_hours_land_spread_over_the_hour_after_seven_each_always_at_the_same_place() {
        Instant night = Instant.parse("2026-11-23T14:30:00Z"); // 22:30 in Shanghai
        Instant seven = Instant.parse("2026-11-23T23:00:00Z"); // 07:00 the next morning
        TreeSet<Instant> due = new TreeSet<>();
        for (long ticket = 1; ticket <= 20; ticket++) {
            Instant at = schedule.due(night, ticket);
            assertTrue(!at.isBefore(seven) && at.isBefore(seven.plus(Duration.ofHours(1))), "ticket " + ticket + ": " + at);
            assertEquals(at, schedule.due(night.plusSeconds(60), ticket), "another node, or a retry, computes the same place");
            due.add(at);
        }
        assertEquals(20, due.size());
        // Twenty calls over sixty minutes: no ten-minute stretch of the hour holds more than six of them.
        for (int minute = 0; minute < 60; minute++) {
            Instant from = seven.plus(Duration.ofMinutes(minute));
            assertTrue(due.subSet(from, from.plus(Duration.ofMinutes(10))).size() <= 6, "a wave at 07:" + minute + ": " + due);
        }
    }

    @Test
    void without_a_spread_they_ring_at_the_end_of_quiet_hours() {
        RatingSchedule none = new RatingSchedule(new QuietHours(LocalTime.of(21, 0), LocalTime.of(7, 0)), SHANGHAI, Duration.ZERO);
        assertEquals(Instant.parse("2026-11-23T23:00:00Z"), none.due(Instant.parse("2026-11-23T14:30:00Z"), 5));
    }
}
