package io.qiaoqiao.gateway.store;

import io.qiaoqiao.embedded.EmbeddedPostgres;
import io.qiaoqiao.gateway.config.Config;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the database is: the server named by {@code db.url}, or, when none is configured and the
 * embedded PostgreSQL of the demo kit is on the class path, a server started here with its data
 * in {@code db.embedded.dir}. A production installation carries only the gateway jar, so an empty
 * {@code db.url} there is a configuration error, said at start-up.
 */
public record DatabaseTarget(PgConnectOptions connectOptions, Optional<AutoCloseable> embedded) implements AutoCloseable {
    private static final int PREPARED_STATEMENTS_PER_CONNECTION = 256;

    /**
     * Every connection keeps its prepared statements: without the cache each query is parsed
     * and planned again on every execution, which was most of PostgreSQL's work per ticket.
     */
    public DatabaseTarget {
        connectOptions.setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(PREPARED_STATEMENTS_PER_CONNECTION);
    }

    /** Resolves the target; starts the embedded server if needed (blocking). */
    public static DatabaseTarget open(Config config) {
        if (config.string("db.url").isEmpty()) {
            if (!embeddedAvailable()) {
                throw new IllegalArgumentException("db.url is not set: point it at the studio's PostgreSQL, e.g. "
                        + "db.url=postgresql://qiaoqiao@localhost:5432/qiaoqiao (the embedded PostgreSQL comes only "
                        + "with the demo kit, qiaoqiao-demo.jar beside the gateway jar)");
            }
            EmbeddedPostgres embedded = EmbeddedPostgres.start(Path.of(config.string("db.embedded.dir")),
                    config.flag("db.embedded.fsync"));
            PgConnectOptions connect = new PgConnectOptions().setHost(embedded.host()).setPort(embedded.port())
                    .setDatabase(embedded.database()).setUser(embedded.user()).setPassword(embedded.password());
            return new DatabaseTarget(connect, Optional.of(embedded));
        }
        PgConnectOptions connect = PgConnectOptions.fromUri(config.string("db.url"));
        if (!config.string("db.user").isEmpty()) {
            connect.setUser(config.string("db.user"));
        }
        String password = config.secret("db.password");
        if (!password.isEmpty()) {
            connect.setPassword(password);
        }
        return new DatabaseTarget(connect, Optional.empty());
    }

    /** Is the embedded PostgreSQL (demo kit, tests) on the class path? The gateway jar alone does not carry it. */
    static boolean embeddedAvailable() {
        try {
            Class.forName(EmbeddedPostgres.CLASS_NAME, false, DatabaseTarget.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() {
        embedded.ifPresent(server -> {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException("embedded PostgreSQL did not stop: " + e.getMessage(), e);
            }
        });
    }
}
