package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Another session (a frozen node, an operator's open psql) holds a busy ticket's row lock for two
 * minutes. Work on that ticket fails fast and is tried again, as the SMSC delivers a refused
 * text again; everybody else's texts keep becoming tickets and being answered; the gateway's
 * connections never queue behind the lock, so its pool does not drain.
 */
class LockedTicketTest {
    static final Duration HELD = Duration.ofMinutes(2);
    /**
     * A volunteer's reply on the locked ticket must be refused within this: the lock timeout (2 s),
     * after a wait for one of the pool's 8 connections, which the other deliveries of the same reply
     * hold meanwhile. (Without the lock timeout each waited for the intake's own 30 s.)
     */
    static final Duration FAST = Duration.ofSeconds(10);
    /** A resident's text must be answered within this, lock or no lock. */
    static final Duration ANSWERED = Duration.ofSeconds(5);
    static final int REPLYING_PHONES = 12; // more than the 8 connections of the pool

    private record Attempt(int status, Duration took) {
    }

    @Test
    void a_ticket_locked_for_two_minutes_by_another_session_stalls_nothing_else() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (GatewayHarness h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the request is offered to member A at once",
                Map.of()).withRoster(SmallRoster.CSV);
             ExecutorService phones = Executors.newVirtualThreadPerTaskExecutor()) {
            // A wider window than the replies can fill, so the residents' texts never wait for the SMSC itself.
            h.smsc.deliverWindow(40);
            h.smsc.dropConnections();
            h.awaitBound();
            h.text(RESIDENT, "灯泡坏了，晚上看不见");
            String code = codeIn(h.awaitText(RESIDENT, 1));
            h.awaitText(MEMBER_A, 1);

            PgConnection holder = GatewayHarness.await(PgConnection.connect(vertx, h.db));
            GatewayHarness.await(holder.query("BEGIN").execute());
            GatewayHarness.await(holder.preparedQuery("SELECT id FROM tickets WHERE code = $1 FOR UPDATE").execute(Tuple.of(code)));
            Instant release = Instant.now().plus(HELD);

            // Member A's acceptance, refused while the row is locked and delivered again at once, as by an SMSC
            // that retries; from several deliveries at a time (the same text over and over) to press on the pool.
            List<Attempt> whileLocked = new CopyOnWriteArrayList<>();
            List<Future<?>> replying = new ArrayList<>();
            for (int i = 0; i < REPLYING_PHONES; i++) {
                replying.add(phones.submit(() -> {
                    while (Instant.now().isBefore(release)) {
                        Instant sent = Instant.now();
                        int status = h.text(MEMBER_A, "1 " + code);
                        whileLocked.add(new Attempt(status, Duration.between(sent, Instant.now())));
                        if (status == 0) {
                            return;
                        }
                    }
                }));
            }

            // Meanwhile residents of the next villages keep asking for help, one every few seconds.
            int residents = 0;
            while (Instant.now().plus(ANSWERED).isBefore(release)) {
                String phone = "+861390000" + String.format("%04d", 7000 + residents++);
                Instant sent = Instant.now();
                assertEquals(0, h.text(phone, "水管漏水了，请来人看看"), "the SMSC hears we have it");
                h.awaitText(phone, 1);
                Duration took = Duration.between(sent, Instant.now());
                assertTrue(took.compareTo(ANSWERED) < 0, "resident " + residents + " answered after " + took);
                assertEquals(0, h.count("""
                        SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2
                          AND wait_event_type = 'Lock' AND now() - query_start > interval '5 seconds'""",
                        h.db.getDatabase(), holder.processId()), "no connection of the gateway waits long for the lock");
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            }
            assertTrue(residents >= 15, "the residents kept texting for the two minutes: " + residents);

            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(release));
            GatewayHarness.await(holder.query("COMMIT").execute());
            for (Future<?> r : replying) {
                r.get();
            }
            List<Attempt> refused = whileLocked.stream().filter(a -> a.status() != 0).toList();
            assertTrue(refused.size() >= REPLYING_PHONES, "the reply was refused while the ticket was locked: " + refused.size());
            Duration slowest = refused.stream().map(Attempt::took).max(Duration::compareTo).orElseThrow();
            assertTrue(slowest.compareTo(FAST) < 0, "each refusal came fast, the slowest after " + slowest);

            // Delivered again once the lock is gone, the acceptance lands.
            int status;
            do {
                status = h.text(MEMBER_A, "1 " + code);
            } while (status != 0 && !"accepted".equals(h.ticketStatus(code)));
            await().atMost(Duration.ofSeconds(10)).until(() -> "accepted".equals(h.ticketStatus(code)));
            assertEquals(MEMBER_A, h.sql("SELECT v.phone FROM tickets t JOIN volunteers v ON v.id = t.accepted_by WHERE t.code = $1",
                    code).iterator().next().getString(0));
            assertEquals(residents + 1, h.count("SELECT count(*) FROM tickets"), "every resident's text became a ticket");
        } finally {
            vertx.close();
        }
    }
}
