package io.qiaoqiao.plugins.confidential;

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
import io.qiaoqiao.plugin.api.TicketView;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfidentialRuleTest {
    private static final Candidate LEADER = volunteer(1).leader().build();
    private static final Candidate MEMBER = volunteer(2).build();

    private static RoutingRule rule(Map<String, String> settings) {
        return new ConfidentialPlugin().routingRules(PluginSettings.of("confidential", settings)).get(0);
    }

    private static RoutingSnapshot snap(TicketView t) {
        return snapshot(t, Instant.EPOCH, LEADER, MEMBER);
    }

    @Test
    void matchmaking_goes_to_leaders_only() {
        RoutingSnapshot s = snap(ticket(Category.ADVICE, Urgency.NORMAL, "想请人给我孙子说媒"));
        assertTrue(rule(Map.of()).confidential(s));
        assertTrue(rule(Map.of()).admits(s, LEADER));
        assertEquals(false, rule(Map.of()).admits(s, MEMBER));
    }

    @Test
    void ordinary_requests_are_open_to_everyone() {
        RoutingSnapshot s = snap(ticket(Category.ADVICE, Urgency.NORMAL, "想问问养老补贴的政策"));
        assertEquals(false, rule(Map.of()).confidential(s));
        assertTrue(rule(Map.of()).admits(s, MEMBER));
    }

    @Test
    void a_configured_category_and_an_earlier_mark_make_a_ticket_confidential() {
        assertTrue(rule(Map.of("categories", "mediation")).confidential(snap(ticket(Category.MEDIATION, Urgency.NORMAL, "家里分家"))));
        TicketView marked = new TicketView("1001", "sms", Category.ADVICE, Urgency.NORMAL, "", List.of(), true, Instant.EPOCH);
        assertTrue(rule(Map.of("words", "")).confidential(snap(marked)));
    }

    @Test
    void an_unknown_category_is_rejected() {
        assertThrows(IllegalArgumentException.class, () -> rule(Map.of("categories", "romance")));
    }
}
