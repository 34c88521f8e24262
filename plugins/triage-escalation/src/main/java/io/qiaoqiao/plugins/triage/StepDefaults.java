package io.qiaoqiao.plugins.triage;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Duration;
import java.util.Locale;

/**
 * The numbers of one step for one urgency, with the defaults that match the source reports: a
 * normal request reaches its group leaders within 30 minutes (neighbours 20, liaison 10), an
 * urgent one rings a leader within 10 (neighbours 6, three at a time, liaison 3). Each number is
 * a setting {@code plugin.triage.<step>.<urgency>.<name>}: {@code budget}, {@code asked},
 * {@code at-once}, {@code offer-timeout} (ISO-8601 durations and whole numbers) and {@code ring}.
 */
record StepDefaults(Duration budget, int asked, int atOnce, Duration offerTimeout, boolean ring) {

    static StepDefaults of(String step, Urgency urgency) {
        boolean urgent = urgency == Urgency.URGENT;
        return switch (step) {
            case ThreeLevelTriage.NEIGHBOURS -> urgent
                    ? new StepDefaults(Duration.ofMinutes(6), 6, 3, Duration.ofMinutes(3), false)
                    : new StepDefaults(Duration.ofMinutes(20), 2, 1, Duration.ofMinutes(10), false);
            case ThreeLevelTriage.LIAISON -> urgent
                    ? new StepDefaults(Duration.ofMinutes(3), 3, 3, Duration.ofMinutes(3), false)
                    : new StepDefaults(Duration.ofMinutes(10), 3, 3, Duration.ofMinutes(10), false);
            case ThreeLevelTriage.LEADERS -> urgent
                    ? new StepDefaults(Duration.ofMinutes(10), 10, 10, Duration.ofMinutes(10), true)
                    : new StepDefaults(Duration.ofHours(1), 10, 10, Duration.ofHours(1), false);
            case ThreeLevelTriage.COMMITTEE -> urgent
                    ? new StepDefaults(Duration.ofMinutes(20), 1, 1, Duration.ofMinutes(20), true)
                    : new StepDefaults(Duration.ofHours(2), 1, 1, Duration.ofHours(2), false);
            case ThreeLevelTriage.TOWNSHIP -> urgent
                    ? new StepDefaults(Duration.ofHours(2), 1, 1, Duration.ofHours(2), true)
                    : new StepDefaults(Duration.ofDays(1), 1, 1, Duration.ofDays(1), false);
            default -> throw new IllegalArgumentException("no step " + step);
        };
    }

    /** The defaults with the plugin's settings for this step and urgency laid over them. */
    static StepDefaults from(PluginSettings settings, String step, Urgency urgency) {
        StepDefaults d = of(step, urgency);
        String prefix = step + "." + urgency.name().toLowerCase(Locale.ROOT) + ".";
        StepDefaults s = new StepDefaults(settings.duration(prefix + "budget", d.budget()),
                settings.integer(prefix + "asked", d.asked()), settings.integer(prefix + "at-once", d.atOnce()),
                settings.duration(prefix + "offer-timeout", d.offerTimeout()), settings.flag(prefix + "ring", d.ring()));
        if (s.budget().isNegative() || s.budget().isZero()) {
            throw settings.invalid(prefix + "budget", "must be positive");
        }
        if (s.offerTimeout().isNegative() || s.offerTimeout().isZero()) {
            throw settings.invalid(prefix + "offer-timeout", "must be positive");
        }
        if (s.asked() < 1 || s.atOnce() < 1) {
            throw settings.invalid(prefix + (s.asked() < 1 ? "asked" : "at-once"), "must be at least 1");
        }
        return s;
    }
}
