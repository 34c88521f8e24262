package io.qiaoqiao.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What one log line looks like, written out by hand, in both formats. */
class LogLineEncoderTest {
    private static final Instant AT = Instant.parse("2026-11-23T01:15:02.100Z");

    private static LoggingEvent event(String message, Throwable error, Map<String, String> mdc) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("io.qiaoqiao.gateway.intake.TextIntake"),
                Level.INFO, message, error, null);
        event.setInstant(AT);
        event.setThreadName("vert.x-eventloop-thread-1");
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private static String encode(String format, LoggingEvent event) {
        LogLineEncoder encoder = new LogLineEncoder();
        encoder.setFormat(format);
        encoder.setZone("Asia/Shanghai");
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void a_text_line_has_time_with_offset_level_thread_logger_mdc_and_message() {
        String line = encode("text", event("ticket 1001 opened by text from +86139****1001 (REPAIR, NORMAL)", null,
                Map.of("ticket", "1001", "call", "1795368349.12")));
        assertEquals("2026-11-23T09:15:02.100+08:00 INFO  [vert.x-eventloop-thread-1] io.qiaoqiao.gateway.intake.TextIntake"
                + " call=1795368349.12 ticket=1001 - ticket 1001 opened by text from +86139****1001 (REPAIR, NORMAL)"
                + System.lineSeparator(), line);
    }

    @Test
    void a_text_line_without_mdc_goes_straight_to_the_message() {
        assertEquals("2026-11-23T09:15:02.100+08:00 INFO  [vert.x-eventloop-thread-1] io.qiaoqiao.gateway.intake.TextIntake - 好"
                + System.lineSeparator(), encode("text", event("好", null, Map.of())));
    }

    @Test
    void a_json_line_is_one_line_with_named_fields_even_with_a_stack_trace() {
        String line = encode("json", event("居民说 \"救命\"\n第二行", new IllegalStateException("pool closed"),
                Map.of("ticket", "1001")));
        assertTrue(line.endsWith("\n"), line);
        assertEquals(1, line.split("\n", -1).length - 1, "exactly one newline, at the end: " + line);
        assertTrue(line.startsWith("{\"time\":\"2026-11-23T09:15:02.100+08:00\",\"level\":\"INFO\","
                + "\"thread\":\"vert.x-eventloop-thread-1\",\"logger\":\"io.qiaoqiao.gateway.intake.TextIntake\","
                + "\"ticket\":\"1001\",\"message\":\"居民说 \\\"救命\\\"\\n第二行\",\"error\":\"java.lang.IllegalStateException: pool closed"),
                line);
        JsonObject parsed = new JsonObject(line);
        assertEquals("居民说 \"救命\"\n第二行", parsed.getString("message"));
        assertTrue(parsed.getString("error").contains("\tat io.qiaoqiao.gateway.logging.LogLineEncoderTest"), parsed.getString("error"));
    }

    @Test
    void an_mdc_key_named_like_a_field_does_not_overwrite_it() {
        JsonObject parsed = new JsonObject(encode("json", event("m", null, Map.of("level", "FAKE", "call", "1.2"))));
        assertEquals("INFO", parsed.getString("level"));
        assertEquals("1.2", parsed.getString("call"));
    }

    @Test
    void an_unknown_format_is_refused_with_the_key_and_the_choices() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LogLineEncoder().setFormat("xml"));
        assertEquals("log.format must be text or json, not 'xml'", e.getMessage());
    }
}
