package io.qiaoqiao.gateway.bench;

import io.qiaoqiao.gateway.Main;
import io.qiaoqiao.gateway.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in its own JVM on this JVM's class path, configured with QIAOQIAO_* variables, so
 * it can be killed the way an operating system does (SIGKILL: no shutdown hook, no unbind,
 * connections cut mid-flight).
 */
public final class NodeProcess implements AutoCloseable {
    /** What {@code Gateway} logs once it has started. */
    private static final String READY = " ready: HTTP on ";
    /** The system property whose value, when set, is the {@code clock.offset} of nodes whose settings name none. */
    public static final String SUITE_CLOCK_OFFSET = "qiaoqiao.nodes.clock-offset";
    private final String name;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <heap> -cp <class path> <mainAndArgs>} with {@code settings} as
     * QIAOQIAO_* variables and {@code node.id} = {@code name}; its output goes to {@code log}.
     * Without {@code clock.offset} in the settings the node gets the one named by the system
     * property {@value #SUITE_CLOCK_OFFSET}, if set.
     */
    public static NodeProcess start(String name, String heap, List<String> mainAndArgs, Map<String, String> settings,
                                    Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, heap, "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        settings.forEach((k, v) -> pb.environment().put(Config.envName(k), v));
        pb.environment().put(Config.envName("node.id"), name);
        // A test suite that runs every gateway at one studio hour hands its offset to nodes it
        // does not configure itself (the benchmark's, started from GatewayScaleOutTest).
        String suiteOffset = System.getProperty(SUITE_CLOCK_OFFSET);
        if (suiteOffset != null && !settings.containsKey("clock.offset")) {
            pb.environment().put(Config.envName("clock.offset"), suiteOffset);
        }
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new NodeProcess(name, pb.start(), log);
    }

    /** A gateway node as {@code java -jar qiaoqiao-gateway.jar run} starts it, with a 1 GiB heap. */
    static NodeProcess gateway(String name, Map<String, String> settings, Path logDir) throws IOException {
        return start(name, "-Xmx1g", List.of(Main.class.getName(), "run"), settings, logDir.resolve(name + ".log"));
    }

    /** Waits for the node's ready line; fails with the end of its log when it died or took too long. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (Files.readString(log).contains(READY)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        String text = Files.readString(log);
        throw new IllegalStateException("node " + name + " did not start; its log ends:\n"
                + text.substring(Math.max(0, text.length() - 3000)));
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Asks the process to stop (shutdown hooks run); kills it if it has not after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
