package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Main;
import io.qiaoqiao.gateway.config.Config;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in its own JVM on this JVM's class path, configured with QIAOQIAO_* variables as an
 * operator would, so it can be killed the way an operating system does (SIGKILL: no shutdown
 * hook, no unbind, connections cut mid-flight). Ready is what its {@code /health/ready} says.
 */
public final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The system property whose value, when set, is the {@code clock.offset} of nodes whose settings name none. */
    public static final String SUITE_CLOCK_OFFSET = "qiaoqiao.nodes.clock-offset";
    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private NodeProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code java <heap> -cp <class path> <mainAndArgs>} with {@code settings} as
     * QIAOQIAO_* variables, {@code node.id} = {@code name} and a free loopback HTTP port (unless
     * the settings name one); its output goes to {@code log}. Without {@code clock.offset} in the
     * settings the node gets the one named by the system property {@value #SUITE_CLOCK_OFFSET}, if set.
     */
    public static NodeProcess start(String name, String heap, List<String> mainAndArgs, Map<String, String> settings,
                                    Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, heap, "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        Map<String, String> all = new HashMap<>(settings);
        all.put("node.id", name);
        // A test suite that runs every gateway at one studio hour hands its offset to nodes it
        // does not configure itself (the benchmark's, started from GatewayScaleOutTest).
        String suiteOffset = System.getProperty(SUITE_CLOCK_OFFSET);
        if (suiteOffset != null) {
            all.putIfAbsent("clock.offset", suiteOffset);
        }
        all.putIfAbsent("http.host", "127.0.0.1");
        // Each node its own call spool, kept across its restarts (nodes started from one folder would share ./data).
        all.putIfAbsent("voice.spool-dir", log.toAbsolutePath().getParent().resolve(name + "-voice-spool").toString());
        if (!all.containsKey("http.port") || all.get("http.port").equals("0")) {
            all.put("http.port", String.valueOf(freePort()));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        all.forEach((k, v) -> pb.environment().put(Config.envName(k), v));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new NodeProcess(name, pb.start(), log, Integer.parseInt(all.get("http.port")));
    }

    /** When set, the folder where every gateway node records a JFR profile of its whole run. */
    static final String PROFILE_DIR = "qiaoqiao.bench.profile-dir";

    /** A gateway node as {@code java -jar qiaoqiao-gateway.jar run} starts it, with a 1 GiB heap. */
    static NodeProcess gateway(String name, Map<String, String> settings, Path logDir) throws IOException {
        return gateway(name, settings, logDir, "");
    }

    /** As {@link #gateway(String, Map, Path)}, its log named with {@code logSuffix} (a restart's own). */
    static NodeProcess gateway(String name, Map<String, String> settings, Path logDir, String logSuffix) throws IOException {
        List<String> main = new ArrayList<>();
        String profileDir = System.getProperty(PROFILE_DIR);
        if (profileDir != null) {
            main.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + Path.of(profileDir, name + logSuffix + ".jfr"));
        }
        main.addAll(List.of(Main.class.getName(), "run"));
        return start(name, "-Xmx1g", main, settings, logDir.resolve(name + logSuffix + ".log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** Waits until {@code /health/ready} answers 200; fails with the end of its log when it died or took too long. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < until && process.isAlive()) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            Thread.sleep(100);
        }
        String text = Files.readString(log);
        throw new IllegalStateException("node " + name + (process.isAlive() ? " not ready in " + timeout : " died")
                + "; its log ends:\n" + text.substring(Math.max(0, text.length() - 3000)));
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
