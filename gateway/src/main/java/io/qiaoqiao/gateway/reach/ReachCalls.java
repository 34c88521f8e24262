package io.qiaoqiao.gateway.reach;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.voice.ReachDesk;
import io.qiaoqiao.gateway.voice.VoiceDesk;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tries of calls not about a ticket, in the outbox: queued (one row per subject per try, so
 * a try exists once whatever happens to the node placing it), settled (once: the first report of
 * its end wins), withdrawn; and what the {@code broadcast} and {@code checkin} scripts report.
 * Each settlement hands the try to its {@link CallOwner} in the same transaction.
 */
public final class ReachCalls implements ReachDesk {
    private static final Logger log = LoggerFactory.getLogger(ReachCalls.class);
    private static final String ENQUEUE = """
            INSERT INTO outbox (channel, recipient, body, purpose, script, reach_kind, reach_id, try_no, keep_quiet, next_attempt_at)
            VALUES ('call', $1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (reach_kind, reach_id, try_no) WHERE reach_kind IS NOT NULL DO NOTHING""";
    private static final String NOTIFY = "SELECT pg_notify('" + Outbox.CHANNEL + "', 'call')";
    private static final String SETTLE = """
            UPDATE outbox SET status = $2, call_result = $3, last_error = $4, sent_at = studio_now(),
                   claimed_by = NULL, claimed_until = NULL
            WHERE id = $1 AND status = 'sending' AND reach_kind IS NOT NULL
            RETURNING""" + " " + CallTry.COLUMNS;
    private static final String TRY = "SELECT " + CallTry.COLUMNS + " FROM outbox WHERE id = $1 AND reach_kind IS NOT NULL";
    private static final String LOCK_TRY = TRY + " FOR UPDATE";
    private static final String KEY = "UPDATE outbox SET call_key = $2 WHERE id = $1";
    private static final String WITHDRAW = """
            UPDATE outbox SET status = 'withdrawn', call_result = 'WITHDRAWN'
            WHERE reach_kind = $1 AND reach_id = ANY($2) AND status = 'pending' RETURNING id""";

    private final Pool pool;
    private final Map<String, CallOwner> owners = new ConcurrentHashMap<>();
    private final List<Consumer<CallTry>> settledListeners = new ArrayList<>();
    private final ReachMetrics metrics;

    public ReachCalls(Pool pool, ReachMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    public void register(CallOwner owner) {
        owners.put(owner.kind(), owner);
    }

    /** Told (after the commit) of every try settled, on this node: a line is free. */
    void onSettled(Consumer<CallTry> listener) {
        settledListeners.add(listener);
    }

    /**
     * Queues try {@code tryNo} of {@code subjectId}, due at {@code due}; nothing when that try is
     * already queued. {@code keepQuiet}: the call waits while quiet hours last.
     */
    public static Future<Void> enqueue(SqlClient db, String kind, long subjectId, int tryNo, String phone, String script,
                                       Instant due, boolean keepQuiet) {
        return db.preparedQuery(ENQUEUE).execute(Tuple.from(List.of(phone, kind + " " + subjectId + " try " + tryNo, kind + "_call",
                        script, kind, subjectId, tryNo, keepQuiet, OffsetDateTime.ofInstant(due, ZoneOffset.UTC))))
                .compose(v -> db.query(NOTIFY).execute()).mapEmpty();
    }

    /** Whom a first try calls. */
    public record Subject(long id, String phone) {
    }

    /** Queues the first try of each subject at once (a broadcast's start), in one round trip. */
    public static Future<Void> enqueueFirst(SqlClient db, String kind, String script, List<Subject> subjects, Instant due,
                                            boolean keepQuiet) {
        if (subjects.isEmpty()) {
            return Future.succeededFuture();
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(due, ZoneOffset.UTC);
        List<Tuple> batch = subjects.stream().map(s -> Tuple.from(List.of(s.phone(), kind + " " + s.id() + " try 1",
                kind + "_call", script, kind, s.id(), 1, keepQuiet, at))).toList();
        return db.preparedQuery(ENQUEUE).executeBatch(batch).compose(v -> db.query(NOTIFY).execute()).mapEmpty();
    }

    /** Takes back the tries of these subjects not yet placed; returns how many. */
    public static Future<Integer> withdraw(SqlClient db, String kind, List<Long> subjectIds) {
        return db.preparedQuery(WITHDRAW).execute(Tuple.of(kind, (Object) subjectIds.toArray(Long[]::new))).map(rows -> rows.size());
    }

    /** Wakes every node's dialer (in the caller's transaction: at its commit). */
    public static Future<Void> notifyDialers(SqlClient db) {
        return db.query(NOTIFY).execute().mapEmpty();
    }

    /**
     * Ends a try placed and still in flight, whoever placed it; its owner decides on the next.
     * Completes with false when the try was already settled (the first report wins).
     */
    Future<Boolean> settle(SqlClient db, AfterCommit after, long outboxId, TryEnd end, boolean outcomeKnown, String error) {
        return db.preparedQuery(SETTLE).execute(Tuple.of(outboxId, outcomeKnown ? "sent" : "failed",
                        end.result().toUpperCase(java.util.Locale.ROOT), error))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                    }
                    CallTry call = CallTry.of(rows.iterator().next());
                    return ended(db, after, call, end).map(true);
                });
    }

    /** A try whose row is already marked (interrupted: its node stopped): its owner decides on the next. */
    Future<Void> ended(SqlClient db, AfterCommit after, CallTry call, TryEnd end) {
        after.add(() -> {
            metrics.call(call.kind(), end.result());
            settledListeners.forEach(l -> l.accept(call));
        });
        return owner(call).tryEnded(db, after, call, end).compose(v -> notifyDialers(db));
    }

    @Override
    public Future<Optional<Notice>> notice(long callId) {
        return pool.preparedQuery(TRY).execute(Tuple.of(callId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(Optional.<Notice>empty());
            }
            CallTry call = CallTry.of(rows.iterator().next());
            return owner(call).notice(pool, call);
        });
    }

    @Override
    public Future<Void> keyPressed(long callId, char key) {
        return Tx.run(pool, (db, after) -> db.preparedQuery(LOCK_TRY).execute(Tuple.of(callId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new IllegalArgumentException("no call " + callId));
            }
            CallTry call = CallTry.of(rows.iterator().next());
            return db.preparedQuery(KEY).execute(Tuple.of(callId, String.valueOf(key)))
                    .compose(v -> owner(call).keyPressed(db, after, call, key));
        }));
    }

    @Override
    public Future<Void> callEnded(long callId, VoiceDesk.ScriptResult result) {
        return Tx.run(pool, (db, after) -> settle(db, after, callId, TryEnd.answered(result.name()), true, null))
                .onSuccess(settled -> {
                    if (!settled) {
                        log.info("call {} ended {} after its try was settled already", callId, result);
                    }
                }).mapEmpty();
    }

    private CallOwner owner(CallTry call) {
        CallOwner owner = owners.get(call.kind());
        if (owner == null) {
            throw new IllegalStateException("no owner for calls of kind " + call.kind());
        }
        return owner;
    }
}
