package io.qiaoqiao.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit against a real PostgreSQL: items handed over while a transaction runs are written
 * together in the next one; one sender's items never share a transaction and keep their order;
 * an item that fails (whatever the reason) fails alone and the others are written.
 */
@Tag("slow")
class GroupCommitTest {
    private record Text(String sender, String body) {
    }

    private Vertx vertx;
    private Pool pool;
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(TestPostgres.freshDatabase()).with(new PoolOptions().setMaxSize(4)).using(vertx).build();
        Gateway.await(pool.query("CREATE TABLE written (id bigserial PRIMARY KEY, sender text, body text, tx bigint DEFAULT txid_current())")
                .execute());
    }

    @AfterEach
    void stop() {
        pool.close();
        vertx.close();
    }

    private GroupCommit<Text> perSender() {
        return perSender(1);
    }

    private GroupCommit<Text> perSender(int transactions) {
        return new GroupCommit<>(pool, (db, after, items) -> {
            Future<Void> chain = Future.succeededFuture();
            for (Text t : items) {
                chain = chain.compose(v -> {
                    if (t.body().equals("poison")) {
                        return Future.failedFuture(new IllegalStateException("cannot handle this text"));
                    }
                    return db.preparedQuery("INSERT INTO written (sender, body) VALUES ($1, $2)")
                            .execute(Tuple.of(t.sender(), t.body())).mapEmpty();
                });
            }
            return chain;
        }, 100, transactions, batches::add, Text::sender);
    }

    @Test
    void texts_handed_over_while_a_transaction_runs_go_together_into_the_next_with_one_per_sender() {
        GroupCommit<Text> writes = perSender();
        List<Future<Void>> done = new ArrayList<>();
        // The first is written alone at once; the rest arrive while it commits.
        for (int i = 0; i < 30; i++) {
            done.add(writes.add(new Text(String.format("+86139000000%02d", i % 10), "text " + i), Duration.ofSeconds(30)));
        }
        Gateway.await(Future.all(done));

        assertEquals(30L, count("SELECT count(*) FROM written"));
        assertTrue(batches.size() < 30, "fewer transactions than texts: " + batches);
        assertEquals(0L, count("SELECT count(*) FROM (SELECT tx, sender FROM written GROUP BY tx, sender HAVING count(*) > 1) x"),
                "no transaction holds two texts of one sender");
        List<String> firstSender = new ArrayList<>();
        for (Row r : Gateway.await(pool.query("SELECT body FROM written WHERE sender = '+8613900000000' ORDER BY id").execute())) {
            firstSender.add(r.getString(0));
        }
        assertEquals(List.of("text 0", "text 10", "text 20"), firstSender, "one sender's texts in the order they came");
    }

    @Test
    void with_three_transactions_at_once_a_senders_next_text_waits_for_the_one_holding_its_last() {
        GroupCommit<Text> writes = perSender(3);
        List<Future<Void>> done = new ArrayList<>();
        // Four senders, sixty texts: three transactions run at once, and each sender's texts
        // must still land one transaction after another, in the order they came.
        for (int i = 0; i < 60; i++) {
            done.add(writes.add(new Text("+8613900000" + (10 + i % 4), "text " + i), Duration.ofSeconds(30)));
        }
        Gateway.await(Future.all(done));

        assertEquals(60L, count("SELECT count(*) FROM written"));
        for (int sender = 0; sender < 4; sender++) {
            List<String> bodies = new ArrayList<>();
            List<Long> transactions = new ArrayList<>();
            for (Row r : Gateway.await(pool.preparedQuery("SELECT body, tx FROM written WHERE sender = $1 ORDER BY id")
                    .execute(Tuple.of("+8613900000" + (10 + sender))))) {
                bodies.add(r.getString(0));
                transactions.add(r.getLong(1));
            }
            List<String> expected = new ArrayList<>();
            for (int i = sender; i < 60; i += 4) {
                expected.add("text " + i);
            }
            assertEquals(expected, bodies, "sender " + sender + "'s texts in the order they came");
            assertEquals(transactions.size(), transactions.stream().distinct().count(), "one transaction per text of a sender");
            for (int i = 1; i < transactions.size(); i++) {
                // txid_current() grows with each transaction begun: a later text of the sender
                // was written by a transaction begun after the one that held the text before.
                assertTrue(transactions.get(i) > transactions.get(i - 1), "sender " + sender + ": " + transactions);
            }
        }
    }

    @Test
    void a_free_transaction_waits_while_the_only_waiting_sender_is_being_written() {
        GroupCommit<Text> writes = perSender(2);
        List<Future<Void>> done = new ArrayList<>();
        // One sender: its first text is being written, so the second transaction has nothing it may
        // take; handing over the next texts must neither fail nor spin, and each follows the last.
        for (int i = 0; i < 5; i++) {
            done.add(writes.add(new Text("+8613900000001", "text " + i), Duration.ofSeconds(30)));
        }
        Gateway.await(Future.all(done));

        List<String> bodies = new ArrayList<>();
        for (Row r : Gateway.await(pool.query("SELECT body FROM written ORDER BY id").execute())) {
            bodies.add(r.getString(0));
        }
        assertEquals(List.of("text 0", "text 1", "text 2", "text 3", "text 4"), bodies);
        assertEquals(5, batches.size(), "one transaction per text: " + batches);
    }

    @Test
    void a_text_that_cannot_be_handled_fails_alone_and_its_batch_is_still_written() {
        GroupCommit<Text> writes = perSender();
        Future<Void> first = writes.add(new Text("+8613900000001", "first"), Duration.ofSeconds(30));
        Future<Void> poison = writes.add(new Text("+8613900000002", "poison"), Duration.ofSeconds(30));
        List<Future<Void>> others = new ArrayList<>();
        for (int i = 3; i < 9; i++) {
            others.add(writes.add(new Text("+861390000000" + i, "fine " + i), Duration.ofSeconds(30)));
        }
        Gateway.await(Future.all(others));
        Gateway.await(first);
        assertTrue(failed(poison), "the poison text fails");
        assertEquals(7L, count("SELECT count(*) FROM written"));
    }

    private static boolean failed(Future<Void> f) {
        try {
            Gateway.await(f);
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private long count(String sql) {
        return Gateway.await(pool.query(sql).execute()).iterator().next().getLong(0);
    }
}
