package io.qiaoqiao.gateway.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A gateway started under {@code nohup} inherits SIGHUP ignored, and the JVM then installs no
 * handler for it: it used to log "kill -HUP reloads the plugins and the API token file" all the
 * same, and the operator's kill -HUP did nothing. Each case starts a JVM of its own (the signal's
 * disposition is the process's), once plainly and once through coreutils' {@code nohup}.
 */
class SighupUnderNohupTest {
    private static final String PROMISE = "reloads the plugins and the API token file";
    private static final String IGNORED = "SIGHUP is ignored by this process";

    /** The probe: registers a SIGHUP action as the gateway does, raises SIGHUP at itself, and says whether the action ran. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            var ran = new java.util.concurrent.CountDownLatch(1);
            SighupReload.onHangup("probe", ran::countDown);
            try {
                sun.misc.Signal.raise(new sun.misc.Signal("HUP"));
            } catch (IllegalArgumentException e) {
                System.out.println("raise refused: " + e.getMessage());
            }
            System.out.println(ran.await(5, TimeUnit.SECONDS) ? "action ran" : "action never ran");
        }
    }

    @Test
    void started_plainly_kill_hup_runs_the_reload_it_promises() throws Exception {
        String out = run(false);
        assertTrue(out.contains(PROMISE), out);
        assertTrue(out.contains("action ran"), out);
        assertFalse(out.contains(IGNORED), out);
    }

    @Test
    void started_under_nohup_it_says_kill_hup_does_nothing_and_never_promises_a_reload() throws Exception {
        String out = run(true);
        assertTrue(out.contains(IGNORED), out);
        assertTrue(out.contains("POST /api/plugins/reload"), out);
        assertFalse(out.contains(PROMISE), out);
        // The process ignores SIGHUP, so raising it neither kills the JVM nor runs the action.
        assertTrue(out.contains("action never ran"), out);
    }

    private static String run(boolean nohup) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>();
        if (nohup) {
            command.add("nohup");
        }
        command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Path output = Files.createTempFile("sighup-probe", ".log");
        try {
            // Output to a file, not a terminal: nohup then leaves it where it is (no nohup.out).
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ended");
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
