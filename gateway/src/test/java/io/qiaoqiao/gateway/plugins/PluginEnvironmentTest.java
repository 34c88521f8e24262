package io.qiaoqiao.gateway.plugins;

import static io.qiaoqiao.plugin.api.PluginTestKit.snapshot;
import static io.qiaoqiao.plugin.api.PluginTestKit.ticket;
import static io.qiaoqiao.plugin.api.PluginTestKit.volunteer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.EscalationContext;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.Urgency;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin settings and routing weights come from QIAOQIAO_* variables like every other key,
 * resolved against what the loaded plugins declare and the rules they provide.
 */
class PluginEnvironmentTest {
    /** 23:00 in the studio (15:00 UTC): inside the quiet hours the plugin ships with. */
    private static final Instant NIGHT = Instant.parse("2026-11-23T15:00:00Z");

    @TempDir
    Path dir;

    private PluginSet load(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("QIAOQIAO_PLUGINS_DIR", dir.toString());
        Config config = Config.load(null, all);
        return new PluginRegistry(config, config::reload, Texts.KEYS, new PluginMetrics(new SimpleMeterRegistry())).current();
    }

    private static Optional<Instant> hold(PluginSet set) {
        RoutingSnapshot night = snapshot(ticket(Category.REPAIR, Urgency.NORMAL, "灯泡坏了"), NIGHT, volunteer(1).build());
        return set.engine().decide(night).join().holdUntil();
    }

    private static Duration neighboursBudget(PluginSet set) {
        EscalationContext first = new EscalationContext(ticket(Category.REPAIR, Urgency.NORMAL, "灯泡坏了"),
                io.qiaoqiao.plugin.api.PluginTestKit.RESIDENT, Optional.empty(), NIGHT);
        return set.escalation().next(first).orElseThrow().budget();
    }

    @Test
    void a_step_budget_set_from_the_environment_reaches_the_escalation_policy() {
        assertEquals(Duration.ofMinutes(20), neighboursBudget(load(Map.of())), "by default the neighbours have 20 minutes");
        PluginSet set = load(Map.of("QIAOQIAO_PLUGIN_TRIAGE_NEIGHBOURS_NORMAL_BUDGET", "PT40M"));
        assertEquals(Duration.ofMinutes(40), neighboursBudget(set));
        assertEquals("environment QIAOQIAO_PLUGIN_TRIAGE_NEIGHBOURS_NORMAL_BUDGET",
                set.config().origin("plugin.triage.neighbours.normal.budget").toString());
        assertEquals(List.of(), set.problems());
    }

    @Test
    void dotted_keys_families_and_weights_resolve_to_what_the_plugins_declare() {
        PluginSet set = load(Map.of(
                "QIAOQIAO_PLUGIN_TEMPLATES_RECIPIENT_LIAISON", "村里的联络员",
                "QIAOQIAO_PLUGIN_TRIAGE_START_MEDIATION", "village",
                "QIAOQIAO_PLUGIN_LOAD_FAIRNESS_MAX_OPEN", "5",
                "QIAOQIAO_ROUTING_WEIGHT_QUIET_HOURS", "0.5",
                "QIAOQIAO_ROUTING_WEIGHT_PROXIMITY", "2.5"));
        Config c = set.config();
        assertEquals("村里的联络员", c.string("plugin.templates.recipient.liaison"));
        assertEquals("村里的联络员", set.templates().template("recipient.liaison", Locale.forLanguageTag("zh-CN")).orElseThrow());
        assertEquals("village", c.string("plugin.triage.start.mediation"));
        assertEquals("5", c.string("plugin.load-fairness.max-open"));
        assertEquals(0.5, c.decimal("routing.weight.quiet-hours"));
        assertEquals(2.5, c.decimal("routing.weight.proximity"));
        assertEquals(List.of(), set.problems());
    }

    @Test
    void every_declared_default_set_from_the_environment_is_accepted_by_its_plugin() {
        Map<String, String> env = new HashMap<>();
        load(Map.of()).declared().forEach((id, settings) -> settings.stream()
                .filter(s -> !s.isFamily() && !s.defaultValue().isBlank())
                .forEach(s -> env.put(Config.envName("plugin." + id + "." + s.key()), s.defaultValue())));
        assertTrue(env.size() >= 20, env.keySet().toString());
        PluginSet set = load(env);
        assertEquals(List.of(), set.problems());
        assertEquals("PT2H", set.config().string("plugin.triage.village-committee.normal.budget"));
        assertEquals("3", set.config().string("plugin.load-fairness.max-open"));
    }

    @Test
    void a_variable_that_names_no_declared_setting_is_reported_and_ignored() {
        PluginSet set = load(Map.of("QIAOQIAO_PLUGIN_QUIET_HOURS_BEGIN", "22:00", "QIAOQIAO_ROUTING_WEIGHT_FIRST_AID", "3"));
        List<String> messages = set.problems().stream().map(PluginProblem::message).toList();
        assertTrue(messages.get(0).startsWith("environment variable QIAOQIAO_PLUGIN_QUIET_HOURS_BEGIN matches no configuration key"),
                messages.toString());
        assertTrue(messages.get(1).startsWith("no installed rule has id 'first-aid'"), messages.toString());
        assertFalse(set.config().keys().contains("plugin.quiet-hours.begin"));
    }

    @Test
    void a_misspelt_plugin_key_in_the_file_is_reported_and_a_value_of_the_wrong_type_refused() throws Exception {
        Path file = dir.resolve("q.properties");
        java.nio.file.Files.writeString(file, "plugin.load-fairness.max-opn=5\nplugin.nobody.x=1\n");
        Config config = Config.load(file, Map.of("QIAOQIAO_PLUGINS_DIR", dir.toString()));
        PluginSet set = new PluginRegistry(config, config::reload, Texts.KEYS, new PluginMetrics(new SimpleMeterRegistry())).current();
        List<String> sources = set.problems().stream().map(PluginProblem::source).toList();
        assertEquals(List.of("plugin.load-fairness.max-opn", "plugin.nobody.x"), sources, set.problems().toString());

        PluginSet.InvalidPlugins refused = assertThrows(PluginSet.InvalidPlugins.class,
                () -> load(Map.of("QIAOQIAO_PLUGIN_LOAD_FAIRNESS_REST_WINDOW", "two weeks")));
        assertTrue(refused.getMessage().contains("plugin.load-fairness.rest-window = 'two weeks': must be an ISO-8601 duration"),
                refused.getMessage());
    }
}
