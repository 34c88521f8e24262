package io.qiaoqiao.gateway.intake;

import io.qiaoqiao.gateway.intake.TextIntake.WholeText;
import io.qiaoqiao.gateway.sms.InboundText;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/**
 * Reassembles concatenated texts in the database, so parts may arrive through different
 * nodes and survive a restart. The first part starts a timer; when it fires, whatever arrived
 * becomes the message, with a mark where parts are missing.
 */
public final class ConcatenatedParts implements TimerHandler {
    static final String MISSING = "[…]";
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext($1))";
    private static final String STORE = """
            INSERT INTO inbound_parts (sender, ref, total, seq, body) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (sender, ref, total, seq) DO NOTHING""";
    private static final String PARTS =
            "SELECT seq, body FROM inbound_parts WHERE sender = $1 AND ref = $2 AND total = $3 ORDER BY seq";
    private static final String FORGET = "DELETE FROM inbound_parts WHERE sender = $1 AND ref = $2 AND total = $3";

    /** Called with a complete (or timed-out) message inside the same transaction. */
    @FunctionalInterface
    interface WholeTextHandler {
        Future<Void> handle(SqlClient db, AfterCommit after, WholeText text);
    }

    private final Duration timeout;
    private final WholeTextHandler whole;

    ConcatenatedParts(Duration timeout, WholeTextHandler whole) {
        this.timeout = timeout;
        this.whole = whole;
    }

    Future<Void> store(SqlClient db, AfterCommit after, InboundText part) {
        InboundText.Concat c = part.concat().orElseThrow();
        String key = key(part.sender(), c.reference(), c.total());
        Tuple id = Tuple.of(part.sender(), c.reference(), c.total());
        // The lock makes "store, then count" atomic per message: two last parts arriving at
        // once on two threads would otherwise each see the other missing.
        return db.preparedQuery(LOCK).execute(Tuple.of(key))
                .compose(v -> db.preparedQuery(STORE).execute(Tuple.of(part.sender(), c.reference(), c.total(), c.seq(), part.text())))
                .compose(v -> db.preparedQuery(PARTS).execute(id))
                .compose(rows -> {
                    if (rows.size() < c.total()) {
                        return Timers.once(db, Timers.CONCAT_TIMEOUT, key, timeout);
                    }
                    return db.preparedQuery(FORGET).execute(id)
                            .compose(v -> Timers.cancel(db, Timers.CONCAT_TIMEOUT, key))
                            .compose(v -> whole.handle(db, after, new WholeText(part.sender(), join(rows, c.total()),
                                    c.total(), false, part.problems())));
                });
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        String key = timer.ref().orElseThrow();
        String[] f = splitKey(key);
        Tuple id = Tuple.of(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]));
        int total = Integer.parseInt(f[2]);
        return db.preparedQuery(LOCK).execute(Tuple.of(key))
                .compose(v -> db.preparedQuery(PARTS).execute(id))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture();
                    }
                    String text = join(rows, total);
                    return db.preparedQuery(FORGET).execute(id)
                            .compose(v -> whole.handle(db, after, new WholeText(f[0], text, total, true,
                                    List.of("only " + rows.size() + " of " + total + " parts arrived"))));
                });
    }

    /** The parts in order, with a mark for each missing one. */
    static String join(RowSet<Row> rows, int total) {
        String[] bodies = new String[total + 1];
        for (Row r : rows) {
            int seq = r.getInteger("seq");
            if (seq >= 1 && seq <= total) {
                bodies[seq] = r.getString("body");
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= total; i++) {
            out.append(bodies[i] == null ? MISSING : bodies[i]);
        }
        return out.toString();
    }

    static String key(String sender, int ref, int total) {
        return sender + "|" + ref + "|" + total;
    }

    private static String[] splitKey(String key) {
        int b = key.lastIndexOf('|');
        int a = key.lastIndexOf('|', b - 1);
        return new String[] {key.substring(0, a), key.substring(a + 1, b), key.substring(b + 1)};
    }
}
