package io.qiaoqiao.gateway.plugins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A studio that deploys a plugin jar over and over, or a script that reloads in a loop. Each
 * reload of a replaced jar made a class loader that was never closed (its jar stayed open: fifty
 * reloads, fifty open jars), and each HTTP reload waited for the one before on a Vert.x worker
 * thread (a burst took all twenty). Now replaced loaders are closed once
 * {@code plugins.close-replaced-after} has passed, and reloads run one at a time on a thread of
 * their own, requests made meanwhile sharing the next one.
 */
// Tagged slow: reloading plugins never reads the studio hour, so the night-clock CI passes leave it out.
@Tag("slow")
class PluginReloadBurstTest {
    private static final String RULE = """
            @Override public double score(RoutingSnapshot s, Candidate c) {
                return %d;
            }""";

    @TempDir
    Path dir;

    @Test
    void fifty_reloads_of_a_replaced_jar_leave_one_class_loader_and_one_open_jar() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Config config = Config.of(Map.of("plugins.dir", plugins.toString(), "plugins.close-replaced-after", "PT0.2S"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        deploy(plugins, 0);
        PluginRegistry registry = new PluginRegistry(config, config::reload, Texts.KEYS, new PluginMetrics(meters));
        double loadersAtStart = meters.get("qiaoqiao.plugin.class.loaders").gauge().value();

        for (int version = 1; version <= 50; version++) {
            deploy(plugins, version);
            assertTrue(registry.requestReload().join().applied());
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, openFilesUnder(plugins),
                "only the jar in use is open"));
        assertEquals(loadersAtStart, meters.get("qiaoqiao.plugin.class.loaders").gauge().value(),
                "as many class loaders as at the start: the replaced ones are closed");
        assertTrue(registry.current().pluginIds().contains("stamp"), "and the last version is the one in use");
    }

    @Test
    void a_burst_of_fifty_reload_requests_takes_no_worker_thread_and_every_request_is_answered() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of("api.tokens", "ops:plugins.write:ops-token"))) {
            long workersBefore = workerThreads();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest reload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway().httpPort() + "/api/plugins/reload"))
                    .header("Authorization", "Bearer ops-token").POST(HttpRequest.BodyPublishers.noBody()).build();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(http.sendAsync(reload, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertEquals(200, answer.join().statusCode(), answer.join().body());
            }
            assertTrue(workerThreads() - workersBefore <= 1, "Vert.x worker threads before " + workersBefore
                    + ", after the burst " + workerThreads());
            double reloads = h.gateway().registry().get("qiaoqiao.plugin.reloads").tag("result", "applied").counter().count();
            assertTrue(reloads >= 1 && reloads <= 50, "reloads run: " + reloads);
        }
    }

    /** Version {@code n} of the studio's plugin, moved into place as a deployment does (a new file under the old name). */
    private void deploy(Path plugins, int n) throws IOException {
        Path built = new PluginJarBuilder().source(PluginJarBuilder.plugin("org.studio.stamp", "stamp", "SPI_VERSION",
                        RULE.formatted(n))).service("org.studio.stamp.TestPlugin").writeTo(dir.resolve("stamp-" + n + ".jar"));
        Files.move(built, plugins.resolve("stamp.jar"), StandardCopyOption.REPLACE_EXISTING);
        // A new modification time for each version, whatever the file system's clock resolution.
        Files.setLastModifiedTime(plugins.resolve("stamp.jar"), java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (n + 1)));
    }

    /** The process's open files under {@code dir}, deleted ones included (Linux: /proc/self/fd). */
    private static long openFilesUnder(Path dir) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        try (Stream<Path> links = Files.list(fds)) {
            return links.map(l -> {
                try {
                    return Files.readSymbolicLink(l).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(target -> target.startsWith(dir.toString())).count();
        }
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vert.x-worker-thread")).count();
    }
}
