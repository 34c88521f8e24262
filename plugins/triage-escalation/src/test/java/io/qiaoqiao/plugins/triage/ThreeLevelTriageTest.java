package io.qiaoqiao.plugins.triage;

import static io.qiaoqiao.plugin.api.PluginTestKit.RESIDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.EscalationContext;
import io.qiaoqiao.plugin.api.EscalationPolicy;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.TicketView;
import io.qiaoqiao.plugin.api.TriageLevel;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThreeLevelTriageTest {
    private static EscalationPolicy policy(Map<String, String> settings) {
        return new TriagePlugin().escalationPolicy(PluginSettings.of("triage", settings)).orElseThrow();
    }

    private static List<String> walk(EscalationPolicy policy, TicketView ticket) {
        List<String> steps = new ArrayList<>();
        Optional<String> previous = Optional.empty();
        for (Optional<EscalationStep> step; (step = policy.next(new EscalationContext(ticket, RESIDENT, previous,
                Instant.EPOCH))).isPresent(); ) {
            steps.add(step.get().id() + "@" + step.get().level());
            previous = Optional.of(step.get().id());
        }
        return steps;
    }

    private static TicketView ticket(Category category, boolean confidential) {
        return ticket(category, Urgency.NORMAL, confidential);
    }

    private static TicketView ticket(Category category, Urgency urgency, boolean confidential) {
        return new TicketView("1001", "sms", category, urgency, "", List.of(), confidential, Instant.EPOCH);
    }

    private static EscalationStep step(EscalationPolicy policy, TicketView ticket, String previous) {
        return policy.next(new EscalationContext(ticket, RESIDENT, Optional.ofNullable(previous), Instant.EPOCH)).orElseThrow();
    }

    @Test
    void a_private_matter_starts_with_the_neighbours_and_climbs_every_level_to_the_township_centre() {
        assertEquals(List.of("neighbours@PRIVATE", "liaison@PRIVATE", "village-leaders@VILLAGE", "village-committee@VILLAGE",
                "township-centre@TOWNSHIP"), walk(policy(Map.of()), ticket(Category.ERRAND, false)));
    }

    @Test
    void a_normal_request_reaches_the_leaders_within_thirty_minutes_an_urgent_one_rings_them_within_ten() {
        EscalationPolicy p = policy(Map.of());
        TicketView normal = ticket(Category.REPAIR, Urgency.NORMAL, false);
        EscalationStep neighbours = step(p, normal, null);
        assertEquals(Duration.ofMinutes(20), neighbours.budget());
        assertEquals(2, neighbours.maxAsked());
        assertEquals(1, neighbours.atOnce());
        assertEquals(Duration.ofMinutes(10), neighbours.offerTimeout());
        assertEquals(Duration.ofMinutes(30), neighbours.budget().plus(step(p, normal, "neighbours").budget()));
        assertEquals(false, step(p, normal, "liaison").ring());

        TicketView urgent = ticket(Category.REPAIR, Urgency.URGENT, false);
        EscalationStep fast = step(p, urgent, null);
        assertEquals(3, fast.atOnce(), "urgent requests are offered to three at once");
        assertEquals(Duration.ofMinutes(9), fast.budget().plus(step(p, urgent, "neighbours").budget()));
        EscalationStep leaders = step(p, urgent, "liaison");
        assertEquals("village-leaders", leaders.id());
        assertEquals(true, leaders.ring(), "urgent requests ring the leaders");
    }

    @Test
    void every_number_of_a_step_is_a_setting() {
        EscalationPolicy p = policy(Map.of("neighbours.normal.budget", "PT40M", "neighbours.normal.asked", "4",
                "neighbours.normal.at-once", "2", "neighbours.normal.offer-timeout", "PT5M", "village-leaders.normal.ring", "true"));
        EscalationStep neighbours = step(p, ticket(Category.ERRAND, false), null);
        assertEquals(Duration.ofMinutes(40), neighbours.budget());
        assertEquals(4, neighbours.maxAsked());
        assertEquals(2, neighbours.atOnce());
        assertEquals(Duration.ofMinutes(5), neighbours.offerTimeout());
        assertEquals(true, step(p, ticket(Category.ERRAND, false), "liaison").ring());
    }

    @Test
    void categories_start_at_their_configured_level() {
        EscalationPolicy p = policy(Map.of("start.MEDIATION", "village", "start.unknown", "township"));
        assertEquals(List.of("village-leaders@VILLAGE", "village-committee@VILLAGE", "township-centre@TOWNSHIP"),
                walk(p, ticket(Category.MEDIATION, false)));
        assertEquals("neighbours", walk(p, ticket(Category.REPAIR, false)).get(0).split("@")[0]);
        assertEquals(List.of("township-centre@TOWNSHIP"), walk(p, ticket(Category.UNKNOWN, false)));
    }

    @Test
    void confidential_tickets_skip_the_liaison() {
        assertEquals(List.of("neighbours", "village-leaders"), walk(policy(Map.of()), ticket(Category.ADVICE, true)).stream()
                .limit(2).map(s -> s.split("@")[0]).toList());
    }

    @Test
    void an_unknown_previous_step_restarts_the_chain() {
        assertEquals("neighbours", step(policy(Map.of()), ticket(Category.REPAIR, false), "renamed-step").id());
        assertEquals(TriageLevel.PRIVATE, step(policy(Map.of()), ticket(Category.REPAIR, false), "renamed-step").level());
    }

    @Test
    void bad_settings_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("liaison.normal.budget", "PT0S")));
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("mayor.normal.budget", "PT5M")));
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("neighbours.normal.asked", "0")));
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("timeout.liaison", "PT5M")));
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("start.REPAIR", "county")));
    }
}
