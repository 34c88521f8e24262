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
        return new TicketView("1001", "sms", category, Urgency.NORMAL, "", List.of(), confidential, Instant.EPOCH);
    }

    @Test
    void a_private_matter_climbs_every_level_to_the_township_centre() {
        assertEquals(List.of("liaison@PRIVATE", "village-leaders@VILLAGE", "village-committee@VILLAGE",
                "township-centre@TOWNSHIP"), walk(policy(Map.of()), ticket(Category.ERRAND, false)));
    }

    @Test
    void categories_start_at_their_configured_level() {
        EscalationPolicy p = policy(Map.of("start.MEDIATION", "village", "start.unknown", "township"));
        assertEquals(List.of("village-leaders@VILLAGE", "village-committee@VILLAGE", "township-centre@TOWNSHIP"),
                walk(p, ticket(Category.MEDIATION, false)));
        assertEquals(List.of("township-centre@TOWNSHIP"), walk(p, ticket(Category.UNKNOWN, false)));
    }

    @Test
    void confidential_tickets_skip_the_liaison() {
        assertEquals("village-leaders", walk(policy(Map.of()), ticket(Category.ADVICE, true)).get(0).split("@")[0]);
    }

    @Test
    void each_step_has_its_own_timeout_and_an_unknown_previous_step_restarts_the_chain() {
        EscalationPolicy p = policy(Map.of("timeout.village-leaders", "PT5M"));
        EscalationStep leaders = p.next(new EscalationContext(ticket(Category.REPAIR, false), RESIDENT,
                Optional.of("liaison"), Instant.EPOCH)).orElseThrow();
        assertEquals(Duration.ofMinutes(5), leaders.timeout());
        assertEquals(TriageLevel.PRIVATE, p.next(new EscalationContext(ticket(Category.REPAIR, false), RESIDENT,
                Optional.of("renamed-step"), Instant.EPOCH)).orElseThrow().level());
    }

    @Test
    void bad_settings_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("timeout.liaison", "PT0S")));
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("timeout.mayor", "PT5M")));
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("start.REPAIR", "county")));
    }
}
