package io.qiaoqiao.gateway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Every event the process's Logback lets through while open (a list appender on the root
 * logger), optionally with some loggers' levels changed; closing puts the levels back.
 */
public final class CapturedLogs implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> previousLevels = new HashMap<>();

    public CapturedLogs() {
        appender.setContext(context);
        appender.setName("captured-" + System.identityHashCode(this));
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** Lets {@code logger} through at {@code level} until closed. */
    public CapturedLogs level(String logger, Level level) {
        Logger l = context.getLogger(logger);
        previousLevels.putIfAbsent(l, l.getLevel());
        l.setLevel(level);
        return this;
    }

    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    public List<ILoggingEvent> events(Predicate<ILoggingEvent> which) {
        return events().stream().filter(which).toList();
    }

    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        previousLevels.forEach(Logger::setLevel);
    }
}
