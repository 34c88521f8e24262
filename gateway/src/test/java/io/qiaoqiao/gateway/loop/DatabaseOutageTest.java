package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.outbound.FakeAmiServer;
import io.qiaoqiao.gateway.testing.DatabaseOutage;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SubmitDecision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for 5 s while texts are with the SMSC and a resident's phone rings: the
 * SMSC accepts the texts and the resident answers, but the gateway cannot write either down until
 * the database is back. It keeps what happened and writes it then; nothing goes out twice.
 */
class DatabaseOutageTest {
    static final Duration OUTAGE = Duration.ofSeconds(5);
    static final String WANG = "+8613900001001";     // 王秀英 (demo roster)
    static final String ZHANG = "+8613900002001";    // 张伟, first volunteer for 一组

    private final DatabaseOutage database;
    private GatewayHarness h;
    private FakeAmiServer ami;

    DatabaseOutageTest() throws Exception {
        database = new DatabaseOutage();
    }

    @AfterEach
    void stop() throws Exception {
        database.thaw();
        database.end();
        if (h != null) {
            h.close();
        }
        if (ami != null) {
            ami.close();
        }
        database.close();
    }

    /** Holds the database away for {@link #OUTAGE} from {@code since}, and at least until {@code meanwhile} is true. */
    private void outageLasts(Instant since, java.util.concurrent.Callable<Boolean> meanwhile) {
        await().atMost(OUTAGE.plusSeconds(20)).until(() -> meanwhile.call()
                && Duration.between(since, Instant.now()).compareTo(OUTAGE) >= 0);
        database.end();
    }

    @Test
    void texts_the_smsc_accepts_during_the_outage_are_recorded_after_it_and_never_sent_again() throws Exception {
        // Lease 30 s: a text the gateway failed to record would be sent again 30 s after its claim.
        h = GatewayHarness.startThrough(database, GatewayHarness.DAYTIME, "not about the hour; the harness needs one",
                Map.of("outbox.lease-seconds", "30"));
        h.smsc.sendReceipts(false);
        h.smsc.policy(submit -> SubmitDecision.delay(Duration.ofMillis(300), SubmitDecision.accept()));
        Set<String> bodies = IntStream.rangeClosed(1, 20).mapToObj(n -> n + "号通知：明天上午九点村委会发放防汛物资。")
                .collect(Collectors.toSet());
        h.sql("""
                INSERT INTO outbox (recipient, body, purpose)
                SELECT '+86139000060' || lpad(n::text, 2, '0'), n || '号通知：明天上午九点村委会发放防汛物资。', 'notice'
                FROM generate_series(1, 20) n""");
        await().atMost(Duration.ofSeconds(10)).until(() -> h.smsc.submits().size() >= 1);

        Instant cut = Instant.now();
        database.begin();
        outageLasts(cut, () -> accepted(h).size() == 20);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> h.count("SELECT count(*) FROM outbox WHERE status = 'sent'") == 20);
        Map<String, Long> timesSent = accepted(h).stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new,
                Collectors.counting()));
        assertEquals(bodies, timesSent.keySet(), "every text went out");
        assertEquals(List.of(1L), timesSent.values().stream().distinct().toList(), "each once: " + timesSent);
        assertEquals(20, h.count("SELECT count(*) FROM sms_segments"), "each with its message id");
        assertEquals(20, h.smsc.submits().size());
    }

    @Test
    void an_api_request_while_the_database_is_away_is_answered_503_try_again_and_served_once_it_is_back() throws Exception {
        h = GatewayHarness.startThrough(database, GatewayHarness.DAYTIME, "not about the hour; the harness needs one",
                Map.of("api.tokens", "studio:tickets.read:studio-token"));
        io.qiaoqiao.gateway.testing.ApiClient api = new io.qiaoqiao.gateway.testing.ApiClient(h.gateway().httpPort(), "studio-token");
        assertEquals(200, api.get("/api/tickets").statusCode());

        database.begin();
        java.net.http.HttpResponse<String> away = api.get("/api/tickets");
        assertEquals(503, away.statusCode(), away.body());
        assertEquals("5", away.headers().firstValue("Retry-After").orElse(null));
        assertEquals("https://qiaoqiao.io/problems/database-unavailable",
                io.qiaoqiao.gateway.testing.ApiClient.json(away).getString("type"), away.body());
        database.end();

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/tickets").statusCode() == 200);
    }

    @Test
    void an_api_request_a_frozen_database_never_answers_is_answered_503_at_the_deadline_and_served_once_it_wakes()
            throws Exception {
        h = GatewayHarness.startThrough(database, GatewayHarness.DAYTIME, "not about the hour; the harness needs one",
                Map.of("api.tokens", "studio:tickets.read:studio-token", "http.answer-deadline", "PT3S"));
        io.qiaoqiao.gateway.testing.ApiClient api = new io.qiaoqiao.gateway.testing.ApiClient(h.gateway().httpPort(), "studio-token");
        assertEquals(200, api.get("/api/tickets").statusCode());

        // Connected, but answering nothing: no statement timeout, lock timeout or keepalive can fire.
        database.freeze();
        java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> asked =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> api.get("/api/tickets"));
        java.net.http.HttpResponse<String> frozen;
        try {
            frozen = asked.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer 20 s into the freeze (the deadline is 3 s)", e);
        }
        assertEquals(503, frozen.statusCode(), frozen.body());
        assertEquals("5", frozen.headers().firstValue("Retry-After").orElse(null));
        io.vertx.core.json.JsonObject problem = io.qiaoqiao.gateway.testing.ApiClient.json(frozen);
        assertEquals("https://qiaoqiao.io/problems/database-not-answering", problem.getString("type"), frozen.body());
        assertEquals("数据库没有及时回答", problem.getString("title"));
        database.thaw();

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/tickets").statusCode() == 200);
    }

    private static List<String> accepted(GatewayHarness h) {
        return h.smsc.submits().stream().filter(ReceivedSubmit::accepted)
                .map(s -> new String(s.shortMessage(), StandardCharsets.UTF_16BE)).toList();
    }

    @Test
    void a_call_answered_during_the_outage_is_recorded_after_it_and_the_resident_is_not_rung_again() throws Exception {
        ami = new FakeAmiServer("qiaoqiao", "ami-secret");
        Map<String, String> settings = new HashMap<>(Map.of(
                "ami.enabled", "true",
                "ami.port", String.valueOf(ami.port()),
                "ami.secret", "ami-secret",
                "ami.reconnect-min-ms", "100",
                "ami.reconnect-max-ms", "300",
                // A call's lease is twice the ring time and 30 s: 32 s.
                "ami.ring-timeout-seconds", "1",
                "quiet-hours.start", "00:00",
                "quiet-hours.end", "00:00"));
        h = GatewayHarness.startThrough(database, GatewayHarness.DAYTIME, "the request is offered at once, outside quiet hours",
                settings).withDemoRoster();
        await().atMost(Duration.ofSeconds(30)).until(() -> ami.goodLogins() > 0);
        h.text(WANG, "电视遥控器坏了");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);

        ami.holdOriginateAnswers();
        h.text(ZHANG, "1 " + code);
        await().atMost(Duration.ofSeconds(20)).until(() -> confirmationCalls(code) == 1);
        Instant cut = Instant.now();
        database.begin();
        ami.releaseOriginateAnswers(); // the resident answers while the database is away
        outageLasts(cut, () -> true);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> h.count(
                "SELECT count(*) FROM outbox WHERE channel = 'call' AND script = 'confirm' AND status = 'sent'") == 1);
        assertEquals("ANSWERED", h.sql("SELECT call_result FROM outbox WHERE channel = 'call' AND script = 'confirm'")
                .iterator().next().getString(0));
        assertEquals(1, confirmationCalls(code), "the resident was rung once");
        assertEquals(1, h.count("""
                SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                WHERE t.code = $1 AND e.type = 'call_outcome' AND e.detail->>'script' = 'confirm'""", code),
                "and the answer is on the ticket once");
    }

    private long confirmationCalls(String code) {
        return ami.actions("Originate").stream()
                .filter(a -> a.getOrDefault("Variable", List.of()).stream().anyMatch(v -> v.contains("QQ_TICKET=" + code))
                        && a.getOrDefault("Variable", List.of()).stream().anyMatch(v -> v.contains("QQ_SCRIPT=confirm")))
                .count();
    }
}
