package io.qiaoqiao.plugins.skills;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ships {@link SkillsRule}. Settings ({@code plugin.skills.*}):
 * {@code words} — {@code word|word:skill; …}, which words in a request need which skill;
 * {@code category.<CATEGORY>} — skills every ticket of that category needs;
 * {@code strict} — when true, volunteers without the skills are filtered out instead of
 * scored lower.
 */
public final class SkillsPlugin implements QiaoqiaoPlugin {
    static final String DEFAULT_WORDS = "电视|遥控器|机顶盒|戏曲频道:tv-repair; 手机|信号|微信|视频通话:phone-repair; "
            + "电路|跳闸|插座|灯泡|漏电|电线:electrician; 存折|银行|社保卡|养老金|医保|认证:bank-papers; "
            + "看病|医院|发烧|血压|药:doctor";

    @Override
    public String id() {
        return "skills";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.of("words", SettingType.STRING, DEFAULT_WORDS, "which request words need which skill: word|word:skill; …"),
                Setting.of("category.<CATEGORY>", SettingType.LIST, "", "skills every ticket of the category needs (MEDIATION: mediation)"),
                Setting.of("strict", SettingType.FLAG, "false", "true: volunteers without the skill are filtered out, not scored lower"));
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        Map<String, String> wordToSkill = new LinkedHashMap<>();
        for (String entry : settings.get("words", DEFAULT_WORDS).split("[;；]")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw settings.invalid("words", "'" + entry.strip() + "' must look like 电视|遥控器:tv-repair");
            }
            String skill = entry.substring(colon + 1).strip();
            for (String word : entry.substring(0, colon).split("\\|")) {
                if (!word.isBlank()) {
                    wordToSkill.put(word.strip(), skill);
                }
            }
        }
        Map<Category, Set<String>> byCategory = new LinkedHashMap<>();
        settings.withPrefix("category.").forEach((name, skills) -> {
            try {
                byCategory.put(Category.valueOf(name.toUpperCase(Locale.ROOT)), Set.copyOf(
                        settings.list("category." + name, "")));
            } catch (IllegalArgumentException e) {
                throw settings.invalid("category." + name, "unknown category; use ERRAND, REPAIR, ADVICE, MEDIATION");
            }
        });
        byCategory.putIfAbsent(Category.MEDIATION, Set.of("mediation"));
        return List.of(new SkillsRule(wordToSkill, byCategory, settings.flag("strict", false)));
    }
}
