package io.qiaoqiao.plugins.quiet;

import static io.qiaoqiao.plugin.api.PluginTestKit.ZONE;
import static io.qiaoqiao.plugin.api.PluginTestKit.snapshot;
import static io.qiaoqiao.plugin.api.PluginTestKit.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.PluginTestKit;
import io.qiaoqiao.plugin.api.QuietHours;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuietHoursRuleTest {
    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant();
    }

    private static Optional<Instant> hold(QuietHours hours, Urgency urgency, String local) {
        RoutingRule rule = new QuietHoursPlugin().routingRules(PluginSettings.of("quiet-hours", Map.of())).get(0);
        return rule.holdUntil(snapshot(ticket(Category.REPAIR, urgency, "灯坏了"), at(local), hours));
    }

    private static Optional<Instant> hold(Urgency urgency, String local) {
        return hold(PluginTestKit.QUIET_HOURS, urgency, local);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "-", value = {
            "2026-11-23T20:59, -",
            "2026-11-23T21:00, 2026-11-24T07:00",
            "2026-11-23T23:59, 2026-11-24T07:00",
            "2026-11-24T00:00, 2026-11-24T07:00",
            "2026-11-24T06:59, 2026-11-24T07:00",
            "2026-11-24T07:00, -",
            "2026-12-31T22:00, 2027-01-01T07:00"})
    void a_normal_request_at_night_waits_until_morning(String now, String until) {
        assertEquals(Optional.ofNullable(until).map(QuietHoursRuleTest::at), hold(Urgency.NORMAL, now));
    }

    @Test
    void urgent_requests_are_never_held() {
        assertEquals(Optional.empty(), hold(Urgency.URGENT, "2026-11-24T02:00"));
    }

    @Test
    void a_daytime_window_and_a_switched_off_window() {
        QuietHours siesta = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
        assertEquals(Optional.of(at("2026-11-23T14:00")), hold(siesta, Urgency.NORMAL, "2026-11-23T13:00"));
        assertEquals(Optional.empty(), hold(siesta, Urgency.NORMAL, "2026-11-23T23:00"));
        assertEquals(Optional.empty(), hold(new QuietHours(LocalTime.of(7, 0), LocalTime.of(7, 0)), Urgency.NORMAL, "2026-11-23T03:00"));
    }

    @Test
    void the_plugin_has_no_hours_of_its_own_one_definition_is_the_gateways() {
        assertEquals(java.util.List.of(), new QuietHoursPlugin().settings(), "nothing to set: the hours are quiet-hours.*");
        RoutingRule rule = new QuietHoursPlugin().routingRules(PluginSettings.of("quiet-hours", Map.of("start", "22:00"))).get(0);
        assertEquals(Optional.of(at("2026-11-24T07:00")), rule.holdUntil(snapshot(ticket(Category.REPAIR, Urgency.NORMAL, "灯坏了"),
                at("2026-11-23T21:30"))), "a stray old setting changes nothing");
    }
}
