package io.qiaoqiao.gateway.testing;

import io.qiaoqiao.gateway.Main;
import io.qiaoqiao.gateway.config.Config;
import java.io.File;
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
 * A gateway in its own JVM, started as {@code Main run} with its settings as QIAOQIAO_*
 * environment variables (the operator's path), so a test can kill it the way an operating
 * system does (SIGKILL: no shutdown hooks, no unbind, connections cut mid-flight).
 */
public final class GatewayProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final Path log;
    private final int httpPort;

    private GatewayProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code java -cp <this test's class path> Main run}; {@code node.id} is {@code name}
     * and the HTTP API listens on a free loopback port unless the settings name one. Its clock is
     * the suite's ({@link StudioTime}) unless the settings pin {@code clock.offset}.
     */
    public static GatewayProcess start(String name, Map<String, String> settings) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "gateway-processes")).resolve(name + "-" + System.nanoTime() + ".log");
        String javaBin = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run"));
        Map<String, String> all = new HashMap<>(StudioTime.withSuiteClock(settings));
        all.put("node.id", name);
        all.putIfAbsent("http.host", "127.0.0.1");
        if (!all.containsKey("http.port") || all.get("http.port").equals("0")) {
            try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                all.put("http.port", String.valueOf(free.getLocalPort()));
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        all.forEach((k, v) -> pb.environment().put(Config.envName(k), v));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new GatewayProcess(pb.start(), log, Integer.parseInt(all.get("http.port")));
    }

    public int httpPort() {
        return httpPort;
    }

    /** The HTTP status of {@code path} on this gateway, or -1 while nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until {@code /health/ready} answers 200 (database reachable, SMSC bound, AGI listening where enabled). */
    public GatewayProcess awaitHealthy(Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .failFast("the gateway process died; see " + log, () -> !process.isAlive())
                .until(() -> status("/health/ready") == 200);
        return this;
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public File log() {
        return log.toFile();
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
