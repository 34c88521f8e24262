package io.qiaoqiao.plugins.quiet;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import java.time.LocalTime;
import java.util.List;

/**
 * Ships {@link QuietHoursRule}. Settings ({@code plugin.quiet-hours.*}): {@code start}
 * (default 21:00) and {@code end} (default 07:00), local times in the studio's zone; equal
 * times switch quiet hours off.
 */
public final class QuietHoursPlugin implements QiaoqiaoPlugin {
    @Override
    public String id() {
        return "quiet-hours";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        return List.of(new QuietHoursRule(settings.time("start", LocalTime.of(21, 0)),
                settings.time("end", LocalTime.of(7, 0))));
    }
}
