package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_B;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.loop.SmallRoster.STRANGER;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.qiaoqiao.simulator.SubmitDecision;
import io.qiaoqiao.simulator.SubmitPolicy;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.GatewayProcess;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway process is killed with SIGKILL in the middle of the loop: an offer is waiting
 * for its timeout and texts are stuck behind a throttling SMSC. A new process on the same
 * database sends every pending text once and fires the timer that came due while nothing ran.
 */
class GatewayKilledTest {
    private SimulatedSmsc smsc;
    private Vertx vertx;
    private Pool pool;
    private Map<String, String> settings;

    @BeforeEach
    void start() throws Exception {
        smsc = new SimulatedSmsc(0, "qiaoqiao", GatewayHarness.SMSC_PASSWORD, "12345").start();
        PgConnectOptions db = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(db).using(vertx).build();
        GatewayHarness.await(new RosterImporter(pool).importCsv(SmallRoster.CSV));
        settings = new HashMap<>(Map.of(
                "db.url", TestPostgres.url(db),
                "http.port", "0",
                "smpp.port", String.valueOf(smsc.port()),
                "smpp.password", GatewayHarness.SMSC_PASSWORD,
                "smpp.reconnect-min-ms", "100",
                "outbox.poll-ms", "100",
                "outbox.retry-min-ms", "200",
                "outbox.lease-seconds", "3",
                "timers.poll-ms", "100",
                "plugin.triage.neighbours.normal.offer-timeout", "PT3S"));
        // A short lease, so the killed gateway's claims are taken over soon; the SMSC's answer is
        // awaited at most 1 s, so a live node's claim still outlasts it.
        settings.put("smpp.response-timeout-ms", "1000");
        settings.put("agi.port", "0");
        settings.put("ami.enabled", "false");
        // Daytime in the studio, for both processes: the first gateway must offer the normal
        // request to member A at once (in quiet hours it would hold it until morning), so that
        // the offer can expire while no gateway runs.
        settings.putAll(StudioTime.pinnedAt(LocalTime.of(10, 0)));
    }

    @AfterEach
    void stop() {
        smsc.close();
        pool.close();
        vertx.close();
    }

    private long count(String sql) {
        return GatewayHarness.await(pool.query(sql).execute()).iterator().next().getLong(0);
    }

    @Test
    void a_killed_gateway_is_replaced_and_no_text_or_timer_is_lost_or_doubled() throws Exception {
        GatewayProcess first = GatewayProcess.start("first", settings);
        String code;
        try {
            await().atMost(Duration.ofSeconds(60)).until(smsc::hasBoundSession);
            smsc.deliverText(RESIDENT, "灯泡坏了，晚上看不见");
            code = codeIn(awaitText(RESIDENT, 1));
            assertTrue(awaitText(MEMBER_A, 1).contains(code));

            // The SMSC starts refusing everything: the next request's texts stay in the outbox.
            smsc.policy(submit -> SubmitDecision.throttle());
            assertEquals(0, smsc.deliverText(STRANGER, "水管漏水了，请来人看看"));
            await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM tickets") == 2
                    && count("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") >= 2);

            first.kill();
        } finally {
            first.close();
        }
        // While no gateway runs, member A's offer expires.
        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "SELECT count(*) FROM timers WHERE status = 'pending' AND due_at < studio_now()") >= 1);
        smsc.policy(SubmitPolicy.ACCEPT_ALL);

        // Offers made by the second gateway do not expire during the test, so what is left
        // pending at the end can only be something the kill lost.
        settings.put("plugin.triage.neighbours.normal.offer-timeout", "PT10M");
        try (GatewayProcess second = GatewayProcess.start("second", settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !smsc.textsTo(MEMBER_B).isEmpty());
            await().atMost(Duration.ofSeconds(30)).until(() -> !smsc.textsTo(STRANGER).isEmpty()
                    && count("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") == 0);
            assertTrue(second.alive());
        }
        assertEquals(2, count("SELECT count(*) FROM tickets"), "no ticket lost or doubled");
        assertEquals(0, count("SELECT count(*) FROM timers WHERE status = 'pending' AND due_at < studio_now()"));
        assertEquals(1, count("""
                SELECT count(*) FROM ticket_events e JOIN offers o ON o.id = (e.detail->>'offerId')::bigint
                JOIN volunteers v ON v.id = o.volunteer_id
                JOIN tickets t ON t.id = o.ticket_id
                WHERE e.type = 'offer_expired' AND v.phone = '""" + MEMBER_A + "' AND t.code = '" + code + "'"),
                "member A's offer expired once, though no gateway ran when it came due");
        assertEquals(0, count("SELECT count(*) - count(DISTINCT detail->>'offerId') FROM ticket_events WHERE type = 'offer_expired'"),
                "no timer fired twice");
        for (String phone : List.of(RESIDENT, STRANGER, MEMBER_A, MEMBER_B, SmallRoster.LEADER_C)) {
            Map<String, Long> texts = smsc.textsTo(phone).stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            texts.forEach((text, n) -> assertEquals(1L, n, phone + " got this text " + n + " times: " + text));
        }
        assertEquals(1, smsc.textsTo(STRANGER).size(), "the stuck acknowledgement arrived once");
    }

    private String awaitText(String phone, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.textsTo(phone).size() >= count);
        return smsc.textsTo(phone).get(count - 1);
    }
}
