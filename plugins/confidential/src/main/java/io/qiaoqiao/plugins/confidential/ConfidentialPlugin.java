package io.qiaoqiao.plugins.confidential;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Ships {@link ConfidentialRule}. Settings ({@code plugin.confidential.*}): {@code words} —
 * words that make a request confidential (default: matchmaking words); {@code categories} —
 * whole categories that are always confidential (default none).
 */
public final class ConfidentialPlugin implements QiaoqiaoPlugin {
    static final String DEFAULT_WORDS = "说媒,做媒,相亲,介绍对象,找对象,婚介,婚事";

    @Override
    public String id() {
        return "confidential";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.of("words", SettingType.LIST, DEFAULT_WORDS, "words that make a request confidential (leaders only, details hidden)"),
                Setting.of("categories", SettingType.LIST, "", "categories that are always confidential, e.g. MEDIATION"));
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        Set<Category> categories = EnumSet.noneOf(Category.class);
        for (String name : settings.list("categories", "")) {
            try {
                categories.add(Category.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw settings.invalid("categories", "unknown category '" + name + "'");
            }
        }
        return List.of(new ConfidentialRule(settings.list("words", DEFAULT_WORDS), categories));
    }
}
