package io.qiaoqiao.plugins.quiet;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import java.util.List;

/**
 * Ships {@link QuietHoursRule}. It has no settings of its own: the hours are the gateway's
 * {@code quiet-hours.start} and {@code quiet-hours.end}, the same ones rating calls and
 * broadcasts keep. Disable the plugin ({@code plugins.disabled=quiet-hours}) to offer normal
 * requests at night too.
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
        if (!settings.values().isEmpty()) {
            throw settings.invalid(settings.values().keySet().iterator().next(),
                    "the quiet-hours plugin has no settings: quiet hours are quiet-hours.start and quiet-hours.end");
        }
        return List.of(new QuietHoursRule());
    }
}
