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

    /**
     * Declares no settings, so an old {@code plugin.quiet-hours.start} in a config file is reported
     * by the gateway as a key no plugin reads, rather than silently doing nothing.
     */
    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        return List.of(new QuietHoursRule());
    }
}
