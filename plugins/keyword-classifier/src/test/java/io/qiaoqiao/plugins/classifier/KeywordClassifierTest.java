package io.qiaoqiao.plugins.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Classifier;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.Urgency;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeywordClassifierTest {
    private final Classifier classifier = new KeywordClassifierPlugin().classifier(PluginSettings.empty("keywords")).orElseThrow();

    @Test
    void broken_tv_remote_is_a_normal_repair() {
        Classification c = classifier.classify("我家电视遥控器坏了，看不了戏曲频道");
        assertEquals(Category.REPAIR, c.category());
        assertEquals(Urgency.NORMAL, c.urgency());
        assertTrue(c.matchedWords().contains("遥控器"));
    }

    @Test
    void paying_the_power_bill_is_an_errand() {
        assertEquals(Category.ERRAND, classifier.classify("帮我交一下这个月的电费").category());
    }

    @Test
    void neighbour_dispute_is_mediation() {
        assertEquals(Category.MEDIATION, classifier.classify("和邻居因为宅基地吵架了").category());
    }

    @Test
    void policy_question_is_advice() {
        assertEquals(Category.ADVICE, classifier.classify("想咨询一下高龄补贴的政策").category());
    }

    @Test
    void fever_with_nobody_home_is_urgent_even_without_a_category_word() {
        Classification c = classifier.classify("老伴发高烧，家里没人");
        assertEquals(Urgency.URGENT, c.urgency());
    }

    @Test
    void empty_and_unmatched_texts_are_unknown_and_normal() {
        assertEquals(Category.UNKNOWN, classifier.classify("").category());
        assertEquals(Category.UNKNOWN, classifier.classify("你好").category());
        assertEquals(Urgency.NORMAL, classifier.classify("你好").urgency());
    }

    @Test
    void word_lists_come_from_settings_when_given() {
        Classifier custom = new KeywordClassifierPlugin()
                .classifier(PluginSettings.of("keywords", Map.of("repair", "锄头", "urgent", "快来")))
                .orElseThrow();
        assertEquals(Category.REPAIR, custom.classify("锄头断了，快来").category());
        assertEquals(Urgency.URGENT, custom.classify("锄头断了，快来").urgency());
        assertEquals(Category.ERRAND, custom.classify("电视坏了 交电费").category(), "other lists keep their defaults");
    }
}
