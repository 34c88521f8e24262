package io.qiaoqiao.plugins.proximity;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import java.util.List;

/** Ships {@link ProximityRule}. */
public final class ProximityPlugin implements QiaoqiaoPlugin {
    @Override
    public String id() {
        return "proximity";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        return List.of(new ProximityRule());
    }
}
