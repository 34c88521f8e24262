package io.qiaoqiao.gateway.desk;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.DeskClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desk's live queue: server-sent events that carry each ticket change from any gateway node
 * sharing the database, read by an ordinary HTTP client as a browser's EventSource reads them.
 */
class QueueFeedTest {
    private static final String WANG = "+8613900001001";
    private GatewayHarness h;
    private final List<Stream<String>> open = new ArrayList<>();

    /** The events of one stream as they arrive: id, event and data of each. */
    private static final class Events {
        final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

        List<JsonObject> tickets() {
            return received.stream().filter(e -> "ticket".equals(e.get("event"))).map(e -> new JsonObject(e.get("data"))).toList();
        }

        boolean has(String code, String status) {
            return tickets().stream().anyMatch(t -> t.getJsonObject("ticket").getString("code").equals(code)
                    && t.getJsonObject("ticket").getString("status").equals(status));
        }
    }

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the request is offered at once",
                Map.of("api.tokens", "admin:*:admin-token,clerk:tickets.read:clerk-token")).withDemoRoster();
        GatewayHarness.await(h.gateway().pool().withTransaction(db -> OperatorAccounts.create(db, "张站长", PasswordHash.hash("桥头村 2026 春"),
                List.of("*"), "test")));
    }

    @AfterEach
    void stop() {
        open.forEach(Stream::close);
        h.close();
    }

    private Events stream(int port, String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/queue/stream" + query));
        headers.forEach(request::header);
        HttpResponse<Stream<String>> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, answer.statusCode());
        assertEquals("text/event-stream; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(""));
        Events events = new Events();
        Stream<String> lines = answer.body();
        open.add(lines);
        Thread.ofVirtual().start(() -> {
            Map<String, String> event = new HashMap<>();
            try {
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        if (!event.isEmpty()) {
                            events.received.add(Map.copyOf(event));
                        }
                        event.clear();
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        event.put(line.substring(0, colon), line.substring(colon + 1).strip());
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
        return events;
    }

    @Test
    void a_residents_text_appears_in_the_signed_in_desks_stream_as_it_is_routed() throws Exception {
        DeskClient desk = new DeskClient(h.gateway().httpPort());
        desk.signIn("张站长", "桥头村 2026 春");
        Events events = stream(h.gateway().httpPort(), "", Map.of("Cookie", "qiaoqiao_session=" + desk.cookie()));
        Events elsewhere = stream(h.gateway().httpPort(), "?village=" + java.net.URLEncoder.encode("西村", "UTF-8"),
                Map.of("Authorization", "Bearer admin-token"));

        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.has(code, "offered"));
        JsonObject change = events.tickets().stream().filter(t -> t.getJsonObject("ticket").getString("status").equals("offered")).findFirst()
                .orElseThrow();
        assertEquals("我家电视遥控器坏了，看不了戏曲频道", change.getJsonObject("ticket").getString("text"));
        assertEquals("桥头村", change.getJsonObject("ticket").getString("village"));
        assertTrue(change.getJsonArray("types").contains("offered"), change.encode());
        assertTrue(events.received.stream().filter(e -> "ticket".equals(e.get("event"))).allMatch(e -> e.get("id").matches("\\d+")),
                "every change has the id a reconnecting stream sends back");

        h.text("+8613900002001", "1 " + code);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.has(code, "accepted"));
        assertEquals("张伟", events.tickets().getLast().getJsonObject("ticket").getString("volunteer"));
        assertEquals(List.of(), elsewhere.tickets(), "a stream for 西村 hears nothing of 桥头村");
    }

    @Test
    void a_change_made_on_another_node_reaches_this_nodes_stream() throws Exception {
        Events events = stream(h.gateway().httpPort(), "", Map.of("Authorization", "Bearer admin-token"));
        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        Awaitility.await().until(() -> events.has(code, "offered"));
        Gateway other = Gateway.start(h.config().with(Map.of("smpp.enabled", "false", "agi.enabled", "false")));
        try {
            int before = events.tickets().size();
            var noted = new ApiClient(other.httpPort(), "admin-token").post("/api/tickets/" + code + "/note", "{\"text\":\"另一个节点记的\"}");
            assertEquals(200, noted.statusCode(), noted.body());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.tickets().size() > before);
            assertTrue(events.tickets().getLast().getJsonArray("types").contains("note"));
        } finally {
            other.stop();
        }
    }

    @Test
    void a_reconnecting_stream_gets_what_changed_since_its_last_event_and_a_clerk_sees_no_confidential_words() throws Exception {
        Events first = stream(h.gateway().httpPort(), "", Map.of("Authorization", "Bearer admin-token"));
        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        Awaitility.await().until(() -> first.has(code, "offered"));
        long lastSeen = first.received.stream().filter(e -> "ticket".equals(e.get("event"))).mapToLong(e -> Long.parseLong(e.get("id"))).max()
                .orElseThrow();

        h.sql("UPDATE tickets SET category = 'MEDIATION' WHERE code = $1", code);
        assertEquals(200, new ApiClient(h.gateway().httpPort(), "admin-token").post("/api/tickets/" + code + "/note", "{\"text\":\"邻里纠纷\"}")
                .statusCode());
        Events clerk = stream(h.gateway().httpPort(), "", Map.of("Authorization", "Bearer clerk-token", "Last-Event-ID", String.valueOf(lastSeen)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !clerk.tickets().isEmpty());
        JsonObject replayed = clerk.tickets().getFirst();
        assertEquals(code, replayed.getJsonObject("ticket").getString("code"));
        assertEquals(List.of("note"), replayed.getJsonArray("types").getList(), "only what happened after the last event it saw");
        assertNull(replayed.getJsonObject("ticket").getString("text"), "MEDIATION is confidential: the clerk lacks the scope");
        assertTrue(replayed.getJsonObject("ticket").getBoolean("redacted"));
        assertFalse(first.tickets().getLast().getJsonObject("ticket").getBoolean("redacted"), "the admin holds it");

        Events lost = stream(h.gateway().httpPort(), "", Map.of("Authorization", "Bearer admin-token", "Last-Event-ID", "no-such-id"));
        Awaitility.await().until(() -> lost.received.stream().anyMatch(e -> "reset".equals(e.get("event"))));
    }
}
