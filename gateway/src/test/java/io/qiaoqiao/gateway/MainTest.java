package io.qiaoqiao.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: check-config, --version, help, and refused arguments, with their exit codes. */
class MainTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** The line that shows {@code key}, e.g. "http.port = 9090 ... # file /x". */
        String line(String key) {
            return lines().stream().filter(l -> l.startsWith(key + " = ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + key + " in:\n" + out));
        }
    }

    private Outcome main(Map<String, String> env, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("QIAOQIAO_PLUGINS_DIR", dir.resolve("no-plugins").toString());
        int code = Main.run(argv, all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String squeeze(String line) {
        return line.replaceAll("\\s+", " ");
    }

    @Test
    void check_config_shows_every_value_with_where_it_came_from_and_masks_secrets() throws Exception {
        Path file = dir.resolve("qiaoqiao.properties");
        Files.writeString(file, "http.port=9090\nhtp.host=oops\nplugin.load-fairness.rest-window=PT3H\n");
        Outcome o = main(Map.of("QIAOQIAO_SMPP_PASSWORD", "s3cret", "QIAOQIAO_PLUGIN_TRIAGE_NEIGHBOURS_NORMAL_BUDGET", "PT25M",
                "QIAOQIAO_SMPP_PROT", "1", "QIAOQIAO_PLUGIN_LOAD_FAIRNESS_REST", "PT1H", "QIAOQIAO_DB_URL", "postgresql://qq:hunter2@db.example/qq"), "check-config", "--config", file.toString());

        assertEquals(0, o.code(), o.out());
        assertEquals("http.port = 9090 # file " + file, squeeze(o.line("http.port")));
        assertEquals("smpp.port = 2775 # default", squeeze(o.line("smpp.port")));
        assertEquals("smpp.password = **** # environment QIAOQIAO_SMPP_PASSWORD", squeeze(o.line("smpp.password")));
        assertEquals("db.url = postgresql://qq:****@db.example/qq # environment QIAOQIAO_DB_URL", squeeze(o.line("db.url")));
        assertEquals("plugin.triage.neighbours.normal.budget = PT25M # environment QIAOQIAO_PLUGIN_TRIAGE_NEIGHBOURS_NORMAL_BUDGET",
                squeeze(o.line("plugin.triage.neighbours.normal.budget")));
        assertEquals("plugin.load-fairness.rest-window = PT3H # file " + file, squeeze(o.line("plugin.load-fairness.rest-window")));
        assertTrue(squeeze(o.line("plugin.load-fairness.max-open")).startsWith("plugin.load-fairness.max-open = 3 # default of the plugin"),
                o.out());
        assertFalse(o.out().contains("s3cret") || o.out().contains("hunter2"), "no secret is printed:\n" + o.out());
        assertTrue(o.lines().contains("WARNING unknown key 'htp.host' in " + file + ": ignored"), o.out());
        assertTrue(o.lines().contains("WARNING environment variable QIAOQIAO_SMPP_PROT matches no configuration key: ignored"), o.out());
        assertTrue(o.lines().contains("WARNING environment variable QIAOQIAO_PLUGIN_LOAD_FAIRNESS_REST matches no configuration key: "
                + "ignored; only settings a plugin declares can come from the environment (see check-config); set others in the config file"),
                o.out());
        assertEquals(1, o.lines().stream().filter(l -> l.startsWith("smpp.port = ")).count(), "each key once");
    }

    @Test
    void check_config_exits_2_naming_each_invalid_value_and_what_was_expected() {
        Outcome o = main(Map.of("QIAOQIAO_HTTP_PORT", "eighty", "QIAOQIAO_TICKETS_REMIND_BEFORE", "10 minutes"), "check-config");
        assertEquals(2, o.code());
        assertTrue(o.lines().contains("INVALID tickets.remind-before = '10 minutes': must be an ISO-8601 duration such as PT10M"),
                o.out());
        assertTrue(o.lines().contains("INVALID http.port = 'eighty': must be a whole number"), o.out());
    }

    @Test
    void check_config_refuses_an_outbox_lease_a_live_node_could_outrun_while_the_smsc_answers() {
        // 15 s against a 10 s answer: renewed at 7.5 s left, a claim lapsed mid-answer and the other node sent the text again.
        Outcome o = main(Map.of("QIAOQIAO_OUTBOX_LEASE_SECONDS", "15"), "check-config");
        assertEquals(2, o.code(), o.out());
        assertTrue(o.lines().contains("INVALID outbox.lease-seconds is 15 s; it must be at least twice smpp.response-timeout-ms"
                + " (10000 ms) and 1 s more, or a claim can lapse while a segment waits for the SMSC's answer and another node"
                + " sends the text again"), o.out());
        assertEquals(0, main(Map.of("QIAOQIAO_OUTBOX_LEASE_SECONDS", "15", "QIAOQIAO_SMPP_RESPONSE_TIMEOUT_MS", "7000"),
                "check-config").code(), "15 s outlasts two 7 s answers and a second");
    }

    @Test
    void check_config_exits_2_for_a_plugin_setting_the_plugin_refuses() {
        Outcome o = main(Map.of("QIAOQIAO_PLUGIN_TRIAGE_NEIGHBOURS_URGENT_ASKED", "many"), "check-config");
        assertEquals(2, o.code(), o.out());
        assertTrue(o.out().contains("plugin.triage.neighbours.urgent.asked = 'many': must be a whole number"), o.out());
    }

    @Test
    void check_config_warns_when_the_clock_is_shifted() {
        Outcome o = main(Map.of("QIAOQIAO_CLOCK_OFFSET", "-PT8H"), "check-config");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("WARNING clock.offset is PT-8H: the clock is shifted; for tests, rehearsals and demos only, never in production"),
                o.out());
    }

    @Test
    void version_names_the_build_and_its_revision() {
        Outcome o = main(Map.of(), "--version");
        assertEquals(0, o.code());
        assertTrue(o.out().strip().matches("qiaoqiao-gateway \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(revision ([0-9a-f]{12}|unknown)\\)"), o.out());
    }

    @Test
    void misspelt_flags_stray_arguments_and_unknown_commands_are_refused_with_the_usage() {
        for (String[] argv : List.of(new String[] {"run", "--confg", "x"}, new String[] {"--confg", "x"},
                new String[] {"run", "extra"}, new String[] {"demo", "--config"}, new String[] {"check-config", "--config", "a", "--config", "b"},
                new String[] {"import-roster", "--groups"}, new String[] {"import-roster", "--teams", "t.csv"},
                new String[] {"--version", "now"}, new String[] {"serve"})) {
            Outcome o = main(Map.of(), argv);
            assertEquals(2, o.code(), String.join(" ", argv));
            assertTrue(o.err().contains("run            [--config FILE]   start the gateway (default)"), o.err());
            assertEquals("", o.out());
        }
        assertTrue(main(Map.of(), "run", "--confg", "x").err().startsWith("unknown option '--confg' for run"));
    }

    @Test
    void help_prints_the_usage() {
        Outcome o = main(Map.of(), "help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("check-config   [--config FILE]"), o.out());
    }
}
