package io.qiaoqiao.plugins.classifier;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Classifier;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in Chinese keyword classifier. Word lists can be replaced per category with
 * {@code plugin.keywords.errand}, {@code .repair}, {@code .advice}, {@code .mediation} and
 * {@code .urgent} (words separated by commas). It reads words only: the hotline's menu keys are
 * fixed by the gateway's voice menu.
 */
public final class KeywordClassifierPlugin implements QiaoqiaoPlugin {
    static final Map<Category, String> DEFAULT_WORDS = new EnumMap<>(Map.of(
            Category.ERRAND, "缴费,交费,电费,水费,话费,医保,社保,养老金,存折,银行,取钱,买,代购,复印,打印,身份证,证明,认证,送,接,看病,医院,挂号,买药,带孩子,照看,视频,联系",
            Category.REPAIR, "坏了,修,维修,遥控器,电视,手机,灯泡,灯,水管,漏水,下水道,堵,电路,跳闸,插座,空调,冰箱,洗衣机,电饭煲,信号",
            Category.ADVICE, "政策,咨询,问问,请教,解释,补贴,怎么办理,介绍,说媒,相亲,代言,反映",
            Category.MEDIATION, "吵架,纠纷,矛盾,邻居,打架,土地,宅基地,分家,赡养,欺负,调解,骗,诈骗"));
    static final String DEFAULT_URGENT = "发烧,高烧,摔倒,摔了,跌倒,晕倒,昏迷,急,救命,着火,火灾,起火,洪水,淹,漏电,触电,煤气,中毒,胸口疼,喘不上气,出血,流血,诈骗,被骗,120";

    @Override
    public String id() {
        return "keywords";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        DEFAULT_WORDS.forEach((category, words) -> out.add(Setting.of(category.name().toLowerCase(java.util.Locale.ROOT),
                SettingType.LIST, words, "words that make a request " + category.name())));
        out.add(Setting.of("urgent", SettingType.LIST, DEFAULT_URGENT, "words that make a request urgent"));
        return out;
    }

    @Override
    public Optional<Classifier> classifier(PluginSettings settings) {
        Map<Category, List<String>> words = new EnumMap<>(Category.class);
        for (Map.Entry<Category, String> entry : DEFAULT_WORDS.entrySet()) {
            String key = entry.getKey().name().toLowerCase(java.util.Locale.ROOT);
            words.put(entry.getKey(), split(settings.get(key, entry.getValue())));
        }
        return Optional.of(new KeywordClassifier(words, split(settings.get("urgent", DEFAULT_URGENT))));
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split("[,，]")).map(String::strip).filter(w -> !w.isEmpty()).toList();
    }
}
