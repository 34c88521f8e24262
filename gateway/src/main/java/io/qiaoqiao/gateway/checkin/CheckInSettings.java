package io.qiaoqiao.gateway.checkin;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.DispatchConfig;
import io.qiaoqiao.gateway.recurring.Holidays;
import io.qiaoqiao.gateway.recurring.Occurrences;
import io.qiaoqiao.gateway.recurring.PartOfDay;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleText;
import io.qiaoqiao.plugin.api.QuietHours;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The {@code checkin.*} keys.
 *
 * @param livingAlone {@code checkin.who=living-alone}: everyone living alone is called, not only
 *                    those who asked for it
 * @param schedule    the plan made for a resident living alone ({@code checkin.schedule})
 * @param tries       calls per check-in before it counts as missed
 */
public record CheckInSettings(boolean livingAlone, Schedule schedule, int tries, Duration retryInterval, ZoneId zone,
                              QuietHours quietHours) {

    public static CheckInSettings from(Config config) {
        String who = config.string("checkin.who").strip().toLowerCase(Locale.ROOT);
        if (!who.equals("opted-in") && !who.equals("living-alone")) {
            throw new IllegalArgumentException("checkin.who must be opted-in or living-alone, not " + who);
        }
        Schedule schedule;
        try {
            schedule = ScheduleText.parse(config.string("checkin.schedule"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkin.schedule: " + e.getMessage(), e);
        }
        int tries = config.integer("checkin.tries");
        if (tries < 1 || tries > 10) {
            throw new IllegalArgumentException("checkin.tries must be 1 to 10, not " + tries);
        }
        return new CheckInSettings(who.equals("living-alone"), schedule, tries, config.duration("checkin.retry-interval"),
                config.zone("zone"), DispatchConfig.quietHours(config));
    }

    /** Check-ins fall on holidays too (nobody stops living alone on a holiday), in the morning unless a plan says when. */
    Occurrences occurrences() {
        return new Occurrences(zone, PartOfDay.MORNING.starts(), Holidays.NONE);
    }
}
