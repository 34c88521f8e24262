package io.qiaoqiao.gateway.logging;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.qiaoqiao.gateway.testing.CapturedLogs;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A call's lines carry its call id, a ticket's its code, and neither leaks into other work. */
class LogContextTest {
    private static final String RESIDENT = "+8613900001001";
    private static final String CALLER = "+8613655556666";

    @Test
    void a_scope_puts_back_what_the_thread_had() {
        MDC.clear();
        LogContext outer = LogContext.call("1795368349.1");
        LogContext.withTicket("1001", () -> {
            assertEquals("1001", MDC.get("ticket"));
            assertEquals("1795368349.1", MDC.get("call"));
        });
        assertNull(MDC.get("ticket"));
        LogContext other = LogContext.call("1795368349.2");
        assertEquals("1795368349.2", MDC.get("call"));
        other.close();
        assertEquals("1795368349.1", MDC.get("call"));
        outer.close();
        assertNull(MDC.get("call"));
    }

    @Test
    void a_texted_ticket_line_has_its_code_and_a_call_line_its_call_id_and_nothing_leaks() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of()).withDemoRoster(); CapturedLogs logs = new CapturedLogs()) {
            new FakeAsteriskAgiClient("hotline", CALLER, "1795368349.41").press('1')
                    .dial(h.gateway().agiPort()).get(30, TimeUnit.SECONDS);
            h.text(RESIDENT, "我家电视遥控器坏了，看不了戏曲频道");
            String texted = codeIn(h.awaitText(RESIDENT, 1));
            new FakeAsteriskAgiClient("hotline", CALLER, "1795368349.42").press('2')
                    .dial(h.gateway().agiPort()).get(30, TimeUnit.SECONDS);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> opened(logs, "by call").size() == 2);
            ILoggingEvent textLine = Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> opened(logs, "by text"), l -> l.size() == 1).get(0);
            assertEquals(Map.of("ticket", texted), textLine.getMDCPropertyMap(), textLine.getFormattedMessage());

            List<ILoggingEvent> callLines = opened(logs, "by call");
            assertEquals("1795368349.41", callLines.get(0).getMDCPropertyMap().get("call"), callLines.get(0).getFormattedMessage());
            assertEquals("1795368349.42", callLines.get(1).getMDCPropertyMap().get("call"), callLines.get(1).getFormattedMessage());

            for (ILoggingEvent e : logs.events()) {
                String call = e.getMDCPropertyMap().get("call");
                if (e.getThreadName().startsWith("agi-call-")) {
                    assertTrue(call != null && call.startsWith("1795368349.4"), "a call's line without its id: " + describe(e));
                } else {
                    assertNull(call, "a call id outside its call: " + describe(e));
                }
                if (!e.getThreadName().startsWith("agi-call-") && e.getMDCPropertyMap().containsKey("ticket")) {
                    assertTrue(e.getFormattedMessage().contains(e.getMDCPropertyMap().get("ticket")),
                            "ticket in the MDC of a line about another ticket: " + describe(e));
                }
            }
            assertFalse(logs.events(e -> e.getThreadName().startsWith("vert.x-eventloop")).isEmpty(),
                    "event-loop lines were looked at");
        }
    }

    private static List<ILoggingEvent> opened(CapturedLogs logs, String how) {
        return logs.events(e -> e.getFormattedMessage().matches("ticket \\d+ opened " + how + " .*"));
    }

    private static String describe(ILoggingEvent e) {
        return "[" + e.getThreadName() + "] " + e.getLoggerName() + " " + e.getMDCPropertyMap() + " " + e.getFormattedMessage();
    }
}
