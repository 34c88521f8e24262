package io.qiaoqiao.plugins.example;

import static io.qiaoqiao.plugin.api.PluginTestKit.snapshot;
import static io.qiaoqiao.plugin.api.PluginTestKit.ticket;
import static io.qiaoqiao.plugin.api.PluginTestKit.volunteer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstAidRuleTest {
    private final RoutingRule rule = new FirstAidPlugin().routingRules(PluginSettings.of("first-aid", Map.of())).get(0);
    private final Candidate doctor = volunteer(1).skills("doctor").build();
    private final Candidate driver = volunteer(2).skills("driver").build();

    @Test
    void urgent_tickets_prefer_first_aiders() {
        var s = snapshot(ticket(Category.ERRAND, Urgency.URGENT, "老伴摔倒了"), Instant.EPOCH, doctor, driver);
        assertEquals(100.0, rule.score(s, doctor));
        assertEquals(0.0, rule.score(s, driver));
    }

    @Test
    void normal_tickets_are_left_alone() {
        var s = snapshot(ticket(Category.ERRAND, Urgency.NORMAL, "买米"), Instant.EPOCH, doctor, driver);
        assertEquals(0.0, rule.score(s, doctor));
    }

    @Test
    void an_empty_skill_list_is_rejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new FirstAidPlugin().routingRules(PluginSettings.of("first-aid", Map.of("skills", " , "))));
    }
}
