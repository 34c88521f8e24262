package io.qiaoqiao.gateway.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class AmiDialerTest {
    private static final String SECRET = "holdout-secret";
    private static final OutboundCall CONFIRM = new OutboundCall("+8613900000002", "confirm", "4321");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FakeAmiServer asterisk;
    private AmiDialer dialer;

    private AmiDialer dialer(String secret) throws Exception {
        asterisk = new FakeAmiServer("qiaoqiao", SECRET);
        AmiSettings settings = AmiSettings.from(Config.of(Map.of(
                "ami.port", String.valueOf(asterisk.port()), "ami.secret", secret,
                "ami.ring-timeout-seconds", "10", "ami.reconnect-min-ms", "50", "ami.reconnect-max-ms", "200")));
        dialer = new AmiDialer(settings, registry);
        dialer.start();
        return dialer;
    }

    @AfterEach
    void stop() throws Exception {
        if (dialer != null) {
            dialer.stop();
        }
        if (asterisk != null) {
            asterisk.close();
        }
    }

    @Test
    void refusedLoginIsRetriedUntilTheSecretIsRight() throws Exception {
        dialer("wrong-secret");
        await().atMost(Duration.ofSeconds(10)).until(() -> asterisk.failedLogins() >= 2);
        assertFalse(dialer.connected());
        assertEquals(0.0, gauge());

        asterisk.acceptSecret("wrong-secret");

        await().atMost(Duration.ofSeconds(10)).until(dialer::connected);
        assertEquals(1.0, gauge());
    }

    @Test
    void answeredCallIsOriginatedIntoTheOutboundContextWithTicketAndScript() throws Exception {
        dialer(SECRET);
        await().atMost(Duration.ofSeconds(10)).until(dialer::connected);

        CallOutcome outcome = dialer.place(CONFIRM);
        assertEquals(new CallOutcome(CallResult.ANSWERED, 4, OptionalInt.empty(), Optional.empty()), outcome);

        Map<String, List<String>> originate = asterisk.actions("Originate").getFirst();
        assertEquals("PJSIP/13900000002@trunk", FakeAmiServer.first(originate, "Channel"));
        assertEquals("qiaoqiao-outbound", FakeAmiServer.first(originate, "Context"));
        assertEquals("s", FakeAmiServer.first(originate, "Exten"));
        assertEquals("true", FakeAmiServer.first(originate, "Async"));
        assertTrue(originate.get("Variable").containsAll(List.of("QQ_TICKET=4321", "QQ_SCRIPT=confirm")),
                originate.toString());
        assertEquals(1.0, originated("answered"));
    }

    @Test
    void callThatRingsOutIsNoAnswerAndBusyIsBusyAndCongestionIsCongestionEachWithItsHangupCause() throws Exception {
        dialer(SECRET);
        await().atMost(Duration.ofSeconds(10)).until(dialer::connected);
        asterisk.phone("PJSIP/13900000003@trunk", FakeAmiServer.Phone.RINGS_OUT);
        asterisk.phone("PJSIP/13900000004@trunk", FakeAmiServer.Phone.BUSY);
        asterisk.phone("PJSIP/13900000006@trunk", FakeAmiServer.Phone.CONGESTION);

        assertEquals(new CallOutcome(CallResult.NO_ANSWER, 3, OptionalInt.of(19), Optional.of("User alerting, no answer")),
                dialer.place(new OutboundCall("+8613900000003", "rating", "1")));
        assertEquals(new CallOutcome(CallResult.BUSY, 5, OptionalInt.of(17), Optional.of("User busy")),
                dialer.place(new OutboundCall("+8613900000004", "rating", "2")));
        assertEquals(new CallOutcome(CallResult.CONGESTION, 8, OptionalInt.of(34), Optional.of("Circuit/channel congestion")),
                dialer.place(new OutboundCall("+8613900000006", "rating", "4")));
        assertEquals(1.0, originated("no_answer"));
        assertEquals(1.0, originated("congestion"));
    }

    @Test
    void theCapturedFailedCallIsFailedWithTheCauseOfItsOwnChannelsHangup() throws Exception {
        // Captured: the second half's Hangup (another Uniqueid) comes before the
        // OriginateResponse (Reason: 0), the dialled channel's own Hangup (Cause: 0) after it.
        dialer(SECRET);
        await().atMost(Duration.ofSeconds(10)).until(dialer::connected);
        asterisk.phone("PJSIP/13900000005@trunk", FakeAmiServer.Phone.UNREACHABLE);

        // asterisk-java reads Cause-txt "Unknown" as no text at all.
        assertEquals(new CallOutcome(CallResult.FAILED, 0, OptionalInt.of(0), Optional.empty()),
                dialer.place(new OutboundCall("+8613900000005", "rating", "3")));
        assertEquals(1.0, originated("failed"));
    }

    @Test
    void theCapturedCallTheResidentHangsUpIsAnswered() throws Exception {
        dialer(SECRET);
        await().atMost(Duration.ofSeconds(10)).until(dialer::connected);
        asterisk.phone("PJSIP/13900000007@trunk", FakeAmiServer.Phone.ANSWERS_THEN_HANGS_UP);

        assertEquals(CallResult.ANSWERED, dialer.place(new OutboundCall("+8613900000007", "confirm", "5")).result());
    }

    @Test
    void droppedLinkRefusesCallsAsNotConnectedThenWorksAfterReconnect() throws Exception {
        dialer(SECRET);
        await().atMost(Duration.ofSeconds(10)).until(dialer::connected);

        asterisk.acceptSecret("rotated-while-asterisk-restarts");
        asterisk.dropConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> !dialer.connected());
        CallException refused = assertThrows(CallException.class, () -> dialer.place(CONFIRM));
        assertEquals(CallException.Kind.NOT_CONNECTED, refused.kind());
        assertEquals(1.0, originated("not_connected"));

        asterisk.acceptSecret(SECRET);
        await().atMost(Duration.ofSeconds(10)).until(dialer::connected);
        assertEquals(CallResult.ANSWERED, dialer.place(CONFIRM).result());
        assertTrue(asterisk.goodLogins() >= 2);
        assertEquals(1, asterisk.actions("Originate").size(), "the refused call never reached Asterisk");
    }

    @Test
    void nationalNumbersForTheTrunk() {
        assertEquals("13812345678", AmiSettings.national("+8613812345678"));
        assertEquals("05711234567", AmiSettings.national("+865711234567"));
        assertEquals("0014155550100", AmiSettings.national("+14155550100"));
    }

    private double gauge() {
        return registry.get("qiaoqiao.ami.connected").gauge().value();
    }

    private double originated(String result) {
        Counter counter = registry.find("qiaoqiao.ami.originate").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
