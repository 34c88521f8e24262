package io.qiaoqiao.gateway.store;

import io.qiaoqiao.gateway.config.Config;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the database is: the server named by {@code db.url}, or, when none is configured, an
 * embedded server started here with its data in {@code db.embedded.dir}.
 */
public record DatabaseTarget(PgConnectOptions connectOptions, Optional<EmbeddedDatabase> embedded) implements AutoCloseable {
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
            EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of(config.string("db.embedded.dir")),
                    config.flag("db.embedded.fsync"));
            return new DatabaseTarget(embedded.connectOptions(), Optional.of(embedded));
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

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
