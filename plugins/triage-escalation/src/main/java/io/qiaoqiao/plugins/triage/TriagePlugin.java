package io.qiaoqiao.plugins.triage;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.EscalationPolicy;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import io.qiaoqiao.plugin.api.TriageLevel;
import io.qiaoqiao.plugin.api.Urgency;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ships {@link ThreeLevelTriage}. Settings ({@code plugin.triage.*}):
 * {@code start.<CATEGORY>} — the level a category starts at ({@code private}: with the
 * neighbours, {@code village}: with the group leaders, {@code township}: with the township
 * centre; default private); {@code <step>.<normal|urgent>.<budget|asked|at-once|offer-timeout|ring>}
 * — the numbers of each step ({@code neighbours}, {@code liaison}, {@code village-leaders},
 * {@code village-committee}, {@code township-centre}), see {@link StepDefaults}.
 */
public final class TriagePlugin implements QiaoqiaoPlugin {
    private static final java.util.Set<String> NUMBERS = java.util.Set.of("budget", "asked", "at-once", "offer-timeout", "ring");

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
        for (String step : ThreeLevelTriage.STEPS) {
            for (Urgency urgency : Urgency.values()) {
                StepDefaults d = StepDefaults.of(step, urgency);
                String prefix = step + "." + urgency.name().toLowerCase(Locale.ROOT) + ".";
                String when = urgency.name().toLowerCase(Locale.ROOT) + " requests at the " + step + " step";
                out.add(Setting.of(prefix + "budget", SettingType.DURATION, d.budget().toString(), "how long " + when + " may take in total"));
                out.add(Setting.of(prefix + "asked", SettingType.INTEGER, String.valueOf(d.asked()), "how many are asked at most for " + when));
                out.add(Setting.of(prefix + "at-once", SettingType.INTEGER, String.valueOf(d.atOnce()), "how many are asked at the same time for " + when));
                out.add(Setting.of(prefix + "offer-timeout", SettingType.DURATION, d.offerTimeout().toString(),
                        "how long one person has to answer an offer of " + when));
                out.add(Setting.of(prefix + "ring", SettingType.FLAG, String.valueOf(d.ring()), "whether " + when + " ring as well as text"));
            }
        }
        return out;
    }

    @Override
    public Optional<EscalationPolicy> escalationPolicy(PluginSettings settings) {
        for (String key : settings.values().keySet()) {
            if (!known(key)) {
                throw settings.invalid(key, "no such setting; steps are " + ThreeLevelTriage.STEPS
                        + ", each with normal|urgent and " + NUMBERS + ", and start.<CATEGORY>");
            }
        }
        Map<Urgency, Map<String, StepDefaults>> numbers = new EnumMap<>(Urgency.class);
        for (Urgency urgency : Urgency.values()) {
            Map<String, StepDefaults> byStep = new LinkedHashMap<>();
            for (String step : ThreeLevelTriage.STEPS) {
                byStep.put(step, StepDefaults.from(settings, step, urgency));
            }
            numbers.put(urgency, byStep);
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
        return Optional.of(new ThreeLevelTriage(start, numbers));
    }

    private static boolean known(String key) {
        if (key.startsWith("start.")) {
            return true;
        }
        String[] parts = key.split("\\.");
        return parts.length == 3 && ThreeLevelTriage.STEPS.contains(parts[0])
                && (parts[1].equals("normal") || parts[1].equals("urgent")) && NUMBERS.contains(parts[2]);
    }
}
