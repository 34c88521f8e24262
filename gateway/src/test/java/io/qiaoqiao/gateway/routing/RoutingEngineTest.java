package io.qiaoqiao.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.ResidentView;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.TicketView;
import io.qiaoqiao.plugin.api.Urgency;
import io.qiaoqiao.plugins.proximity.ProximityRule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingEngineTest {
    private static final ResidentView WANG = new ResidentView(true, "桥头村", "一组", true);

    private static Candidate volunteer(long id, String village, String serves, int openTickets, String... skills) {
        return new Candidate(id, "g", village, Set.of(serves), Set.of(skills), false, openTickets, 0, Optional.empty());
    }

    private static RoutingSnapshot snapshot(Candidate... candidates) {
        TicketView t = new TicketView("1001", "sms", Category.REPAIR, Urgency.NORMAL, "电视坏了", Instant.EPOCH);
        return new RoutingSnapshot(t, WANG, List.of(candidates), Instant.EPOCH, ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void the_residents_own_village_group_comes_first() {
        RoutingEngine engine = new RoutingEngine(List.of(new ProximityRule()), Map.of());
        RoutingDecision d = engine.decide(snapshot(volunteer(1, "河口村", "一组", 0), volunteer(2, "桥头村", "三组", 0),
                volunteer(3, "桥头村", "一组", 0)));
        assertEquals(List.of(3L, 2L, 1L), d.ranked().stream().map(r -> r.candidate().volunteerId()).toList());
    }

    @Test
    void ties_go_to_fewer_open_tickets_then_lowest_id() {
        RoutingEngine engine = new RoutingEngine(List.of(new ProximityRule()), Map.of());
        RoutingDecision d = engine.decide(snapshot(volunteer(5, "桥头村", "一组", 2), volunteer(7, "桥头村", "一组", 0),
                volunteer(6, "桥头村", "一组", 0)));
        assertEquals(List.of(6L, 7L, 5L), d.ranked().stream().map(r -> r.candidate().volunteerId()).toList());
    }

    @Test
    void members_get_first_offers_before_their_group_leaders() {
        RoutingEngine engine = new RoutingEngine(List.of(new ProximityRule()), Map.of());
        Candidate leader = new Candidate(1, "g", "桥头村", Set.of("一组"), Set.of(), true, 0, 0, Optional.empty());
        Candidate member = new Candidate(2, "g", "桥头村", Set.of("一组"), Set.of(), false, 1, 0, Optional.empty());
        RoutingDecision d = engine.decide(snapshot(leader, member));
        assertEquals(List.of(2L, 1L), d.ranked().stream().map(r -> r.candidate().volunteerId()).toList());
    }

    @Test
    void a_candidate_must_pass_every_filter_and_the_rejecting_rule_is_named() {
        RoutingRule electriciansOnly = new RoutingRule() {
            @Override
            public String id() {
                return "skills";
            }

            @Override
            public boolean admits(RoutingSnapshot s, Candidate c) {
                return c.skills().contains("electrician");
            }
        };
        RoutingEngine engine = new RoutingEngine(List.of(new ProximityRule(), electriciansOnly), Map.of());
        RoutingDecision d = engine.decide(snapshot(volunteer(1, "桥头村", "一组", 0), volunteer(2, "河口村", "二组", 0, "electrician")));
        assertEquals(1, d.ranked().size());
        assertEquals(2L, d.ranked().get(0).candidate().volunteerId());
        assertEquals(Map.of(1L, "skills"), d.rejections());
    }

    @Test
    void weights_scale_each_rules_part_of_the_score() {
        RoutingEngine engine = new RoutingEngine(List.of(new ProximityRule()), Map.of("proximity", 0.5));
        RankedCandidate only = engine.decide(snapshot(volunteer(1, "桥头村", "一组", 0))).ranked().get(0);
        assertEquals(50.0, only.score());
        assertEquals(Map.of("proximity", 50.0), only.scoresByRule());
    }

    @Test
    void nobody_left_when_there_are_no_candidates() {
        RoutingEngine engine = new RoutingEngine(List.of(new ProximityRule()), Map.of());
        assertTrue(engine.decide(snapshot()).nobodyLeft());
    }
}
