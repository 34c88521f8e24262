package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.QuietHours;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Dispatch's settings from the gateway configuration: the one quiet-hours definition, deadlines, retries. */
public final class DispatchConfig {
    private DispatchConfig() {
    }

    /** {@code quiet-hours.start} / {@code .end}: routing, calls and broadcasts all read this one definition. */
    public static QuietHours quietHours(Config config) {
        return new QuietHours(LocalTime.parse(config.string("quiet-hours.start")), LocalTime.parse(config.string("quiet-hours.end")));
    }

    public static Dispatcher.Settings dispatcher(Config config) {
        return new Dispatcher.Settings(ZoneId.of(config.string("zone")), quietHours(config), config.duration("routing.retry-after"),
                config.duration("ledger.paired-offer-timeout"));
    }

    public static Deadlines.Settings deadlines(Config config) {
        Map<String, Duration> due = new HashMap<>();
        for (Category category : Category.values()) {
            for (Urgency urgency : Urgency.values()) {
                String key = category.name().toLowerCase(Locale.ROOT) + "." + urgency.name().toLowerCase(Locale.ROOT);
                due.put(key, config.duration("tickets.due." + key));
            }
        }
        return new Deadlines.Settings(due, config.duration("tickets.remind-before"),
                byUrgency(config, "tickets.silent-after."), byUrgency(config, "tickets.chase-wait."));
    }

    private static Map<Urgency, Duration> byUrgency(Config config, String prefix) {
        Map<Urgency, Duration> out = new EnumMap<>(Urgency.class);
        out.put(Urgency.NORMAL, config.duration(prefix + "normal"));
        out.put(Urgency.URGENT, config.duration(prefix + "urgent"));
        return out;
    }
}
