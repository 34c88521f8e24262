package io.qiaoqiao.gateway.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The studio hour gateways in tests run at. With {@code -Dqiaoqiao.test.studio-time=23:30}
 * (Maven: {@code -Dstudio.time=23:30}) every gateway a test starts without pinning its own
 * time, in-process or child process, gets one {@code clock.offset}, computed once when the
 * suite first needs it, so that its clock read 23:30 in Asia/Shanghai then. Without the
 * property the offset is zero: gateways run at the real hour, whatever it is.
 *
 * <p>A test whose subject is tied to an hour (quiet hours, night shifts, or a normal request
 * being offered at once, which only happens outside quiet hours) pins it with
 * {@link #pinnedAt} and says why.
 */
public final class StudioTime {
    /** The studio's zone, as the tests' rosters and the default {@code zone} key have it. */
    public static final ZoneId STUDIO = ZoneId.of("Asia/Shanghai");
    /** The system property that sets the suite's studio time, e.g. {@code 23:30}. */
    public static final String PROPERTY = "qiaoqiao.test.studio-time";

    /**
     * The system property {@code NodeProcess} reads for the {@code clock.offset} of nodes
     * whose settings name none (the benchmark's, which GatewayScaleOutTest starts): that code
     * cannot see this class.
     */
    public static final String NODE_OFFSET_PROPERTY = "qiaoqiao.nodes.clock-offset";

    private static final Duration SUITE = suiteOffset(System.getProperty(PROPERTY, ""));

    private StudioTime() {
    }

    private static Duration suiteOffset(String studioTime) {
        Duration offset = studioTime.isBlank() ? Duration.ZERO : offsetTo(LocalTime.parse(studioTime.strip()));
        System.setProperty(NODE_OFFSET_PROPERTY, offset.toString());
        return offset;
    }

    /** The {@code clock.offset} of every gateway that does not pin its time. */
    public static Duration suiteOffset() {
        return SUITE;
    }

    /**
     * The offset that makes a clock read {@code local} in the studio now, or rather the next
     * time it comes (so that a timer computed from it is due in real time as far ahead as it
     * would be at that hour).
     */
    public static Duration offsetTo(LocalTime local) {
        ZonedDateTime now = ZonedDateTime.now(STUDIO);
        ZonedDateTime target = now.with(local);
        if (target.isBefore(now)) {
            target = target.plusDays(1);
        }
        // Whole seconds: the offset shows in logs and child processes' environments.
        return Duration.between(now, target).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The next {@code day} at {@code local} in the studio, in a year that is not a leap year (a
     * test about month ends writes February's 28 days out by hand).
     */
    public static LocalDateTime nextInCommonYear(MonthDay day, LocalTime local) {
        ZonedDateTime now = ZonedDateTime.now(STUDIO);
        int y = now.getYear();
        while (Year.isLeap(y) || !day.atYear(y).atTime(local).atZone(STUDIO).isAfter(now)) {
            y++;
        }
        return day.atYear(y).atTime(local);
    }

    /** The {@code clock.offset} that makes a clock read {@code studio} (a date and time in the studio) now, in whole seconds. */
    public static Duration offsetTo(LocalDateTime studio) {
        return Duration.ofSeconds(Duration.between(Instant.now(), studio.atZone(STUDIO).toInstant()).toSeconds());
    }

    /** Settings that pin a gateway's clock to {@code local} studio time now. */
    public static Map<String, String> pinnedAt(LocalTime local) {
        return Map.of("clock.offset", offsetTo(local).toString());
    }

    /** {@code settings} with the suite's {@code clock.offset}, unless they pin one. */
    public static Map<String, String> withSuiteClock(Map<String, String> settings) {
        if (settings.containsKey("clock.offset")) {
            return settings;
        }
        Map<String, String> out = new java.util.HashMap<>(settings);
        out.put("clock.offset", SUITE.toString());
        return out;
    }
}
