package io.qiaoqiao.gateway.timer;

import io.qiaoqiao.gateway.store.Tx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due timers. Each timer is claimed with {@code FOR UPDATE SKIP LOCKED} and fired in the
 * same transaction that marks it fired, so across any number of nodes a timer fires once, and
 * a node that dies mid-way leaves it pending for the next. A handler that fails is retried a
 * little later instead of blocking the timers behind it.
 */
public final class TimerRunner {
    private static final Logger log = LoggerFactory.getLogger(TimerRunner.class);
    private static final String CLAIM_ONE = """
            SELECT id, kind, ticket_id, offer_id, ref FROM timers
            WHERE status = 'pending' AND due_at <= studio_now()
            ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED""";
    private static final String MARK_FIRED = "UPDATE timers SET status = 'fired', fired_at = studio_now() WHERE id = $1";
    private static final String POSTPONE = "UPDATE timers SET due_at = studio_now() + interval '30 seconds' WHERE id = $1";

    private final Vertx vertx;
    private final Pool pool;
    private final Map<String, TimerHandler> handlers;
    private final long pollMs;
    private final int parallelism;
    private long periodicId = -1;
    private int running;
    private volatile boolean stopped;

    public TimerRunner(Vertx vertx, Pool pool, Map<String, TimerHandler> handlers, long pollMs, int parallelism) {
        this.vertx = vertx;
        this.pool = pool;
        this.handlers = Map.copyOf(handlers);
        this.pollMs = pollMs;
        this.parallelism = parallelism;
    }

    public void start() {
        vertx.runOnContext(v -> {
            periodicId = vertx.setPeriodic(pollMs, id -> drain());
            drain();
        });
    }

    public void stop() {
        stopped = true;
        if (periodicId >= 0) {
            vertx.cancelTimer(periodicId);
        }
    }

    /** Runs up to {@code parallelism} claim loops; each goes on while timers are due. */
    private void drain() {
        while (!stopped && running < parallelism) {
            running++;
            loop();
        }
    }

    private void loop() {
        fireOne().onComplete(ar -> {
            if (ar.succeeded() && ar.result() && !stopped) {
                loop();
            } else {
                if (ar.failed() && !stopped) {
                    log.warn("timer loop paused: {}", ar.cause().toString());
                }
                running--;
            }
        });
    }

    /** @return whether a timer was due (and so another may be) */
    Future<Boolean> fireOne() {
        Long[] claimed = {null};
        return Tx.run(pool, (conn, after) -> conn.query(CLAIM_ONE).execute().compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(false);
            }
            DueTimer timer = toTimer(rows.iterator().next());
            claimed[0] = timer.id();
            TimerHandler handler = handlers.get(timer.kind());
            Future<Void> fired = handler == null
                    ? Future.failedFuture(new IllegalStateException("no handler for timer kind " + timer.kind()))
                    : handler.fire(conn, after, timer);
            return fired.compose(v -> conn.preparedQuery(MARK_FIRED).execute(Tuple.of(timer.id()))).map(true);
        })).recover(e -> {
            if (claimed[0] == null) {
                return Future.failedFuture(e);
            }
            log.error("timer {} failed, retrying in 30 s: {}", claimed[0], e.toString());
            return pool.preparedQuery(POSTPONE).execute(Tuple.of(claimed[0])).map(true);
        });
    }

    private static DueTimer toTimer(Row r) {
        return new DueTimer(r.getLong("id"), r.getString("kind"), Optional.ofNullable(r.getLong("ticket_id")),
                Optional.ofNullable(r.getLong("offer_id")), Optional.ofNullable(r.getString("ref")));
    }
}
