package io.qiaoqiao.gateway.sms;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.qiaoqiao.simulator.SubmitDecision;
import org.jsmpp.bean.OptionalParameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class SmppLinkTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String VOLUNTEER = "+8613812345678";
    private static final String RESIDENT = "+8613987654321";

    private final RecordingListener inbound = new RecordingListener();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private SimulatedSmsc smsc;
    private SmppLink link;

    @BeforeEach
    void startSmsc() throws Exception {
        smsc = new SimulatedSmsc(0, "qiaoqiao", "s3cret", "12345").start();
    }

    @AfterEach
    void stopAll() {
        if (link != null) {
            link.stop();
        }
        smsc.stop();
    }

    private SmppLink boundLink(Map<String, String> overrides) {
        link = newLink(overrides, registry);
        link.start();
        await().atMost(Duration.ofSeconds(10)).until(link::bound);
        await().until(smsc::hasBoundSession);
        return link;
    }

    private SmppLink newLink(Map<String, String> overrides, MeterRegistry meters) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "smpp.host", "127.0.0.1",
                "smpp.port", String.valueOf(smsc.port()),
                "smpp.system-id", "qiaoqiao",
                "smpp.password", "s3cret",
                "smpp.reconnect-min-ms", "50",
                "smpp.reconnect-max-ms", "400",
                "smpp.response-timeout-ms", "3000"));
        settings.putAll(overrides);
        return new SmppLink(Config.of(settings), meters, inbound);
    }

    @Test
    void chinese_text_reaches_the_smsc_as_exact_ucs2_bytes() throws Exception {
        boundLink(Map.of());

        List<String> ids = link.send(VOLUNTEER, "我家电视遥控器坏了");

        ReceivedSubmit submit = smsc.submits().getFirst();
        assertEquals(List.of(submit.messageId()), ids);
        assertEquals("8613812345678", submit.destination());
        assertEquals("12345", submit.source());
        assertEquals(8, submit.dataCoding());
        assertEquals(0, submit.esmClass());
        assertArrayEquals(HEX.parseHex("62115bb6753589c6906563a75668574f4e86"), submit.shortMessage());
    }

    @Test
    void long_text_arrives_as_correctly_numbered_parts() throws Exception {
        boundLink(Map.of());
        String text = "张大爷家的水管冻裂了，".repeat(15);

        List<String> ids = link.send(VOLUNTEER, text);

        assertEquals(3, ids.size());
        // In the order they were written (segments go out without waiting for each other's answer).
        List<ReceivedSubmit> submits = new java.util.ArrayList<>(smsc.submits());
        submits.sort(java.util.Comparator.comparingInt(ReceivedSubmit::sequence));
        byte reference = submits.getFirst().shortMessage()[3];
        for (int i = 0; i < 3; i++) {
            byte[] udh = new byte[6];
            System.arraycopy(submits.get(i).shortMessage(), 0, udh, 0, 6);
            assertArrayEquals(new byte[]{5, 0, 3, reference, 3, (byte) (i + 1)}, udh);
            assertEquals(0x40, submits.get(i).esmClass());
        }
        assertEquals(List.of(text), smsc.textsTo(VOLUNTEER));
    }

    @ParameterizedTest(name = "SMSC answer {0} reaches the caller as {1}")
    @CsvSource({"0x58, THROTTLED", "0x0B, PERMANENT"}) // ESME_RTHROTTLED, ESME_RINVDSTADR
    void smsc_refusal_reaches_the_caller_as_throttled_or_permanent(String status, SubmitException.Kind kind) {
        boundLink(Map.of());
        int code = Integer.decode(status);
        smsc.policy(submit -> SubmitDecision.fail(code));

        SubmitException e = assertThrows(SubmitException.class, () -> link.send(VOLUNTEER, "hello"));

        assertEquals(kind, e.kind());
        assertEquals(code, e.commandStatus());
    }

    @Test
    void text_with_a_refused_part_fails_and_is_not_reassembled_at_the_smsc() {
        boundLink(Map.of());
        smsc.policy(submit -> submit.shortMessage()[5] == 2
                ? SubmitDecision.fail(SmppStatus.ESME_RSUBMITFAIL) : SubmitDecision.accept());

        SubmitException e = assertThrows(SubmitException.class, () -> link.send(VOLUNTEER, "路".repeat(100)));

        assertEquals(SubmitException.Kind.TRANSIENT, e.kind());
        assertEquals(2, smsc.submits().size());
        assertEquals(List.of(), smsc.textsTo(VOLUNTEER));
    }

    @Test
    void send_while_not_bound_is_not_bound() {
        link = newLink(Map.of(), registry);

        SubmitException e = assertThrows(SubmitException.class, () -> link.send(VOLUNTEER, "hello"));

        assertEquals(SubmitException.Kind.NOT_BOUND, e.kind());
    }

    @Test
    void wrong_password_never_binds_and_says_why() {
        link = newLink(Map.of("smpp.password", "wrong"), registry);
        link.start();

        await().until(() -> registry.counter("qiaoqiao.smpp.binds", "outcome", "refused").count() >= 2);

        assertFalse(link.bound());
        assertFalse(smsc.hasBoundSession());
        String failure = link.lastBindFailure().orElseThrow();
        assertTrue(failure.contains("ESME_RINVPASWD"), failure);
        assertTrue(failure.contains("password"), failure);
        assertFalse(failure.contains("wrong"), "the password itself is never shown: " + failure);
    }

    @Test
    void dropped_connection_is_rebound_and_a_later_send_works() throws Exception {
        boundLink(Map.of());
        List<LinkState> states = new CopyOnWriteArrayList<>();
        link.addStateListener(states::add);

        smsc.dropConnections();

        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(LinkState.DISCONNECTED) && link.bound());
        link.send(VOLUNTEER, "back again");
        assertEquals(List.of("back again"), smsc.textsTo(VOLUNTEER));
        assertEquals(2.0, registry.counter("qiaoqiao.smpp.binds", "outcome", "ok").count());
    }

    @Test
    void smsc_restarted_on_the_same_port_is_rebound() throws Exception {
        boundLink(Map.of());
        int port = smsc.port();

        smsc.stop();
        await().until(() -> !link.bound());
        smsc.start();

        assertEquals(port, smsc.port());
        await().atMost(Duration.ofSeconds(10)).until(link::bound);
        link.send(VOLUNTEER, "still here");
        assertEquals(List.of("still here"), smsc.textsTo(VOLUNTEER));
    }

    @Test
    void text_from_a_phone_reaches_the_listener() {
        boundLink(Map.of());

        int status = smsc.deliverText(RESIDENT, "我家电视遥控器坏了");

        assertEquals(0, status);
        await().until(() -> inbound.texts.size() == 1);
        assertEquals(new InboundText(RESIDENT, "12345", "我家电视遥控器坏了", Optional.empty(), List.of()),
                inbound.texts.getFirst());
    }

    @Test
    void long_text_from_a_phone_arrives_as_numbered_parts() {
        boundLink(Map.of());

        smsc.deliverText(RESIDENT, "字".repeat(100));

        await().until(() -> inbound.texts.size() == 2);
        List<Integer> seqs = inbound.texts.stream().map(t -> t.concat().orElseThrow().seq()).toList();
        assertEquals(List.of(1, 2), seqs);
        assertEquals("字".repeat(100), inbound.texts.get(0).text() + inbound.texts.get(1).text());
    }

    @Test
    void failing_listener_makes_the_smsc_see_rx_t_appn_for_redelivery() {
        boundLink(Map.of());
        inbound.failing = true;

        int status = smsc.deliverText(RESIDENT, "help");

        assertEquals(SmppStatus.ESME_RX_T_APPN, status);
        assertTrue(link.bound(), "one refused deliver_sm must not end the session");
    }

    @Test
    void invalid_ucs2_from_the_network_reaches_the_listener_with_a_problem() {
        boundLink(Map.of());

        int status = smsc.deliverRaw(RESIDENT, 8, 0, HEX.parseHex("621100"));

        assertEquals(0, status);
        await().until(() -> inbound.texts.size() == 1);
        assertEquals("我\uFFFD", inbound.texts.getFirst().text());
        assertEquals(1, inbound.texts.getFirst().problems().size());
        assertEquals(1.0, registry.counter("qiaoqiao.smpp.deliver", "type", "malformed").count());
    }

    @Test
    void sar_tlvs_and_16bit_references_reach_the_listener_as_part_positions() {
        boundLink(Map.of());

        smsc.deliverRaw(RESIDENT, 8, 0, HEX.parseHex("6211"), OptionalParameters.newSarMsgRefNum((short) 300),
                OptionalParameters.newSarTotalSegments(3), OptionalParameters.newSarSegmentSeqnum(3));
        smsc.deliverRaw(RESIDENT, 8, 0x40, HEX.parseHex("060804" + "abcd" + "0401" + "5bb6"));

        await().until(() -> inbound.texts.size() == 2);
        assertEquals(Optional.of(new InboundText.Concat(300, 3, 3)), inbound.texts.get(0).concat());
        assertEquals(Optional.of(new InboundText.Concat(0xABCD, 4, 1)), inbound.texts.get(1).concat());
        assertEquals("家", inbound.texts.get(1).text());
    }

    @Test
    void malformed_udh_is_acknowledged_and_the_session_survives() throws Exception {
        boundLink(Map.of());

        int status = smsc.deliverRaw(RESIDENT, 0, 0x40, HEX.parseHex("0f0003"));

        assertEquals(0, status);
        await().until(() -> inbound.texts.size() == 1);
        assertFalse(inbound.texts.getFirst().problems().isEmpty());
        link.send(VOLUNTEER, "ok");
        assertEquals(List.of("ok"), smsc.textsTo(VOLUNTEER), "the same session still carries texts");
    }

    @Test
    void receipts_reach_the_listener_with_the_submitted_message_id() throws Exception {
        boundLink(Map.of());

        List<String> ids = link.send(VOLUNTEER, "明天上午九点到");

        await().until(() -> inbound.receipts.size() == 1);
        assertEquals(new DeliveryReceipt(ids.getFirst(), "DELIVRD", "000"), inbound.receipts.getFirst());
    }

    @Test
    void window_limits_submits_in_flight() throws Exception {
        boundLink(Map.of("smpp.window", "2"));
        smsc.sendReceipts(false);
        smsc.policy(submit -> SubmitDecision.delay(Duration.ofMillis(200), SubmitDecision.accept()));

        List<Future<List<String>>> sends = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                String text = "offer " + i;
                sends.add(threads.submit(() -> link.send(VOLUNTEER, text)));
            }
        }

        for (Future<List<String>> send : sends) {
            assertEquals(1, send.get().size());
        }
        assertEquals(6, smsc.submits().size());
        assertEquals(2, smsc.maxInFlightSubmits());
    }

    @Test
    void metrics_render_with_the_documented_prometheus_names() throws Exception {
        boundLink(Map.of());
        link.send(VOLUNTEER, "hello");
        await().until(() -> inbound.receipts.size() == 1);
        smsc.policy(submit -> SubmitDecision.throttle());
        assertThrows(SubmitException.class, () -> link.send(VOLUNTEER, "again"));

        String scrape = registry.scrape();

        assertTrue(scrape.contains("qiaoqiao_smpp_bound 1"), scrape);
        assertTrue(scrape.contains("qiaoqiao_smpp_submit_seconds_count 2"), scrape);
        assertTrue(scrape.contains("qiaoqiao_smpp_submit_errors_total{kind=\"throttled\"} 1"), scrape);
        assertTrue(scrape.contains("qiaoqiao_smpp_deliver_total{type=\"receipt\"} 1"), scrape);
        assertTrue(scrape.contains("qiaoqiao_smpp_binds_total{outcome=\"ok\"} 1"), scrape);
    }

    /** Keeps what the link hands over; can be told to fail like a database that is down. */
    private static final class RecordingListener implements InboundSmsListener {
        final List<InboundText> texts = new CopyOnWriteArrayList<>();
        final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void onText(InboundText text) {
            if (failing) {
                throw new IllegalStateException("database unavailable");
            }
            texts.add(text);
        }

        @Override
        public void onReceipt(DeliveryReceipt receipt) {
            receipts.add(receipt);
        }
    }
}
