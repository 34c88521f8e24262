package io.qiaoqiao.gateway.plugins;

import static io.qiaoqiao.plugin.api.PluginTestKit.snapshot;
import static io.qiaoqiao.plugin.api.PluginTestKit.ticket;
import static io.qiaoqiao.plugin.api.PluginTestKit.volunteer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.routing.RoutingDecision;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.Urgency;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars built at test time and dropped into the plugin directory: they change routing
 * without a gateway change; broken ones are reported clearly and routing goes on.
 */
class PluginLoadingTest {
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in the studio
    private static final String BOAT_RULE = """
            @Override public double score(RoutingSnapshot s, Candidate c) {
                return c.skills().contains("boat") ? 1000 : 0;
            }""";

    @TempDir
    Path dir;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private PluginRegistry registry(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("plugins.dir", dir.toString());
        Config config = Config.of(all);
        return new PluginRegistry(config, config::reload, Texts.KEYS, new PluginMetrics(meters));
    }

    /** A neighbour from the resident's own group, and a boatman from another village. */
    private static RoutingSnapshot floodSnapshot() {
        return snapshot(ticket(Category.ERRAND, Urgency.NORMAL, "院子进水了"), NOW,
                volunteer(1).build(), volunteer(2).village("河口村", "五组").skills("boat").build());
    }

    private static long best(PluginRegistry registry) {
        RoutingDecision d = registry.current().engine().decide(floodSnapshot()).join();
        return d.ranked().get(0).candidate().volunteerId();
    }

    private double errors(String plugin, String kind) {
        var counter = meters.find("qiaoqiao.plugin.errors").tag("plugin", plugin).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void built_in_plugins_each_load_in_a_class_loader_that_cannot_see_the_gateway() {
        PluginSet set = registry(Map.of()).current();
        assertEquals(List.of("keywords", "proximity", "schedules", "skills", "load-fairness", "quiet-hours", "confidential",
                "triage", "templates"), List.copyOf(set.pluginIds()));
        Set<ClassLoader> loaders = new HashSet<>();
        for (LoadedPlugin p : set.plugins()) {
            ClassLoader loader = p.plugin().getClass().getClassLoader();
            assertTrue(p.builtin());
            assertTrue(loaders.add(loader), "one class loader per plugin jar");
            assertNotSame(PluginLoadingTest.class.getClassLoader(), loader);
            assertThrows(ClassNotFoundException.class, () -> Class.forName(Config.class.getName(), false, loader));
            assertSame(io.qiaoqiao.plugin.api.QiaoqiaoPlugin.class,
                    assertDoesNotThrowClass(loader, io.qiaoqiao.plugin.api.QiaoqiaoPlugin.class.getName()));
        }
        assertTrue(set.problems().isEmpty(), set.problems().toString());
    }

    private static Class<?> assertDoesNotThrowClass(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("plugins must see the API", e);
        }
    }

    @Test
    void a_jar_dropped_into_the_plugin_directory_changes_routing_after_a_reload() throws Exception {
        PluginRegistry registry = registry(Map.of());
        assertEquals(1L, best(registry), "without the plugin the neighbour comes first");

        new PluginJarBuilder().source(PluginJarBuilder.plugin("org.studio.boats", "boats", "SPI_VERSION", BOAT_RULE))
                .service("org.studio.boats.TestPlugin").writeTo(dir.resolve("boats.jar"));
        PluginRegistry.Reload reload = registry.reload();

        assertTrue(reload.applied(), reload.message());
        assertTrue(registry.current().pluginIds().contains("boats"));
        assertEquals(2L, best(registry), "the boatman wins once the studio's rule is in");
    }

    @Test
    void a_plugin_in_the_directory_replaces_the_built_in_plugin_with_the_same_id() throws Exception {
        new PluginJarBuilder().source(PluginJarBuilder.plugin("org.studio.near", "proximity", "SPI_VERSION", BOAT_RULE))
                .service("org.studio.near.TestPlugin").writeTo(dir.resolve("near.jar"));
        PluginSet set = registry(Map.of()).current();
        LoadedPlugin proximity = set.plugins().stream().filter(p -> p.id().equals("proximity")).findFirst().orElseThrow();
        assertFalse(proximity.builtin());
        assertEquals(1, set.engine().rules().stream().filter(r -> r.id().equals("proximity")).count());
    }

    @Test
    void wrong_spi_version_missing_service_entry_and_gateway_classes_are_refused_clearly_and_routing_still_works()
            throws Exception {
        new PluginJarBuilder().source(PluginJarBuilder.plugin("org.studio.old", "old", "1", BOAT_RULE))
                .service("org.studio.old.TestPlugin").writeTo(dir.resolve("old.jar"));
        new PluginJarBuilder().source(PluginJarBuilder.plugin("org.studio.noentry", "noentry", "SPI_VERSION", BOAT_RULE))
                .writeTo(dir.resolve("noentry.jar"));
        new PluginJarBuilder().source("""
                        package org.studio.sneaky;

                        import io.qiaoqiao.plugin.api.*;

                        public final class Sneaky implements QiaoqiaoPlugin {
                            private final String env = io.qiaoqiao.gateway.config.Config.envName("db.url");
                            @Override public String id() { return "sneaky"; }
                            @Override public int spiVersion() { return SPI_VERSION; }
                        }
                        """).alsoCompileAgainst(Config.class).service("org.studio.sneaky.Sneaky")
                .writeTo(dir.resolve("sneaky.jar"));
        Files.writeString(dir.resolve("notes.txt"), "not a jar", StandardCharsets.UTF_8);

        PluginRegistry registry = registry(Map.of());
        Map<String, PluginProblem> bySource = new java.util.HashMap<>();
        registry.current().problems().forEach(p -> bySource.put(Path.of(p.source()).getFileName().toString(), p));

        assertEquals("spi-version", bySource.get("old.jar").kind());
        assertTrue(bySource.get("old.jar").message().contains("was built for plugin SPI version 1 but this gateway provides version 3"),
                bySource.get("old.jar").message());
        assertEquals("no-service-entry", bySource.get("noentry.jar").kind());
        assertTrue(bySource.get("noentry.jar").message().contains("META-INF/services/io.qiaoqiao.plugin.api.QiaoqiaoPlugin"));
        assertEquals("load", bySource.get("sneaky.jar").kind());
        assertTrue(bySource.get("sneaky.jar").message().contains("io.qiaoqiao.gateway.config.Config"), bySource.get("sneaky.jar").message());
        assertEquals(3, bySource.size());
        assertEquals(1.0, errors("old.jar", "spi-version"));
        assertEquals(1.0, errors("noentry.jar", "no-service-entry"));

        assertFalse(registry.current().pluginIds().contains("old"));
        assertEquals(1L, best(registry), "the built-in rules still route");
    }

    @Test
    void a_rule_whose_filter_throws_holds_the_ticket_and_is_counted() throws Exception {
        new PluginJarBuilder().source(PluginJarBuilder.plugin("org.studio.buggy", "buggy", "SPI_VERSION", """
                @Override public boolean admits(RoutingSnapshot s, Candidate c) {
                    throw new IllegalStateException("off by one");
                }""")).service("org.studio.buggy.TestPlugin").writeTo(dir.resolve("buggy.jar"));
        PluginRegistry registry = registry(Map.of());
        RoutingDecision d = registry.current().engine().decide(floodSnapshot()).join();
        assertTrue(d.mustHold(), "fail closed: nobody is offered the ticket on a filter that could not answer");
        assertEquals(List.of("buggy"), d.failedFilters());
        assertTrue(d.verdicts().stream().anyMatch(v -> v.rule().id().equals("buggy")
                && v.filterFailure().orElse("").contains("off by one")));
        assertEquals(1.0, errors("buggy", "exception"));
    }

    @Test
    void a_classifier_that_throws_files_the_request_as_unknown_and_is_counted() throws Exception {
        new PluginJarBuilder().source("""
                package org.studio.words;

                import io.qiaoqiao.plugin.api.*;
                import java.util.Optional;

                public final class Words implements QiaoqiaoPlugin {
                    @Override public String id() { return "keywords"; }
                    @Override public int spiVersion() { return SPI_VERSION; }
                    @Override public Optional<Classifier> classifier(PluginSettings settings) {
                        return Optional.of(text -> { throw new IllegalStateException("no dictionary"); });
                    }
                }
                """).service("org.studio.words.Words").writeTo(dir.resolve("words.jar"));
        PluginRegistry registry = registry(Map.of());
        assertEquals(io.qiaoqiao.plugin.api.Classification.unknown(), registry.classifier().classify("电视坏了"));
        assertEquals(1.0, meters.find("qiaoqiao.plugin.errors").tag("plugin", "keywords").tag("stage", "classify")
                .counter().count());
    }

    @Test
    void a_reload_with_invalid_settings_is_rejected_and_the_running_set_stays() throws Exception {
        Path file = dir.resolve("qiaoqiao.properties");
        Files.writeString(file, "routing.weight.proximity=1.0\n");
        Config config = Config.load(file, Map.of()).with(Map.of("plugins.dir", dir.resolve("none").toString()));
        PluginRegistry registry = new PluginRegistry(config, config::reload, Texts.KEYS, new PluginMetrics(meters));
        PluginSet running = registry.current();

        Files.writeString(file, "plugin.load-fairness.rest-window=a while\nrouting.weight.skills=lots\n");
        PluginRegistry.Reload rejected = registry.reload();
        assertFalse(rejected.applied());
        assertTrue(rejected.message().contains("plugin.load-fairness.rest-window: must be an ISO-8601 duration such as PT30M, got 'a while'"),
                rejected.message());
        assertTrue(rejected.message().contains("routing.weight.skills must be a number"), rejected.message());
        assertSame(running, registry.current());

        Files.writeString(file, "routing.weight.proximity=2.5\n");
        assertTrue(registry.reload().applied());
        assertEquals(2.5, registry.current().engine().weight("proximity"));
        assertEquals(1.0, meters.find("qiaoqiao.plugin.reloads").tag("result", "rejected").counter().count());
    }

    @Test
    void sighup_reloads_the_plugins() throws Exception {
        PluginRegistry registry = registry(Map.of());
        org.junit.jupiter.api.Assumptions.assumeTrue(SighupReload.install(registry), "this JVM offers no sun.misc.Signal");
        PluginSet before = registry.current();
        Class<?> signal = Class.forName("sun.misc.Signal");
        signal.getMethod("raise", signal).invoke(null, signal.getConstructor(String.class).newInstance("HUP"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> registry.current() != before);
        assertEquals(1.0, meters.find("qiaoqiao.plugin.reloads").tag("result", "applied").counter().count());
    }

    @Test
    void a_gateway_does_not_start_with_settings_it_cannot_use() {
        var e = assertThrows(PluginSet.InvalidPlugins.class, () -> registry(Map.of("plugin.triage.timeout.liaison", "soon")));
        assertTrue(e.getMessage().contains("plugin.triage.timeout.liaison"), e.getMessage());
        assertThrows(PluginSet.InvalidPlugins.class, () -> registry(Map.of("messages.locale", "fr")));
    }
}
