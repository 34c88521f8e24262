package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.gateway.config.Config;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatingQuietHoursTest {
    private final QuietHours quiet = QuietHours.from(Config.of(Map.of()));

    @Test
    void defaultQuietHoursRunFromNineAtNightToEightInTheMorningShanghaiTime() {
        assertEquals(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("Asia/Shanghai")), quiet);
        assertFalse(quiet.isQuiet(Instant.parse("2026-11-23T12:59:00Z")), "20:59 local");
        assertTrue(quiet.isQuiet(Instant.parse("2026-11-23T13:00:00Z")), "21:00 local");
        assertTrue(quiet.isQuiet(Instant.parse("2026-11-23T23:59:00Z")), "07:59 local");
        assertFalse(quiet.isQuiet(Instant.parse("2026-11-24T00:00:00Z")), "08:00 local");
    }

    @Test
    void ratingCallDueAtNightWaitsForEightInTheMorning() {
        assertEquals(Instant.parse("2026-11-24T00:00:00Z"), quiet.nextAllowed(Instant.parse("2026-11-23T14:30:00Z")));
        assertEquals(Instant.parse("2026-11-24T00:00:00Z"), quiet.nextAllowed(Instant.parse("2026-11-23T18:30:00Z")));
        Instant afternoon = Instant.parse("2026-11-23T06:00:00Z");
        assertEquals(afternoon, quiet.nextAllowed(afternoon));
    }
}
