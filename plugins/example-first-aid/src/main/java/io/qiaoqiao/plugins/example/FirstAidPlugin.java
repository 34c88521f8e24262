package io.qiaoqiao.plugins.example;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.util.List;

/**
 * The example of {@code plugins/README.md}: one rule, one setting
 * ({@code plugin.first-aid.skills}, default {@code doctor,first-aid}).
 */
public final class FirstAidPlugin implements QiaoqiaoPlugin {
    private static final String SKILLS = "doctor,first-aid";

    @Override
    public String id() {
        return "first-aid";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.of("skills", SettingType.LIST, SKILLS, "skills that make a volunteer a first aider"));
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        List<String> skills = settings.list("skills", SKILLS);
        if (skills.isEmpty()) {
            throw settings.invalid("skills", "name at least one skill");
        }
        return List.of(new FirstAidRule(skills));
    }
}
