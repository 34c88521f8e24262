package io.qiaoqiao.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The first occurrence at once, then one line per interval with how many were held back. */
class ThrottledLogTest {
    @Test
    void a_flood_is_one_warning_per_interval_with_a_count() {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("flood");
        logger.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.setContext(context);
        lines.start();
        logger.addAppender(lines);
        AtomicLong nanos = new AtomicLong(1_000);
        ThrottledLog log = new ThrottledLog(logger, Duration.ofSeconds(10), nanos::get);

        log.warn("refused");
        for (int i = 0; i < 500; i++) {
            nanos.addAndGet(10_000_000);  // 500 × 10 ms: five seconds, inside the interval
            log.warn("refused");
        }
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        log.warn("refused");

        List<String> warnings = lines.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of("refused", "refused (and 500 more like it since the last report)"), warnings);
        assertEquals(500, lines.list.stream().filter(e -> e.getLevel() == Level.DEBUG).count(), "each one at DEBUG");
    }
}
