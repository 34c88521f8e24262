package io.qiaoqiao.plugins.fairness;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.time.Duration;
import java.util.List;

/**
 * Ships {@link LoadRule} and {@link FairnessRule}. Settings ({@code plugin.load-fairness.*}):
 * {@code max-open} — a volunteer with this many unfinished tickets gets no more offers
 * (0: no limit); {@code rest-window} — how long after a service someone counts as "recently
 * served" (ISO-8601, default {@code P14D}).
 */
public final class LoadFairnessPlugin implements QiaoqiaoPlugin {
    private static final int MAX_OPEN = 3;
    private static final String REST_WINDOW = "P14D";

    @Override
    public String id() {
        return "load-fairness";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.of("max-open", SettingType.INTEGER, String.valueOf(MAX_OPEN), "no more normal offers to a volunteer with this many open tickets (0: no limit)"),
                Setting.of("rest-window", SettingType.DURATION, REST_WINDOW, "how long after a service a volunteer counts as recently served"));
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        int maxOpen = settings.integer("max-open", MAX_OPEN);
        if (maxOpen < 0) {
            throw settings.invalid("max-open", "must be 0 (no limit) or more");
        }
        Duration rest = settings.duration("rest-window", Duration.parse(REST_WINDOW));
        if (rest.isNegative() || rest.isZero()) {
            throw settings.invalid("rest-window", "must be positive");
        }
        return List.of(new LoadRule(maxOpen), new FairnessRule(rest));
    }
}
