package io.qiaoqiao.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One log event, one line: its time (ISO-8601 with the offset of the JVM's zone), level,
 * thread, logger, the MDC ({@code ticket}, {@code call}) and the message.
 *
 * <p>{@code format=text} (the default) is for people reading a terminal or {@code journalctl}:
 * <pre>2026-11-23T09:15:02.114+08:00 INFO  [vert.x-eventloop-thread-1] io.qiaoqiao.gateway.intake.TextIntake ticket=1001 - ticket 1001 opened ...</pre>
 * with a stack trace, when there is one, on the lines below. {@code format=json} is for log
 * shippers: one JSON object per line, the stack trace inside it as the {@code error} field, so
 * an event is always exactly one line:
 * <pre>{"time":"…","level":"INFO","thread":"…","logger":"io.qiaoqiao.gateway.intake.TextIntake","ticket":"1001","message":"…"}</pre>
 * Logback's own JSON encoder writes the logger context and sequence numbers into every line and
 * the time as epoch milliseconds; shippers want less and a readable time.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
    /** Field names of a JSON line; an MDC entry with one of these names is left out. */
    static final Set<String> JSON_FIELDS = Set.of("time", "level", "thread", "logger", "message", "error");
    // ISO-8601 with milliseconds always written, so every line's time has the same width.
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private LogFormat format = LogFormat.TEXT;
    private ZoneId zone = ZoneId.systemDefault();

    /** {@code text} or {@code json}; set from the configuration file ({@code <format>}). */
    public void setFormat(String name) {
        this.format = LogFormat.parse(name);
    }

    public String getFormat() {
        return format.name().toLowerCase(Locale.ROOT);
    }

    /** The zone of the timestamps; the JVM's zone unless set (tests). */
    public void setZone(String zone) {
        this.zone = ZoneId.of(zone);
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String line = format == LogFormat.JSON ? json(event) : text(event);
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private String time(ILoggingEvent event) {
        return TIME.format(event.getInstant().atZone(zone));
    }

    private String text(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append(time(event)).append(' ');
        String level = event.getLevel().toString();
        line.append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        line.append(" [").append(event.getThreadName()).append("] ");
        // The whole name, as in the JSON form: one spelling to grep for.
        line.append(event.getLoggerName());
        for (Map.Entry<String, String> entry : mdc(event).entrySet()) {
            line.append(' ').append(entry.getKey()).append('=').append(entry.getValue());
        }
        line.append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.append(ThrowableProxyUtil.asString(error));
        }
        return line.toString();
    }

    private String json(ILoggingEvent event) {
        JsonObject line = new JsonObject()
                .put("time", time(event))
                .put("level", event.getLevel().toString())
                .put("thread", event.getThreadName())
                .put("logger", event.getLoggerName());
        mdc(event).forEach((key, value) -> {
            if (!JSON_FIELDS.contains(key)) {
                line.put(key, value);
            }
        });
        line.put("message", event.getFormattedMessage());
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.put("error", ThrowableProxyUtil.asString(error).stripTrailing());
        }
        return line.encode() + "\n";
    }

    private static Map<String, String> mdc(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        // A line logged by a callback of an HTTP request carries its id even where the MDC is
        // not set: the id lives on the request's Vert.x context (LogContext).
        String request = mdc != null && mdc.containsKey(LogContext.REQUEST) ? null : LogContext.requestOfContext();
        if ((mdc == null || mdc.isEmpty()) && request == null) {
            return Map.of();
        }
        // A stable order, by name, so lines of one kind line up.
        Map<String, String> out = mdc == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(mdc);
        if (request != null) {
            out.put(LogContext.REQUEST, request);
        }
        return out;
    }
}
