package io.qiaoqiao.gateway.logging;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** POST /api/logging changes a logger's level in the running process; reading and writing need their scopes. */
class LogLevelRoutesTest {
    private static final String LOGGER = "io.qiaoqiao.gateway.outbox";
    private GatewayHarness h;
    private ApiClient ops;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.start(Map.of("api.tokens", "ops:logging.read+logging.write:ops-token,viewer:logging.read:view-token,"
                + "studio:tickets.read:studio-token"));
        ops = new ApiClient(h.gateway().httpPort(), "ops-token");
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(LOGGER)).setLevel(null);
        h.close();
    }

    @Test
    void an_operator_turns_one_logger_to_debug_and_back() {
        Logger outbox = (Logger) LoggerFactory.getLogger(LOGGER);
        assertNull(outbox.getLevel());

        HttpResponse<String> set = ops.post("/api/logging", "{\"logger\":\"" + LOGGER + "\",\"level\":\"debug\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(new JsonObject().put("logger", LOGGER).put("level", "DEBUG").put("effective", "DEBUG"), json(set));
        assertEquals(Level.DEBUG, outbox.getLevel());
        assertTrue(LoggerFactory.getLogger(LOGGER + ".OutboxSender").isDebugEnabled(), "children inherit it");
        assertEquals(1, h.count("SELECT count(*) FROM operator_audit WHERE operator = 'operator:ops' AND action = 'logging.level'"
                + " AND target = $1", LOGGER));

        HttpResponse<String> listed = ops.get("/api/logging");
        assertEquals(200, listed.statusCode());
        assertTrue(json(listed).getJsonArray("loggers").contains(new JsonObject().put("logger", LOGGER).put("level", "DEBUG")
                .put("effective", "DEBUG")), listed.body());
        assertTrue(json(listed).getJsonArray("loggers").contains(new JsonObject()
                .put("logger", "org.jsmpp.session.state.SMPPSessionBound").put("level", "OFF").put("effective", "OFF")), listed.body());

        HttpResponse<String> inherit = ops.post("/api/logging", "{\"logger\":\"" + LOGGER + "\",\"level\":null}");
        assertEquals(200, inherit.statusCode(), inherit.body());
        assertNull(outbox.getLevel());
    }

    @Test
    void reading_and_writing_need_their_scopes_and_bad_input_is_a_400() {
        assertEquals(403, ops.as("studio-token").get("/api/logging").statusCode());
        assertEquals(200, ops.as("view-token").get("/api/logging").statusCode());
        assertEquals(403, ops.as("view-token").post("/api/logging", "{\"logger\":\"" + LOGGER + "\",\"level\":\"DEBUG\"}").statusCode());
        assertNull(((Logger) LoggerFactory.getLogger(LOGGER)).getLevel(), "a refused request changes nothing");

        HttpResponse<String> level = ops.post("/api/logging", "{\"logger\":\"" + LOGGER + "\",\"level\":\"LOUD\"}");
        assertEquals(400, level.statusCode());
        assertEquals("level must be one of [TRACE, DEBUG, INFO, WARN, ERROR, OFF], or null to inherit", json(level).getString("detail-en"));
        assertEquals(400, ops.post("/api/logging", "{\"logger\":\"a b\",\"level\":\"DEBUG\"}").statusCode());
        assertEquals(400, ops.post("/api/logging", "{\"logger\":\"ROOT\",\"level\":null}").statusCode());
        assertEquals(400, ops.post("/api/logging", "{\"logger\":\"" + LOGGER + "\"}").statusCode());
    }
}
