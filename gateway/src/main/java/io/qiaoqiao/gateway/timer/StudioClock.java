package io.qiaoqiao.gateway.timer;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;

/**
 * The studio clock: the database server's clock shifted by {@code clock.offset} (rehearsals and
 * tests; zero in production) and by however far a test has moved it on. SQL reads it as
 * {@code studio_now()}; every decision, timer, deadline and timestamp uses it, so every node and
 * every row agree on what time it is, and a test can let an afternoon pass in a second.
 */
public final class StudioClock {
    private static final String CONFIGURE = """
            UPDATE studio_clock SET configured = make_interval(secs => $1)
            WHERE configured <> make_interval(secs => $1) RETURNING configured""";
    private static final String ADVANCE = "UPDATE studio_clock SET advanced = advanced + make_interval(secs => $1)";
    private static final String NOW = "SELECT studio_now()";
    private static final String ZONE = "UPDATE studio_clock SET zone = $1 WHERE zone <> $1";

    private StudioClock() {
    }

    /** Sets the configured offset (every node of a database should be given the same); true when it changed. */
    public static Future<Boolean> configure(SqlClient db, Duration offset) {
        return db.preparedQuery(CONFIGURE).execute(Tuple.of(seconds(offset))).map(rows -> rows.size() > 0);
    }

    /**
     * The studio's time zone, in which the database counts a volunteer's days (points this month,
     * service in the last 30 days); every node of a database should be given the same.
     */
    public static Future<Void> zone(SqlClient db, java.time.ZoneId zone) {
        return db.preparedQuery(ZONE).execute(Tuple.of(zone.getId())).mapEmpty();
    }

    /** Moves the studio clock on for every node of the database: for tests that let time pass. */
    public static Future<Void> advance(SqlClient db, Duration by) {
        return db.preparedQuery(ADVANCE).execute(Tuple.of(seconds(by))).mapEmpty();
    }

    public static Future<Instant> now(SqlClient db) {
        return db.query(NOW).execute().map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /**
     * Whether two instants are the same to the millisecond: timer references name instants in
     * epoch milliseconds, the database keeps microseconds.
     */
    public static boolean sameMillisecond(Instant a, Instant b) {
        return a.toEpochMilli() == b.toEpochMilli();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
