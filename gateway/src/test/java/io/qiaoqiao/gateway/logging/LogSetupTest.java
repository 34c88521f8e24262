package io.qiaoqiao.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped logging configuration and {@code log.config} / {@code log.format}, each on a
 * Logback context of its own (the test JVM's logging stays as logback-test.xml made it).
 */
class LogSetupTest {
    private static final String FILE = """
            <configuration scan="true" scanPeriod="200 milliseconds">
              <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                <encoder class="io.qiaoqiao.gateway.logging.LogLineEncoder"><format>${qiaoqiao.log.format:-text}</format></encoder>
              </appender>
              <include resource="qiaoqiao/logback-defaults.xml"/>
              <logger name="io.qiaoqiao.gateway.sms" level="%s"/>
              <root level="INFO"><appender-ref ref="CONSOLE"/></root>
            </configuration>
            """;
    private final LoggerContext context = new LoggerContext();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        context.stop();
        System.clearProperty(LogSetup.FORMAT_PROPERTY);
    }

    private static String format(LoggerContext context) {
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        return ((LogLineEncoder) console.getEncoder()).getFormat();
    }

    @Test
    void the_jar_logs_info_in_text_with_the_per_pdu_library_loggers_turned_down() throws Exception {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogSetup.class.getResource("/logback.xml"));
        assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(Level.OFF, context.getLogger("org.jsmpp.session.state.SMPPSessionBound").getLevel());
        assertEquals(Level.WARN, context.getLogger("org.jsmpp").getLevel());
        assertEquals(Level.ERROR, context.getLogger("io.micrometer.core.instrument.MeterRegistry").getLevel());
        assertEquals(Level.WARN, context.getLogger("io.zonky.test.db.postgres").getLevel());
        assertEquals(Level.INFO, context.getLogger("io.qiaoqiao.gateway.sms.SmppLink").getEffectiveLevel());
        assertEquals("text", format(context));
    }

    @Test
    void log_format_json_reconfigures_the_file_the_process_was_configured_from() throws Exception {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogSetup.class.getResource("/logback.xml"));
        LogSetup.apply(context, LogFormat.JSON, null);
        assertEquals("json", format(context));
        assertEquals(Level.OFF, context.getLogger("org.jsmpp.session.state.SMPPSessionBound").getLevel(), "defaults kept");
    }

    @Test
    void a_log_config_file_is_used_and_reread_when_it_changes() throws Exception {
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, FILE.formatted("INFO"));
        LogSetup.apply(context, LogFormat.TEXT, file);
        assertEquals(Level.INFO, context.getLogger("io.qiaoqiao.gateway.sms").getLevel());
        assertEquals(Level.OFF, context.getLogger("org.jsmpp.session.state.SMPPSessionBound").getLevel(), "the include works");

        Files.writeString(file, FILE.formatted("DEBUG"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> context.getLogger("io.qiaoqiao.gateway.sms").getLevel() == Level.DEBUG);
    }

    @Test
    void ops_logback_xml_loads_keeps_the_library_levels_and_is_watched_for_changes() {
        LogSetup.apply(context, LogFormat.TEXT, Path.of("..", "ops", "logback.xml"));
        assertEquals(Level.OFF, context.getLogger("org.jsmpp.session.state.SMPPSessionBound").getLevel());
        assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals("text", format(context));
        assertEquals(1, context.getCopyOfScheduledFutures().size(),
                "scan=true: Logback re-reads the file when it changes");
    }

    @Test
    void json_lines_from_a_log_config_file_that_asks_for_the_format() throws Exception {
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, FILE.formatted("INFO"));
        LogSetup.apply(context, LogFormat.JSON, file);
        assertEquals("json", format(context));
    }

    @Test
    void the_defaults_leave_logging_as_it_is() {
        context.getLogger("io.qiaoqiao").setLevel(Level.TRACE);
        LogSetup.apply(context, LogFormat.TEXT, null);
        assertEquals(Level.TRACE, context.getLogger("io.qiaoqiao").getLevel());
    }

    @Test
    void a_missing_or_broken_file_is_a_configuration_error_naming_it() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> LogSetup.apply(context, LogFormat.TEXT, dir.resolve("nope.xml")));
        assertTrue(missing.getMessage().startsWith("log.config: cannot read the logging configuration "), missing.getMessage());
        assertTrue(missing.getMessage().endsWith("nope.xml"), missing.getMessage());

        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<configuration><appender name=\"X\" class=\"no.such.Appender\"/>"
                + "<root level=\"INFO\"><appender-ref ref=\"X\"/></root></configuration>");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LogSetup.apply(context, LogFormat.TEXT, broken));
        assertTrue(error.getMessage().contains("broken.xml has errors"), error.getMessage());
    }
}
