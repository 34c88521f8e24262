package io.qiaoqiao.gateway.store;

import io.vertx.pgclient.PgException;

/**
 * The one answer to "did this fail because the database is away or too slow, not because of
 * what was asked?": the connection was lost or refused, the server is shutting down or short of
 * resources, a statement ran out of time, or the pool had no connection in time. Such work is
 * tried again later (an API caller hears 503 and Retry-After; a batch is not split item by item),
 * while a failure for any other reason is the work's own.
 */
public final class DatabaseAway {
    private DatabaseAway() {
    }

    /** SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention, statement timeout); the connection's own failures. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState() == null ? "" : pg.getSqlState();
                return state.startsWith("08") || state.startsWith("53") || state.startsWith("57");
            }
            if (socketFailure(t) || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof java.util.concurrent.TimeoutException || t instanceof io.vertx.core.impl.NoStackTraceTimeoutException
                    || poolTimeout(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection's socket failed ("Broken pipe" when PostgreSQL went away mid-write). A file
     * that cannot be read (a plugin jar, a prompt) is an I/O failure too, but not the database's:
     * an API caller must not be told to wait for a database that is there.
     */
    private static boolean socketFailure(Throwable t) {
        return t instanceof java.io.IOException
                && !(t instanceof java.nio.file.FileSystemException || t instanceof java.io.FileNotFoundException
                        || t instanceof java.util.zip.ZipException || t instanceof java.io.UncheckedIOException);
    }

    /**
     * The pool's own words when no connection came in time: vertx-sql-client 5 fails the wait
     * with a plain VertxException "Timeout waiting for connection", and a pooled query whose
     * connection did not come within its timeout with "Timeout" (its POOL_QUERY_TIMEOUT_EXCEPTION).
     */
    private static boolean poolTimeout(Throwable t) {
        String message = String.valueOf(t.getMessage());
        return t instanceof io.vertx.core.VertxException
                && (message.startsWith("Timeout waiting for connection") || message.equals("Timeout"));
    }
}
