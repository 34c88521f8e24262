package io.qiaoqiao.gateway.http;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.qiaoqiao.gateway.logging.LogLineEncoder;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Errors are RFC 9457 problem documents that never carry the database's own words, and every
 * answer and every line logged for a request carries the request's id.
 */
class ProblemDocumentTest {
    private GatewayHarness h;
    private ApiClient admin;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a desk ticket is offered at once", Map.of("api.tokens", "admin:*:admin-token"))
                .withDemoRoster();
        admin = new ApiClient(h.gateway().httpPort(), "admin-token");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void a_duplicate_is_a_409_problem_in_chinese_without_a_word_of_postgresql() {
        String resident = "{\"phone\":\"13900001001\",\"name\":\"又一个王秀英\",\"village\":\"桥头村\",\"villageGroup\":\"一组\"}";
        HttpResponse<String> duplicate = admin.post("/api/residents", resident);
        assertEquals(409, duplicate.statusCode());
        assertEquals("application/problem+json; charset=utf-8", duplicate.headers().firstValue("content-type").orElse(""));
        JsonObject problem = json(duplicate);
        assertEquals("https://qiaoqiao.io/problems/already-exists", problem.getString("type"));
        assertEquals("已经有相同的记录", problem.getString("title"));
        assertEquals("这个电话号码已经登记为居民", problem.getString("detail"));
        assertEquals("/api/residents", problem.getString("instance"));
        for (String leak : List.of("Key (", "phone)=", "13900001001", "duplicate key", "violates", "constraint", "residents_phone_key",
                "23505")) {
            assertFalse(duplicate.body().contains(leak), "'" + leak + "' in " + duplicate.body());
        }
        HttpResponse<String> missing = admin.post("/api/family", "{\"residentId\":99999,\"phone\":\"13900007778\",\"name\":\"某人\"}");
        assertEquals(409, missing.statusCode());
        assertEquals("https://qiaoqiao.io/problems/reference-missing", json(missing).getString("type"));
        for (String leak : List.of("Key (", "resident_id", "99999", "foreign key", "family_contacts")) {
            assertFalse(missing.body().contains(leak), "'" + leak + "' in " + missing.body());
        }
    }

    @Test
    void a_sane_request_id_is_kept_an_insane_one_replaced_and_either_is_in_the_answer_and_the_problem() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> kept = http.send(request("/api/tickets/999999").header("X-Request-Id", "desk-7f3a.2").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("desk-7f3a.2", kept.headers().firstValue("X-Request-Id").orElse(""));
        assertEquals("desk-7f3a.2", json(kept).getString("requestId"));
        assertEquals("没有编号为 999999 的求助", json(kept).getString("detail"));

        HttpResponse<String> replaced = http.send(request("/api/tickets/999999").header("X-Request-Id", "two words\u00e9").build(),
                HttpResponse.BodyHandlers.ofString());
        String generated = replaced.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(generated.matches("[0-9a-f]{24}"), generated);
        HttpResponse<String> another = http.send(request("/api/tickets").build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(generated, another.headers().firstValue("X-Request-Id").orElse(""));
        assertTrue(admin.as(null).get("/health").headers().firstValue("X-Request-Id").isPresent(), "every answer, not only /api's");
    }

    @Test
    void a_line_logged_after_the_answer_has_gone_async_still_carries_the_request_id() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogLineEncoder encoder = new LogLineEncoder();
        encoder.setContext(context);
        encoder.start();
        // Encoded when logged, on the thread that logs, as the console appender does.
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        };
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try {
            long resident = h.count("SELECT id FROM residents WHERE phone = '+8613900001001'");
            HttpResponse<String> created = HttpClient.newHttpClient().send(request("/api/tickets")
                    .header("X-Request-Id", "desk-intake-42").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"residentId\":" + resident + ",\"heardVia\":\"in_person\","
                            + "\"text\":\"家里水管漏水了\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            String code = json(created).getString("code");
            // Logged once the transaction has committed: several database round trips after the handler returned.
            Awaitility.await().until(() -> lines.stream().anyMatch(l -> l.contains("ticket " + code + " entered at the desk")));
            String line = lines.stream().filter(l -> l.contains("ticket " + code + " entered at the desk")).findFirst().orElseThrow();
            assertTrue(line.contains(" request=desk-intake-42 "), line);
            assertTrue(line.contains(" ticket=" + code + " "), line);
        } finally {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway().httpPort() + path)).header("Authorization", "Bearer admin-token");
    }
}
