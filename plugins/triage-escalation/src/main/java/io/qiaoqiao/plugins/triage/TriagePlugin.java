package io.qiaoqiao.plugins.triage;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.EscalationPolicy;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import io.qiaoqiao.plugin.api.TriageLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ships {@link ThreeLevelTriage}. Settings ({@code plugin.triage.*}):
 * {@code start.<CATEGORY>} — the level a category starts at ({@code private}, {@code village}
 * or {@code township}; default private); {@code timeout.<step>} — how long each step waits
 * (ISO-8601), for the steps {@code liaison}, {@code village-leaders}, {@code village-committee},
 * {@code township-centre}.
 */
public final class TriagePlugin implements QiaoqiaoPlugin {
    static final Map<String, Duration> DEFAULT_TIMEOUTS = new LinkedHashMap<>();

    static {
        DEFAULT_TIMEOUTS.put(ThreeLevelTriage.LIAISON, Duration.ofMinutes(30));
        DEFAULT_TIMEOUTS.put(ThreeLevelTriage.LEADERS, Duration.ofMinutes(30));
        DEFAULT_TIMEOUTS.put(ThreeLevelTriage.COMMITTEE, Duration.ofHours(2));
        DEFAULT_TIMEOUTS.put(ThreeLevelTriage.TOWNSHIP, Duration.ofHours(24));
    }

    @Override
    public String id() {
        return "triage";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        out.add(Setting.of("start.<CATEGORY>", SettingType.STRING, "", "the level a category starts at: private (default), village or township"));
        DEFAULT_TIMEOUTS.forEach((step, wait) -> out.add(Setting.of("timeout." + step, SettingType.DURATION, wait.toString(),
                "how long the " + step + " step waits before the next")));
        return out;
    }

    @Override
    public Optional<EscalationPolicy> escalationPolicy(PluginSettings settings) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        DEFAULT_TIMEOUTS.forEach((step, fallback) -> {
            Duration d = settings.duration("timeout." + step, fallback);
            if (d.isNegative() || d.isZero()) {
                throw settings.invalid("timeout." + step, "must be positive");
            }
            timeouts.put(step, d);
        });
        for (String key : settings.withPrefix("timeout.").keySet()) {
            if (!DEFAULT_TIMEOUTS.containsKey(key)) {
                throw settings.invalid("timeout." + key, "no such step; steps are " + DEFAULT_TIMEOUTS.keySet());
            }
        }
        Map<Category, TriageLevel> start = new EnumMap<>(Category.class);
        settings.withPrefix("start.").forEach((category, level) -> {
            try {
                start.put(Category.valueOf(category.toUpperCase(Locale.ROOT)), TriageLevel.valueOf(level.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw settings.invalid("start." + category, "needs a category (ERRAND, REPAIR, ADVICE, MEDIATION, UNKNOWN)"
                        + " and a level (private, village, township), got '" + level + "'");
            }
        });
        return Optional.of(new ThreeLevelTriage(start, timeouts));
    }
}
