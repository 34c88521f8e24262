package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.DispatchConfig;
import io.qiaoqiao.plugin.api.QuietHours;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatingQuietHoursTest {
    private final QuietHours quiet = DispatchConfig.quietHours(Config.of(Map.of()));
    private final ZoneId zone = ZoneId.of("Asia/Shanghai");

    @Test
    void defaultQuietHoursRunFromNineAtNightToSevenInTheMorningShanghaiTime() {
        assertEquals(new QuietHours(LocalTime.of(21, 0), LocalTime.of(7, 0)), quiet);
        assertFalse(quiet.isQuiet(Instant.parse("2026-11-23T12:59:00Z"), zone), "20:59 local");
        assertTrue(quiet.isQuiet(Instant.parse("2026-11-23T13:00:00Z"), zone), "21:00 local");
        assertTrue(quiet.isQuiet(Instant.parse("2026-11-23T22:59:00Z"), zone), "06:59 local");
        assertFalse(quiet.isQuiet(Instant.parse("2026-11-23T23:00:00Z"), zone), "07:00 local");
    }

    @Test
    void ratingCallDueAtNightWaitsForSevenInTheMorning() {
        assertEquals(Instant.parse("2026-11-23T23:00:00Z"), quiet.nextAllowed(Instant.parse("2026-11-23T14:30:00Z"), zone));
        assertEquals(Instant.parse("2026-11-23T23:00:00Z"), quiet.nextAllowed(Instant.parse("2026-11-23T18:30:00Z"), zone));
        Instant afternoon = Instant.parse("2026-11-23T06:00:00Z");
        assertEquals(afternoon, quiet.nextAllowed(afternoon, zone));
    }
}
