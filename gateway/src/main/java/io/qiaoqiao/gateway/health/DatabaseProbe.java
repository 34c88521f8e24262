package io.qiaoqiao.gateway.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.time.Duration;

/**
 * Whether the database answers, for readiness. It never uses the pool that intake and the
 * outbox use: a load balancer or a flood of health requests must not take connections from
 * texts waiting for their commit. It keeps one connection of its own and asks {@code SELECT 1}
 * on it at most once per {@code interval}; every request in between gets the last answer, and
 * requests that arrive while a check runs share it. So any number of health requests costs at
 * most one query per interval and one connection.
 */
public final class DatabaseProbe {
    private final Vertx vertx;
    private final PgConnectOptions options;
    private final long intervalNanos;
    private final Duration timeout;

    private PgConnection connection;
    private Future<Boolean> running;
    private boolean lastAnswer;
    private long answeredAt;
    private boolean answered;

    /**
     * @param options  how to reach the database (copied; no reconnect attempts: the next check retries)
     * @param interval how old an answer may be before the next request checks again
     * @param timeout  a check that takes longer says the database is down
     */
    public DatabaseProbe(Vertx vertx, PgConnectOptions options, Duration interval, Duration timeout) {
        this.vertx = vertx;
        this.options = new PgConnectOptions(options).setReconnectAttempts(0);
        this.intervalNanos = interval.toNanos();
        this.timeout = timeout;
    }

    /** True when the database answered {@code SELECT 1} within the timeout, at most one interval ago. */
    public synchronized Future<Boolean> reachable() {
        if (answered && System.nanoTime() - answeredAt < intervalNanos) {
            return Future.succeededFuture(lastAnswer);
        }
        if (running == null) {
            running = check().andThen(ar -> remember(ar.result()));
        }
        return running;
    }

    private synchronized void remember(boolean up) {
        lastAnswer = up;
        answeredAt = System.nanoTime();
        answered = true;
        running = null;
    }

    /** Completes with true or false, never fails. */
    private Future<Boolean> check() {
        Promise<Boolean> result = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (result.tryComplete(false)) {
                dropConnection();
            }
        });
        connection().compose(c -> c.query("SELECT 1").execute()).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (!result.tryComplete(ar.succeeded()) || ar.failed()) {
                dropConnection();
            }
        });
        return result.future();
    }

    private synchronized Future<PgConnection> connection() {
        if (connection != null) {
            return Future.succeededFuture(connection);
        }
        return PgConnection.connect(vertx, options).onSuccess(this::keep);
    }

    private synchronized void keep(PgConnection opened) {
        if (connection != null) {
            opened.close();
            return;
        }
        connection = opened;
        opened.closeHandler(v -> forget(opened));
    }

    private synchronized void forget(PgConnection closed) {
        if (connection == closed) {
            connection = null;
        }
    }

    private synchronized void dropConnection() {
        PgConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }

    /** Closes the probe's connection. */
    public Future<Void> close() {
        PgConnection current;
        synchronized (this) {
            current = connection;
            connection = null;
        }
        return current == null ? Future.succeededFuture() : current.close();
    }
}
