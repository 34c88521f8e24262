package io.qiaoqiao.gateway.store;

import io.qiaoqiao.gateway.config.Config;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;

/**
 * What PostgreSQL enforces on this gateway's sessions, so that no statement, lock wait or open
 * transaction can hold a connection (and the locks it took) for long. Without them a node that
 * froze inside a transaction kept its row locks until the kernel gave up on its connection, hours
 * later, and every other node's work on that ticket queued behind it, each waiter holding a
 * connection of its own pool until the pool ran dry.
 *
 * <p>The settings travel in the connection's start-up message, so they hold for every statement
 * on the connection, whatever code sends it; each class of work gets its connections from a pool
 * of its own class:
 * <ul>
 *   <li>{@link Kind#SHORT}: intake, dispatch, the outbox, timers, the API. A statement ends within
 *   {@code db.statement-timeout}, waits for a lock at most {@code db.lock-timeout}; a failed one
 *   rolls its transaction back and is tried again (the SMSC delivers the text again, a timer fires
 *   later).</li>
 *   <li>{@link Kind#LONG}: migrations (which may also wait for another node's migrations) and
 *   the statistics queries, which scan the month: {@code db.long-statement-timeout} for both.</li>
 * </ul>
 * Every session is ended by the server after {@code db.idle-in-transaction-timeout} idle inside a
 * transaction (a node that froze mid-way), and both ends probe a silent connection after
 * {@code db.tcp-keepalive-idle} (a node or a database that vanished from the network).
 */
public record DatabaseTimeouts(Duration statement, Duration lock, Duration idleInTransaction, Duration longStatement,
                               Duration keepaliveIdle) {
    private static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    private static final int KEEPALIVE_PROBES = 3;

    /** The class of work a connection serves. */
    public enum Kind { SHORT, LONG }

    public static DatabaseTimeouts from(Config config) {
        return new DatabaseTimeouts(config.duration("db.statement-timeout"), config.duration("db.lock-timeout"),
                config.duration("db.idle-in-transaction-timeout"), config.duration("db.long-statement-timeout"),
                config.duration("db.tcp-keepalive-idle"));
    }

    /** A copy of {@code base} whose sessions carry the timeouts of {@code kind}. */
    public PgConnectOptions apply(PgConnectOptions base, Kind kind) {
        PgConnectOptions options = new PgConnectOptions(base);
        Duration statementLimit = kind == Kind.SHORT ? statement : longStatement;
        Duration lockLimit = kind == Kind.SHORT ? lock : longStatement;
        Duration idleLimit = kind == Kind.SHORT ? idleInTransaction : longStatement;
        long keepalive = Math.max(1, keepaliveIdle.toSeconds());
        options.addProperty("statement_timeout", String.valueOf(statementLimit.toMillis()));
        options.addProperty("lock_timeout", String.valueOf(lockLimit.toMillis()));
        options.addProperty("idle_in_transaction_session_timeout", String.valueOf(idleLimit.toMillis()));
        options.addProperty("tcp_keepalives_idle", String.valueOf(keepalive));
        options.addProperty("tcp_keepalives_interval", String.valueOf(KEEPALIVE_INTERVAL_SECONDS));
        options.addProperty("tcp_keepalives_count", String.valueOf(KEEPALIVE_PROBES));
        // Data the server sent that a vanished client never acknowledges: keepalive does not apply then.
        options.addProperty("tcp_user_timeout", String.valueOf(userTimeoutMillis()));
        return options;
    }

    /**
     * The client's side: keepalive on every pooled connection, and a limit on data the database
     * never acknowledges. (The probe interval is the operating system's, net.ipv4.tcp_keepalive_*;
     * the user timeout applies with Vert.x's native transport.)
     */
    public NetClientOptions clientSide() {
        return new NetClientOptions().setTcpKeepAlive(true).setTcpNoDelay(true).setTcpUserTimeout((int) userTimeoutMillis());
    }

    private long userTimeoutMillis() {
        return (Math.max(1, keepaliveIdle.toSeconds()) + (long) KEEPALIVE_INTERVAL_SECONDS * KEEPALIVE_PROBES) * 1000;
    }
}
