package io.qiaoqiao.gateway.http;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read side an operator and a load balancer use: tickets, health, metrics. */
class TicketApiTest {
    private static final String WANG = "+8613900001001";
    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a ticket shown with its offer: offered at once only outside quiet hours", Map.of("api.tokens", "reader:tickets.read+metrics.read:reader-token")).withDemoRoster();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway().httpPort() + path))
                .header("Authorization", "Bearer reader-token").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_ticket_is_listed_and_shown_with_its_events_and_offers() throws Exception {
        h.text(WANG, "我家电视遥控器坏了");
        String code = codeIn(h.awaitText(WANG, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "offered".equals(h.ticketStatus(code)));

        HttpResponse<String> list = get("/api/tickets?status=offered");
        assertEquals(200, list.statusCode());
        JsonArray tickets = new JsonObject(list.body()).getJsonArray("tickets");
        assertEquals(code, tickets.getJsonObject(0).getString("code"));
        assertEquals("王秀英", tickets.getJsonObject(0).getString("resident"));

        JsonObject one = new JsonObject(get("/api/tickets/" + code).body());
        assertEquals("REPAIR", one.getString("category"));
        assertEquals("created", one.getJsonArray("events").getJsonObject(0).getString("type"));
        assertEquals("routed", one.getJsonArray("events").getJsonObject(1).getString("type"), "the first step of the chain");
        assertEquals("neighbours", one.getJsonArray("events").getJsonObject(1).getJsonObject("detail").getString("step"));
        JsonObject offered = one.getJsonArray("events").getJsonObject(2);
        assertEquals("offered", offered.getString("type"));
        assertTrue(offered.getJsonObject("detail").getJsonArray("ranking").size() > 0, "the routing verdicts are shown");
        assertEquals("张伟", one.getJsonArray("offers").getJsonObject(0).getString("volunteer"));
    }

    @Test
    void bad_requests_get_clear_errors() throws Exception {
        HttpResponse<String> unknown = get("/api/tickets/999999");
        assertEquals(404, unknown.statusCode());
        assertTrue(new JsonObject(unknown.body()).getString("detail-en").contains("999999"));
        HttpResponse<String> status = get("/api/tickets?status=lost");
        assertEquals(400, status.statusCode());
        assertTrue(new JsonObject(status.body()).getString("detail-en").contains("unknown status"));
        assertEquals(400, get("/api/tickets?limit=many").statusCode());
    }

    @Test
    void health_says_down_when_the_smsc_link_is_down() throws Exception {
        HttpResponse<String> up = get("/health");
        assertEquals(200, up.statusCode());
        assertEquals("BOUND", new JsonObject(up.body()).getString("smpp"));
        h.smsc.dropConnections();
        h.smsc.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/health").statusCode() == 503);
        assertEquals("UP", new JsonObject(get("/health").body()).getString("database"));
    }

    @Test
    void metrics_are_served_in_prometheus_format() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("qiaoqiao_smpp_bound 1.0"));
        assertTrue(metrics.body().contains("qiaoqiao_outbox_backlog"));
    }
}
