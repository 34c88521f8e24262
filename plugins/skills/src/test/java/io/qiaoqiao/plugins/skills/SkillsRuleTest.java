package io.qiaoqiao.plugins.skills;

import static io.qiaoqiao.plugin.api.PluginTestKit.snapshot;
import static io.qiaoqiao.plugin.api.PluginTestKit.ticket;
import static io.qiaoqiao.plugin.api.PluginTestKit.volunteer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SkillsRuleTest {
    private static final Candidate TV = volunteer(1).skills("tv-repair", "electrician").build();
    private static final Candidate BANK = volunteer(2).skills("bank-papers").build();
    private static final Candidate NONE = volunteer(3).build();

    private static SkillsRule rule(Map<String, String> settings) {
        return (SkillsRule) new SkillsPlugin().routingRules(PluginSettings.of("skills", settings)).get(0);
    }

    private static RoutingSnapshot request(Category category, String text) {
        return snapshot(ticket(category, Urgency.NORMAL, text), Instant.EPOCH, TV, BANK, NONE);
    }

    @Test
    void words_in_the_request_decide_the_skill() {
        RoutingSnapshot s = request(Category.REPAIR, "我家电视遥控器坏了");
        assertEquals(Set.of("tv-repair"), rule(Map.of()).needed(s));
        assertEquals(100.0, rule(Map.of()).score(s, TV));
        assertEquals(0.0, rule(Map.of()).score(s, BANK));
    }

    @Test
    void two_needed_skills_score_the_share_a_volunteer_has() {
        RoutingSnapshot s = request(Category.ERRAND, "帮我去银行取存折，顺便看看插座");
        assertEquals(Set.of("bank-papers", "electrician"), rule(Map.of()).needed(s));
        assertEquals(50.0, rule(Map.of()).score(s, TV));
        assertEquals(50.0, rule(Map.of()).score(s, BANK), "a tie: the engine's tie-break decides");
    }

    @Test
    void mediation_needs_a_mediator_by_category() {
        RoutingSnapshot s = request(Category.MEDIATION, "和邻居吵架了");
        assertEquals(Set.of("mediation"), rule(Map.of()).needed(s));
    }

    @Test
    void nothing_special_scores_nobody() {
        RoutingSnapshot s = request(Category.ERRAND, "帮我买点米");
        assertTrue(rule(Map.of()).needed(s).isEmpty());
        assertEquals(0.0, rule(Map.of()).score(s, TV));
        assertTrue(rule(Map.of("strict", "true")).admits(s, NONE));
    }

    @Test
    void strict_mode_filters_and_settings_replace_the_word_lists() {
        RoutingRule strict = rule(Map.of("strict", "true", "words", "水管|漏水:plumber", "category.REPAIR", "handy"));
        RoutingSnapshot s = request(Category.REPAIR, "水管漏水");
        assertEquals(false, strict.admits(s, TV));
        assertTrue(strict.admits(s, volunteer(4).skills("plumber", "handy").build()));
    }

    @Test
    void malformed_settings_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> rule(Map.of("words", "电视")));
        assertThrows(IllegalArgumentException.class, () -> rule(Map.of("category.FISHING", "x")));
        assertThrows(IllegalArgumentException.class, () -> rule(Map.of("strict", "perhaps")));
    }
}
