package io.qiaoqiao.gateway.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import ch.qos.logback.core.status.Status;
import io.qiaoqiao.gateway.config.Config;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the gateway's {@code log.*} keys to Logback once the configuration is known (Logback
 * has configured itself from {@code logback.xml} before that, so the first lines of a start
 * use it):
 * <ul>
 *   <li>{@code log.config}: a Logback file to use instead of the jar's, e.g.
 *       {@code /etc/qiaoqiao/logback.xml}; with {@code scan="true"} Logback re-reads it when it
 *       changes, so levels per logger change without a restart;</li>
 *   <li>{@code log.format}: {@code text} or {@code json}, handed to the configuration as
 *       {@code ${qiaoqiao.log.format}} (the jar's file and ops/logback.xml use it).</li>
 * </ul>
 * Nothing is touched when both are at their defaults, so tests keep their logback-test.xml.
 */
public final class LogSetup {
    /** The system property the logging configuration reads the format from. */
    public static final String FORMAT_PROPERTY = "qiaoqiao.log.format";
    private static final Logger log = LoggerFactory.getLogger(LogSetup.class);

    private LogSetup() {
    }

    /** Applies {@code log.config} and {@code log.format} to the process's Logback. */
    public static void apply(Config config) {
        LogFormat format = LogFormat.parse(config.string("log.format"));
        String file = config.string("log.config").strip();
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            if (!file.isEmpty() || format != LogFormat.TEXT) {
                log.warn("log.config and log.format need Logback; logging goes through {}", factory.getClass().getName());
            }
            return;
        }
        apply(context, format, file.isEmpty() ? null : Path.of(file));
    }

    /**
     * Reconfigures {@code context} from {@code file} (or, when null, from the file it was
     * configured from) with {@code format}; does nothing for the text format without a file.
     *
     * @throws IllegalArgumentException when the file is missing or Logback reports an error in it
     */
    public static void apply(LoggerContext context, LogFormat format, Path file) {
        if (file == null && format == LogFormat.TEXT && System.getProperty(FORMAT_PROPERTY) == null) {
            return;
        }
        URL source;
        try {
            if (file != null) {
                if (!Files.isReadable(file)) {
                    throw new IllegalArgumentException("log.config: cannot read the logging configuration " + file);
                }
                source = file.toUri().toURL();
            } else {
                source = ConfigurationWatchListUtil.getMainWatchURL(context);
                if (source == null) {
                    source = LogSetup.class.getResource("/logback.xml");
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("log.config: " + e.getMessage(), e);
        }
        System.setProperty(FORMAT_PROPERTY, format.name().toLowerCase(Locale.ROOT));
        long before = System.currentTimeMillis();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(source);
        } catch (JoranException e) {
            throw new IllegalArgumentException("log.config: " + source + ": " + e.getMessage(), e);
        }
        String errors = errorsSince(context, before);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("log.config: " + source + " has errors: " + errors);
        }
        log.info("logging configured from {} ({} lines)", source, format.name().toLowerCase(Locale.ROOT));
    }

    private static String errorsSince(LoggerContext context, long since) {
        StringBuilder out = new StringBuilder();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR && status.getTimestamp() >= since) {
                out.append(out.isEmpty() ? "" : "; ").append(status.getMessage());
            }
        }
        return out.toString();
    }
}
