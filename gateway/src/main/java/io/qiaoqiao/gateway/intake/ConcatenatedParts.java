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
 *
 * <p>A text made whole is remembered for {@code sms.concat-redelivery-window} (sender, reference,
 * number of parts, and the words of each part): the SMSC delivers a part again when it missed our
 * answer, and such a part is acknowledged and recorded as {@code redelivered} instead of starting
 * a new text. A part with other words under the same reference is a new text (a phone's 8-bit
 * reference comes round again after 256 long texts).
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
    // $4 the part's number, $5 its words, $6 the window in seconds.
    private static final String DONE_BEFORE = """
            SELECT bodies[$4] IS NOT DISTINCT FROM $5 AND completed_at > studio_now() - make_interval(secs => $6) AS again
            FROM inbound_parts_done WHERE sender = $1 AND ref = $2 AND total = $3""";
    private static final String NOT_DONE = "DELETE FROM inbound_parts_done WHERE sender = $1 AND ref = $2 AND total = $3";
    private static final String REMEMBER = """
            INSERT INTO inbound_parts_done (sender, ref, total, bodies, completed_at) VALUES ($1, $2, $3, $4, studio_now())
            ON CONFLICT (sender, ref, total) DO UPDATE SET bodies = EXCLUDED.bodies, completed_at = EXCLUDED.completed_at""";
    private static final String FORGET_OLD = "DELETE FROM inbound_parts_done WHERE completed_at < studio_now() - make_interval(secs => $1)";

    /** Called with a complete (or timed-out) message inside the same transaction. */
    @FunctionalInterface
    interface WholeTextHandler {
        Future<Void> handle(SqlClient db, AfterCommit after, WholeText text);
    }

    /** Called with a part of a text already made whole, delivered again, inside the same transaction. */
    @FunctionalInterface
    interface RedeliveredPartHandler {
        Future<Void> handle(SqlClient db, AfterCommit after, InboundText part);
    }

    private final Duration timeout;
    private final Duration redeliveryWindow;
    private final WholeTextHandler whole;
    private final RedeliveredPartHandler redelivered;

    ConcatenatedParts(Duration timeout, Duration redeliveryWindow, WholeTextHandler whole, RedeliveredPartHandler redelivered) {
        this.timeout = timeout;
        this.redeliveryWindow = redeliveryWindow;
        this.whole = whole;
        this.redelivered = redelivered;
    }

    Future<Void> store(SqlClient db, AfterCommit after, InboundText part) {
        InboundText.Concat c = part.concat().orElseThrow();
        String key = key(part.sender(), c.reference(), c.total());
        Tuple id = Tuple.of(part.sender(), c.reference(), c.total());
        // The lock makes "store, then count" atomic per message: two last parts arriving at
        // once on two threads would otherwise each see the other missing.
        return db.preparedQuery(LOCK).execute(Tuple.of(key))
                .compose(v -> db.preparedQuery(DONE_BEFORE).execute(Tuple.of(part.sender(), c.reference(), c.total(), c.seq(),
                        part.text(), (double) redeliveryWindow.toSeconds())))
                .compose(done -> {
                    if (done.size() == 0) {
                        return collect(db, after, part, key, id);
                    }
                    if (Boolean.TRUE.equals(done.iterator().next().getBoolean("again"))) {
                        return redelivered.handle(db, after, part);
                    }
                    // Other words, or long ago: a new text that happens to reuse the reference.
                    return db.preparedQuery(NOT_DONE).execute(id).compose(v -> collect(db, after, part, key, id));
                });
    }

    private Future<Void> collect(SqlClient db, AfterCommit after, InboundText part, String key, Tuple id) {
        InboundText.Concat c = part.concat().orElseThrow();
        return db.preparedQuery(STORE).execute(Tuple.of(part.sender(), c.reference(), c.total(), c.seq(), part.text()))
                .compose(v -> db.preparedQuery(PARTS).execute(id))
                .compose(rows -> {
                    if (rows.size() < c.total()) {
                        return Timers.once(db, Timers.CONCAT_TIMEOUT, key, timeout);
                    }
                    return finish(db, id, rows, c.total())
                            .compose(v -> Timers.cancel(db, Timers.CONCAT_TIMEOUT, key))
                            .compose(v -> whole.handle(db, after, new WholeText(part.sender(), join(rows, c.total()),
                                    c.total(), false, part.problems())));
                });
    }

    /** The parts are forgotten and the text remembered as done, for redeliveries; old memories go. */
    private Future<Void> finish(SqlClient db, Tuple id, RowSet<Row> rows, int total) {
        Tuple remember = Tuple.of(id.getString(0), id.getInteger(1), id.getInteger(2), (Object) bodies(rows, total));
        return Future.all(db.preparedQuery(FORGET).execute(id), db.preparedQuery(REMEMBER).execute(remember),
                db.preparedQuery(FORGET_OLD).execute(Tuple.of((double) redeliveryWindow.toSeconds()))).mapEmpty();
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
                    return finish(db, id, rows, total)
                            .compose(v -> whole.handle(db, after, new WholeText(f[0], text, total, true,
                                    List.of("only " + rows.size() + " of " + total + " parts arrived"))));
                });
    }

    /** The words of each part by its number (from 1), null where a part is missing. */
    static String[] bodies(RowSet<Row> rows, int total) {
        String[] bodies = new String[total];
        for (Row r : rows) {
            int seq = r.getInteger("seq");
            if (seq >= 1 && seq <= total) {
                bodies[seq - 1] = r.getString("body");
            }
        }
        return bodies;
    }

    /** The parts in order, with a mark for each missing one. */
    static String join(RowSet<Row> rows, int total) {
        StringBuilder out = new StringBuilder();
        for (String body : bodies(rows, total)) {
            out.append(body == null ? MISSING : body);
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
