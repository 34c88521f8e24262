package io.qiaoqiao.plugins.proximity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.ResidentView;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.TicketView;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import io.qiaoqiao.plugin.api.OnCallSchedule;
import io.qiaoqiao.plugin.api.ServiceHistory;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProximityRuleTest {
    private final ProximityRule rule = new ProximityRule();
    private final TicketView ticket = TicketView.of("1001", Category.REPAIR, Urgency.NORMAL, "电视坏了", Instant.EPOCH);

    private static Candidate volunteer(long id, String village, String... serves) {
        return new Candidate(id, "g" + id, village, Set.of(serves), Set.of(), false, 0, 0, ServiceHistory.none(), OnCallSchedule.none());
    }

    private RoutingSnapshot snapshot(ResidentView resident, Candidate... candidates) {
        return new RoutingSnapshot(ticket, resident, List.of(candidates), Instant.EPOCH, ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void own_village_group_beats_same_village_beats_elsewhere() {
        ResidentView resident = new ResidentView(true, "桥头村", "一组", true);
        Candidate own = volunteer(1, "桥头村", "一组", "二组");
        Candidate village = volunteer(2, "桥头村", "三组");
        Candidate far = volunteer(3, "河口村", "一组");
        RoutingSnapshot s = snapshot(resident, own, village, far);
        assertTrue(rule.score(s, own) > rule.score(s, village));
        assertTrue(rule.score(s, village) > rule.score(s, far));
    }

    @Test
    void a_group_of_the_same_name_in_another_village_is_not_the_residents_group() {
        ResidentView resident = new ResidentView(true, "桥头村", "一组", false);
        Candidate far = volunteer(3, "河口村", "一组");
        assertEquals(ProximityRule.ELSEWHERE, rule.score(snapshot(resident, far), far));
    }

    @Test
    void unregistered_sender_prefers_nobody() {
        Candidate a = volunteer(1, "桥头村", "一组");
        Candidate b = volunteer(2, "河口村", "二组");
        RoutingSnapshot s = snapshot(ResidentView.unregistered(), a, b);
        assertEquals(0.0, rule.score(s, a));
        assertEquals(0.0, rule.score(s, b));
    }

    @Test
    void proximity_never_filters_anyone_out() {
        ResidentView resident = new ResidentView(true, "桥头村", "一组", false);
        Candidate far = volunteer(3, "河口村", "五组");
        assertTrue(rule.admits(snapshot(resident, far), far));
    }
}
