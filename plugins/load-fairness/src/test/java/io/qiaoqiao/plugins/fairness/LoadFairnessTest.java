package io.qiaoqiao.plugins.fairness;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadFairnessTest {
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    private static List<RoutingRule> rules(Map<String, String> settings) {
        return new LoadFairnessPlugin().routingRules(PluginSettings.of("load-fairness", settings));
    }

    private static RoutingSnapshot snap(Urgency urgency, Candidate... candidates) {
        return snapshot(ticket(Category.ERRAND, urgency, "买米"), NOW, candidates);
    }

    @Test
    void fewer_open_tickets_score_higher_and_the_limit_filters_normal_tickets_only() {
        RoutingRule load = rules(Map.of("max-open", "2")).get(0);
        Candidate idle = volunteer(1).build();
        Candidate busy = volunteer(2).openTickets(2).build();
        RoutingSnapshot normal = snap(Urgency.NORMAL, idle, busy);
        assertEquals(100.0, load.score(normal, idle));
        assertEquals(100.0 / 3, load.score(normal, busy), 1e-9);
        assertEquals(false, load.admits(normal, busy));
        assertTrue(load.admits(snap(Urgency.URGENT, idle, busy), busy));
        assertTrue(rules(Map.of("max-open", "0")).get(0).admits(normal, busy), "0 means no limit");
    }

    @Test
    void those_who_served_least_recently_and_earned_least_score_higher() {
        RoutingRule fairness = rules(Map.of()).get(1);
        Candidate never = volunteer(1).build();
        Candidate yesterday = volunteer(2).lastServed(NOW.minus(Duration.ofDays(1))).points(4).build();
        Candidate weekAgo = volunteer(3).lastServed(NOW.minus(Duration.ofDays(7))).points(2).build();
        RoutingSnapshot s = snap(Urgency.NORMAL, never, yesterday, weekAgo);
        assertEquals(100.0, fairness.score(s, never));
        assertEquals(50.0 / 14, fairness.score(s, yesterday), 1e-9);
        assertEquals(25.0 + 25.0, fairness.score(s, weekAgo), 1e-9);
    }

    @Test
    void equal_volunteers_tie_and_a_lone_candidate_gets_full_marks() {
        RoutingRule fairness = rules(Map.of()).get(1);
        Candidate a = volunteer(1).points(3).build();
        Candidate b = volunteer(2).points(3).build();
        RoutingSnapshot s = snap(Urgency.NORMAL, a, b);
        // Neither has served (full rest: 50) and both have the most points of the snapshot (none of the other 50).
        assertEquals(50.0, fairness.score(s, a));
        assertEquals(50.0, fairness.score(s, b));
        assertEquals(100.0, fairness.score(snap(Urgency.NORMAL, volunteer(9).build()), volunteer(9).build()));
    }

    @Test
    void bad_settings_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> rules(Map.of("max-open", "-1")));
        assertThrows(IllegalArgumentException.class, () -> rules(Map.of("rest-window", "two weeks")));
    }
}
