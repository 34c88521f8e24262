package io.qiaoqiao.plugins.example;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import java.util.List;

/**
 * The example of {@code plugins/README.md}: one rule, one setting
 * ({@code plugin.first-aid.skills}, default {@code doctor,first-aid}).
 */
public final class FirstAidPlugin implements QiaoqiaoPlugin {
    @Override
    public String id() {
        return "first-aid";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        List<String> skills = settings.list("skills", "doctor,first-aid");
        if (skills.isEmpty()) {
            throw settings.invalid("skills", "name at least one skill");
        }
        return List.of(new FirstAidRule(skills));
    }
}
