package io.qiaoqiao.gateway.http;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API shows, and to whom: ticket events name the asker by phone number, and every
 * holder of {@code tickets.read} saw it whole (now masked unless the token holds {@code phones});
 * {@code /metrics} (villages, their requests and satisfaction) was open to anyone reaching the
 * port (now it needs {@code metrics.read}, or has a listener of its own); a token removed from
 * the token file worked until the next restart (now the file is re-read when it changes and on
 * SIGHUP).
 */
class OperatorExposureTest {
    private static final String WANG = "+8613900001001";
    private static final String TOKENS = """
            reader:tickets.read:reader-token
            studio:tickets.read+phones:studio-token
            prometheus:metrics.read:scrape-token
            """;

    @TempDir
    Path dir;
    private GatewayHarness h;

    private GatewayHarness start(Map<String, String> extra) throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, TOKENS, StandardCharsets.UTF_8);
        Map<String, String> settings = new HashMap<>(Map.of("api.tokens-file", tokens.toString()));
        settings.putAll(extra);
        h = GatewayHarness.start(settings).withDemoRoster();
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void ticket_events_show_the_askers_number_masked_unless_the_token_holds_the_phones_scope() throws Exception {
        start(Map.of());
        h.text(WANG, "我家电视遥控器坏了");
        String code = codeIn(h.awaitText(WANG, 1));
        ApiClient reader = new ApiClient(h.gateway().httpPort(), "reader-token");

        String shown = reader.get("/api/tickets/" + code).body();
        assertFalse(shown.contains("13900001001"), "the full number appears nowhere for tickets.read alone: " + shown);
        assertEquals("sms:+86139****1001", firstEvent(shown).getString("actor"));
        assertEquals("sms:+8613900001001", firstEvent(reader.as("studio-token").get("/api/tickets/" + code).body()).getString("actor"));
    }

    @Test
    void metrics_on_the_api_port_need_a_token_with_the_metrics_read_scope() throws Exception {
        start(Map.of());
        ApiClient api = new ApiClient(h.gateway().httpPort(), null);

        assertEquals(401, api.get("/metrics").statusCode());
        assertEquals(403, api.as("reader-token").get("/metrics").statusCode());
        var scraped = api.as("scrape-token").get("/metrics");
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.body().contains("qiaoqiao_smpp_bound 1.0"), "the metrics themselves");
    }

    @Test
    void metrics_with_a_port_of_their_own_are_served_there_and_not_on_the_api_port() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        start(Map.of("metrics.port", String.valueOf(port)));

        assertEquals(404, new ApiClient(h.gateway().httpPort(), "scrape-token").get("/metrics").statusCode());
        var scraped = new ApiClient(port, null).get("/metrics");
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.body().contains("qiaoqiao_smpp_bound 1.0"));
    }

    @Test
    void a_token_taken_out_of_the_token_file_is_refused_within_seconds_without_a_restart() throws Exception {
        start(Map.of());
        ApiClient reader = new ApiClient(h.gateway().httpPort(), "reader-token");
        assertEquals(200, reader.get("/api/tickets").statusCode());

        Files.writeString(dir.resolve("tokens"), TOKENS.replace("reader:tickets.read:reader-token\n", ""), StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("/api/tickets").statusCode() == 401);
        assertEquals(200, reader.as("studio-token").get("/api/tickets").statusCode(), "the other tokens still work");
    }

    @Test
    void sighup_rereads_the_token_file() throws Exception {
        start(Map.of());
        ApiClient api = new ApiClient(h.gateway().httpPort(), "second-token");
        Path file = dir.resolve("tokens");
        FileTime before = Files.getLastModifiedTime(file);
        // The same length and modification time: the file watch cannot see this change, only SIGHUP re-reads it.
        Files.writeString(file, TOKENS.replace("reader:tickets.read:reader-token", "second:tickets.read:second-token"),
                StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, before);
        assertEquals(401, api.get("/api/tickets").statusCode());

        Class<?> signal = Class.forName("sun.misc.Signal");
        signal.getMethod("raise", signal).invoke(null, signal.getConstructor(String.class).newInstance("HUP"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/tickets").statusCode() == 200);
    }

    private static JsonObject firstEvent(String ticket) {
        return new JsonObject(ticket).getJsonArray("events").getJsonObject(0);
    }
}
