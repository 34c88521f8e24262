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
 * on it once per {@code interval}, on a timer; a health request reads the last answer from
 * memory and never waits for the database. So any number of health requests costs one query per
 * interval and one connection, and a slow database cannot hold health requests open.
 */
public final class DatabaseProbe {
    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Duration interval;
    private final Duration timeout;

    private PgConnection connection;
    private boolean checking;
    private volatile boolean reachable;
    private long timer = -1;

    /**
     * @param options  how to reach the database (copied; no reconnect attempts: the next check retries)
     * @param interval how often to ask
     * @param timeout  a check that takes longer says the database is down
     */
    public DatabaseProbe(Vertx vertx, PgConnectOptions options, Duration interval, Duration timeout) {
        this.vertx = vertx;
        this.options = new PgConnectOptions(options).setReconnectAttempts(0);
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Checks once now, then every interval; the returned future completes with the first answer. */
    public Future<Boolean> start() {
        Future<Boolean> first = check();
        timer = vertx.setPeriodic(interval.toMillis(), id -> check());
        return first;
    }

    /** The last answer: true when the database answered {@code SELECT 1} within the timeout. */
    public boolean reachable() {
        return reachable;
    }

    /** Completes with the answer, never fails; at most one check runs at a time. */
    private Future<Boolean> check() {
        synchronized (this) {
            if (checking) {
                return Future.succeededFuture(reachable);
            }
            checking = true;
        }
        Promise<Boolean> result = Promise.promise();
        long deadline = vertx.setTimer(timeout.toMillis(), id -> {
            if (result.tryComplete(false)) {
                dropConnection();
            }
        });
        connection().compose(c -> c.query("SELECT 1").execute()).onComplete(ar -> {
            vertx.cancelTimer(deadline);
            if (!result.tryComplete(ar.succeeded()) || ar.failed()) {
                dropConnection();
            }
        });
        return result.future().andThen(ar -> {
            reachable = ar.result();
            synchronized (this) {
                checking = false;
            }
        });
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

    /** Stops checking and closes the probe's connection. */
    public Future<Void> close() {
        vertx.cancelTimer(timer);
        PgConnection current;
        synchronized (this) {
            current = connection;
            connection = null;
        }
        return current == null ? Future.succeededFuture() : current.close();
    }
}
