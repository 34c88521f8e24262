package io.qiaoqiao.plugins.fairness;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import java.time.Duration;
import java.util.List;

/**
 * Ships {@link LoadRule} and {@link FairnessRule}. Settings ({@code plugin.load-fairness.*}):
 * {@code max-open} — a volunteer with this many unfinished tickets gets no more offers
 * (0: no limit); {@code rest-window} — how long after a service someone counts as "recently
 * served" (ISO-8601, default {@code P14D}).
 */
public final class LoadFairnessPlugin implements QiaoqiaoPlugin {
    @Override
    public String id() {
        return "load-fairness";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        int maxOpen = settings.integer("max-open", 3);
        if (maxOpen < 0) {
            throw settings.invalid("max-open", "must be 0 (no limit) or more");
        }
        Duration rest = settings.duration("rest-window", Duration.ofDays(14));
        if (rest.isNegative() || rest.isZero()) {
            throw settings.invalid("rest-window", "must be positive");
        }
        return List.of(new LoadRule(maxOpen), new FairnessRule(rest));
    }
}
