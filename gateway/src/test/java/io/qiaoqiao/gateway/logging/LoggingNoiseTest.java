package io.qiaoqiao.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.qiaoqiao.gateway.testing.CapturedLogs;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Per-event protocol noise stays out of the log (the test JVM's logging includes the same
 * qiaoqiao/logback-defaults.xml as the product's): a burst of refused deliver_sm is a bounded
 * number of lines, not one stack trace per PDU as jsmpp logs them, and the gateway's own meters
 * are registered once, so silencing Micrometer's duplicate-registration warning hides only
 * vertx-micrometer's by-design re-registrations.
 */
class LoggingNoiseTest {
    private static final int ESME_RTHROTTLED = 0x58;
    private static final int RECEIPTS = 1000;

    private static byte[] receipt(int i) {
        return ("id:" + Integer.toHexString(0xA0000 + i) + " sub:001 dlvrd:001 submit date:2611231015 done date:2611231016"
                + " stat:DELIVRD err:000 text:").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The status the gateway answered, or -1 when the simulated SMSC lost the answer (jsmpp's
     * server side fails now and then to decode a negative deliver_sm_resp without a body).
     */
    private static int answer(GatewayHarness h, int n) {
        try {
            return h.smsc.deliverRaw("+8613900001001", 0, 0x04, receipt(n));
        } catch (IllegalStateException lost) {
            return -1;
        }
    }

    @Test
    void a_burst_of_refused_deliver_sm_is_a_few_lines_not_one_per_refusal() throws Exception {
        // Two intake slots (receive threads minus two) and an SMSC that keeps 200 deliver_sm in flight.
        try (GatewayHarness h = GatewayHarness.start(Map.of("smpp.receive-threads", "4"))) {
            h.smsc.deliverWindow(200);
            h.smsc.dropConnections();
            h.awaitBound();
            List<Integer> statuses = new ArrayList<>();
            try (CapturedLogs logs = new CapturedLogs();
                 ExecutorService smsc = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < RECEIPTS; i++) {
                    int n = i;
                    answers.add(smsc.submit(() -> answer(h, n)));
                }
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get());
                }
                long refused = statuses.stream().filter(s -> s == ESME_RTHROTTLED).count();
                assertTrue(refused >= 50, "the burst must be refused in part to test anything: " + refused + " of " + RECEIPTS);

                // The simulated SMSC's own lines are the peer's, not the gateway's.
                List<ILoggingEvent> gateway = logs.events(e -> !e.getLoggerName().startsWith("io.qiaoqiao.simulator"));
                String lines = gateway.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
                        .collect(Collectors.joining("\n"));
                assertTrue(gateway.size() <= 10, refused + " refusals logged as " + gateway.size() + " lines:\n" + lines);
                assertTrue(gateway.stream().anyMatch(e -> e.getLevel() == Level.WARN
                        && e.getLoggerName().equals("io.qiaoqiao.gateway.sms.DeliverSmReceiver")
                        && e.getFormattedMessage().startsWith("SMPP deliver_sm refused with ESME_RTHROTTLED: 2 already wait for their commit")),
                        "one clear line says what happened:\n" + lines);
                assertFalse(gateway.stream().anyMatch(e -> e.getThrowableProxy() != null), "no stack trace:\n" + lines);
            }
        }
    }

    @Test
    void an_smsc_throttling_a_burst_of_texts_is_a_line_per_interval_and_every_text_still_goes_out() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of("outbox.retry-min-ms", "200"))) {
            h.smsc.sendReceipts(false);
            java.util.concurrent.atomic.AtomicBoolean throttling = new java.util.concurrent.atomic.AtomicBoolean(true);
            h.smsc.policy(submit -> throttling.get() ? io.qiaoqiao.simulator.SubmitDecision.throttle()
                    : io.qiaoqiao.simulator.SubmitDecision.accept());
            try (CapturedLogs logs = new CapturedLogs()) {
                h.sql("""
                        INSERT INTO outbox (recipient, body, purpose)
                        SELECT '+8613900007' || lpad(n::text, 3, '0'), 'notice ' || n, 'notice' FROM generate_series(1, 100) n""");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> h.smsc.submits().size() >= 300); // every text turned away, most of them more than once
                throttling.set(false);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> h.count("SELECT count(*) FROM outbox WHERE status = 'sent'") == 100);
                List<ILoggingEvent> outbox = logs.events(e -> e.getLoggerName().equals("io.qiaoqiao.gateway.outbox.OutboxSender")
                        && e.getLevel().isGreaterOrEqual(Level.WARN));
                String lines = outbox.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
                assertTrue(outbox.size() <= 5, outbox.size() + " lines for " + h.smsc.submits().size() + " refusals:\n" + lines);
                assertTrue(outbox.stream().anyMatch(e -> e.getFormattedMessage().contains("THROTTLED")), "it is said:\n" + lines);
            }
        }
    }

    @Test
    void the_gateways_own_meters_are_registered_once() throws Exception {
        try (CapturedLogs logs = new CapturedLogs().level("io.micrometer.core.instrument.MeterRegistry", Level.DEBUG);
             GatewayHarness h = GatewayHarness.start(Map.of()).withDemoRoster()) {
            h.text("+8613900001001", "我家电视遥控器坏了");
            h.awaitText("+8613900001001", 1);
            h.gateway().registry().scrape();
            List<String> duplicates = logs.events(e -> e.getLoggerName().equals("io.micrometer.core.instrument.MeterRegistry")
                    && e.getFormattedMessage().contains("already registered")).stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(List.of(), duplicates.stream().filter(m -> !m.contains("name='vertx.")).toList(),
                    "only vertx-micrometer's connection gauges may register twice");
        }
    }
}
