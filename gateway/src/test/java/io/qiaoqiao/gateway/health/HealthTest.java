package io.qiaoqiao.gateway.health;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.qiaoqiao.embedded.EmbeddedPostgres;
import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health/live, /health/ready and /health as a load balancer and an orchestrator use them. */
class HealthTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    private static JsonObject body(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    @Test
    void ready_is_503_while_the_smsc_has_dropped_the_bind_and_200_again_after_the_rebind() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of())) {
            int port = h.gateway().httpPort();
            HttpResponse<String> ready = get(port, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals(new JsonObject().put("status", "UP").put("database", "UP").put("smpp", "BOUND").put("ami", "DISABLED")
                    .put("agi", "LISTENING"), body(ready));

            h.smsc.dropConnections();
            h.smsc.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/health/ready").statusCode() == 503);
            assertEquals(new JsonObject().put("status", "DOWN").put("database", "UP").put("smpp", "UNBOUND").put("ami", "DISABLED")
                    .put("agi", "LISTENING"), body(get(port, "/health/ready")));
            assertEquals(503, get(port, "/health").statusCode(), "/health answers as ready");
            assertEquals(200, get(port, "/health/live").statusCode(), "an unbound gateway is alive");

            h.smsc.start();
            h.awaitBound();
            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/health/ready").statusCode() == 200);
            assertEquals("BOUND", body(get(port, "/health")).getString("smpp"));
        }
    }

    @Test
    void a_flood_of_health_requests_takes_no_intake_connection_and_every_text_gets_its_ticket() throws Exception {
        int floods = 2000;
        int texts = 40;
        try (GatewayHarness h = GatewayHarness.start(Map.of("db.pool-size", "2")).withDemoRoster()) {
            int port = h.gateway().httpPort();
            double poolUsesBefore = poolUses(h);
            List<CompletableFuture<HttpResponse<String>>> health = new ArrayList<>();
            for (int i = 0; i < floods; i++) {
                health.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = new ArrayList<>();
            try (ExecutorService residents = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < texts; i++) {
                    // Each says it is another matter: more words from a resident with an open request would join it.
                    String text = "另外一件事，第" + i + "号求助：家里水管漏水了";
                    sent.add(residents.submit(() -> h.text("+8613900001001", text)));
                }
                for (Future<Integer> s : sent) {
                    statuses.add(s.get());
                }
            }
            assertEquals(List.of(0), statuses.stream().distinct().toList(), "every text acknowledged, none refused");
            Map<String, Long> answers = health.stream().map(CompletableFuture::join)
                    .collect(java.util.stream.Collectors.groupingBy(r -> r.statusCode() + " " + r.body().replaceAll("\\s", ""),
                            java.util.stream.Collectors.counting()));
            assertEquals(Map.of("200 {\"status\":\"UP\",\"database\":\"UP\",\"smpp\":\"BOUND\",\"ami\":\"DISABLED\",\"agi\":\"LISTENING\"}",
                    (long) floods), answers, "every health request answered: ready");

            List<String> replies = h.awaitTexts("+8613900001001", texts);
            assertEquals(texts, replies.stream().map(GatewayHarness::codeIn).distinct().count(), "a ticket code for every text");
            assertEquals(texts, h.count("SELECT count(*) FROM tickets WHERE requester_phone = '+8613900001001'"));
            double poolUses = poolUses(h) - poolUsesBefore;
            // Intake, the outbox and the timers used the pool meanwhile; 2,000 health checks did not.
            assertTrue(poolUses >= texts, "the pool's uses are counted (texts took " + poolUses + ")");
            assertTrue(poolUses < floods / 2.0, "the intake pool was borrowed " + poolUses + " times during the flood");
        }
    }

    private static double poolUses(GatewayHarness h) {
        return h.gateway().registry().find("vertx.pool.usage").tag("pool_type", "sql").timers().stream()
                .mapToDouble(Timer::count).sum();
    }

    @Test
    void live_answers_while_the_database_is_unreachable_and_ready_says_the_database_is_down(@TempDir Path dir) {
        EmbeddedPostgres pg = EmbeddedPostgres.start(dir.resolve("pg"));
        Gateway gateway = null;
        try {
            gateway = Gateway.start(Config.of(Map.of("db.url", pg.url(), "http.host", "127.0.0.1", "http.port", "0",
                    "smpp.enabled", "false", "agi.enabled", "false", "ami.enabled", "false",
                    "plugins.reload-on-sighup", "false", "plugins.dir", dir.resolve("no-plugins").toString())));
            int port = gateway.httpPort();
            assertEquals(new JsonObject().put("status", "UP").put("database", "UP").put("smpp", "DISABLED").put("ami", "DISABLED")
                    .put("agi", "DISABLED"), body(get(port, "/health/ready")));

            pg.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> get(port, "/health/ready").statusCode() == 503);
            assertEquals("DOWN", body(get(port, "/health/ready")).getString("database"));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> live = get(port, "/health/live");
                assertEquals(200, live.statusCode(), live.body());
                assertEquals("UP", body(live).getString("status"));
                assertTrue(body(live).getInteger("eventLoops") > 0, live.body());
            }
        } finally {
            if (gateway != null) {
                gateway.stop();
            }
            pg.close();
        }
    }
}
