package io.qiaoqiao.plugins.quiet;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.time.LocalTime;
import java.util.List;

/**
 * Ships {@link QuietHoursRule}. Settings ({@code plugin.quiet-hours.*}): {@code start}
 * (default 21:00) and {@code end} (default 07:00), local times in the studio's zone; equal
 * times switch quiet hours off.
 */
public final class QuietHoursPlugin implements QiaoqiaoPlugin {
    private static final String START = "21:00";
    private static final String END = "07:00";

    @Override
    public String id() {
        return "quiet-hours";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.of("start", SettingType.TIME, START, "normal tickets that arrive from this time (studio time) wait"),
                Setting.of("end", SettingType.TIME, END, "until this time; equal to start: no quiet hours"));
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        return List.of(new QuietHoursRule(settings.time("start", LocalTime.parse(START)),
                settings.time("end", LocalTime.parse(END))));
    }
}
