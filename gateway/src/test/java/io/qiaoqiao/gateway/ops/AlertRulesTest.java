package io.qiaoqiao.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules: each has a summary and a runbook line and uses only catalog
 * metrics; with promtool on the PATH (Debian package {@code prometheus}) the rules, their unit
 * tests and both scrape configs pass promtool too.
 */
class AlertRulesTest {
    private static final String RULES = "prometheus/qiaoqiao-alerts.yml";
    /** Series Prometheus itself writes for every target, not the gateway. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @Test
    void every_alert_has_a_summary_and_a_runbook_and_uses_only_catalog_metrics() {
        List<String> lines = OpsFiles.read(RULES).lines().map(String::strip).toList();
        long alerts = lines.stream().filter(l -> l.startsWith("- alert:")).count();
        assertTrue(alerts >= 10, "expected the full set of alerts, found " + alerts);
        assertEquals(alerts, lines.stream().filter(l -> l.startsWith("summary:")).count(), "one summary per alert");
        assertEquals(alerts, lines.stream().filter(l -> l.startsWith("runbook:")).count(), "one runbook line per alert");
        Set<String> catalog = OpsFiles.catalogSeries();
        Set<String> unknown = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("expr:")) {
                OpsFiles.metricsIn(line.substring(5)).stream()
                        .filter(m -> !catalog.contains(m) && !PROMETHEUS_OWN.contains(m))
                        .forEach(m -> unknown.add(m + "  in  " + line));
            }
        }
        assertEquals(Set.of(), unknown, "alert rules use metrics that ops/metrics.md does not list");
    }

    @Test
    void promtool_accepts_the_rules_their_unit_tests_and_both_scrape_configs() throws Exception {
        Optional<Path> promtool = onPath("promtool");
        Assumptions.assumeTrue(promtool.isPresent(),
                "promtool is not on the PATH: install Debian's 'prometheus' package to run `promtool check rules`");
        Path dir = OpsFiles.root().resolve("prometheus");
        List<String> problems = new ArrayList<>();
        for (List<String> check : List.of(
                List.of("check", "rules", "qiaoqiao-alerts.yml"),
                List.of("test", "rules", "qiaoqiao-alerts-test.yml"),
                List.of("check", "config", "prometheus.yml"),
                List.of("check", "config", "prometheus-cluster.yml"))) {
            List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
            command.addAll(check);
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool " + check + " did not finish");
            if (process.exitValue() != 0) {
                problems.add("promtool " + String.join(" ", check) + ":\n" + output);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
