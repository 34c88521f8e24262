package io.qiaoqiao.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Main} in its own JVM, configured through real environment variables, as an operator runs it. */
class MainProcessTest {
    @TempDir
    Path dir;

    private record Exit(int code, String output) {
    }

    private Exit java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("QIAOQIAO_"));
        pb.environment().put("QIAOQIAO_PLUGINS_DIR", dir.resolve("no-plugins").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ended");
        return new Exit(p.exitValue(), output);
    }

    @Test
    void check_config_reads_plugin_settings_and_weights_from_the_environment() throws Exception {
        Exit e = java(Map.of("QIAOQIAO_PLUGIN_TRIAGE_NEIGHBOURS_NORMAL_BUDGET", "PT30M", "QIAOQIAO_PLUGIN_LOAD_FAIRNESS_MAX_OPEN", "4",
                "QIAOQIAO_ROUTING_WEIGHT_QUIET_HOURS", "0.5"), "check-config");
        assertEquals(0, e.code(), e.output());
        String squeezed = e.output().replaceAll("[ ]+", " ");
        assertTrue(squeezed.contains("plugin.triage.neighbours.normal.budget = PT30M # environment QIAOQIAO_PLUGIN_TRIAGE_NEIGHBOURS_NORMAL_BUDGET"),
                e.output());
        assertTrue(squeezed.contains("plugin.load-fairness.max-open = 4 # environment QIAOQIAO_PLUGIN_LOAD_FAIRNESS_MAX_OPEN"), e.output());
        assertTrue(squeezed.contains("routing.weight.quiet-hours = 0.5 # environment QIAOQIAO_ROUTING_WEIGHT_QUIET_HOURS"), e.output());
    }

    @Test
    void an_invalid_value_from_the_environment_exits_2_for_check_config_and_for_run() throws Exception {
        Exit check = java(Map.of("QIAOQIAO_SMPP_WINDOW", "ten"), "check-config");
        assertEquals(2, check.code(), check.output());
        assertTrue(check.output().contains("INVALID smpp.window = 'ten': must be a whole number"), check.output());

        Exit run = java(Map.of("QIAOQIAO_SMPP_WINDOW", "ten"), "run");
        assertEquals(2, run.code(), run.output());
        assertTrue(run.output().contains("configuration error: smpp.window = 'ten': must be a whole number"), run.output());
    }

    @Test
    void a_misspelt_flag_does_not_start_a_gateway() throws Exception {
        Exit e = java(Map.of(), "run", "--confg", "/etc/qiaoqiao/qiaoqiao.properties");
        assertEquals(2, e.code(), e.output());
        assertTrue(e.output().startsWith("unknown option '--confg' for run"), e.output());
    }
}
