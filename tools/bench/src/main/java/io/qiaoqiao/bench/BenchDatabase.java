package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.embedded.EmbeddedPostgres;
import io.qiaoqiao.gateway.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The benchmark's PostgreSQL: one embedded server (synchronous commit on, as the gateway runs
 * it) in a temporary folder, and a fresh, migrated database per scenario.
 */
final class BenchDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Vertx vertx;
    private final boolean owned;

    private BenchDatabase(EmbeddedPostgres server, Vertx vertx, boolean owned) {
        this.server = server;
        this.vertx = vertx;
        this.owned = owned;
    }

    /**
     * The baseline must be the durable-commit ceiling: this server flushes every commit to disk.
     * With {@code statementStatistics} it also counts every statement's time (pg_stat_statements),
     * for {@link #writeStatementProfile}.
     */
    static BenchDatabase start(Vertx vertx, boolean statementStatistics) throws IOException {
        Map<String, String> config = statementStatistics
                ? Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all")
                : Map.of();
        return new BenchDatabase(EmbeddedPostgres.start(Files.createTempDirectory("qiaoqiao-bench-pg"), true, config), vertx, true);
    }

    /**
     * The statements that took the most of the server's time in database {@code name}, as
     * pg_stat_statements counted them, into {@code file}: where a scenario's database time went.
     */
    void writeStatementProfile(String name, Path file) throws IOException {
        Pool pool = pool(new PgConnectOptions(admin()).setDatabase(name), 1);
        StringBuilder out = new StringBuilder(String.format("%12s %10s %10s %8s  %s%n", "total_ms", "calls", "mean_ms", "rows", "query"));
        try {
            Gateway.await(pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute());
            for (Row r : Gateway.await(pool.query("""
                    SELECT s.total_exec_time, s.calls, s.mean_exec_time, s.rows, regexp_replace(s.query, '\\s+', ' ', 'g')
                    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                    WHERE d.datname = current_database() ORDER BY s.total_exec_time DESC LIMIT 40""").execute())) {
                out.append(String.format("%12.1f %10d %10.3f %8d  %s%n", r.getDouble(0), r.getLong(1), r.getDouble(2),
                        r.getLong(3), r.getString(4)));
            }
        } finally {
            pool.close();
        }
        Files.writeString(file, out.toString());
    }

    /** Fresh databases on a server someone else started and stops (a test's). */
    static BenchDatabase on(EmbeddedPostgres server, Vertx vertx) {
        return new BenchDatabase(server, vertx, false);
    }

    PgConnectOptions admin() {
        return new PgConnectOptions().setHost(server.host()).setPort(server.port()).setDatabase(server.database())
                .setUser(server.user()).setPassword(server.password());
    }

    /** An empty database named {@code name}, with every migration applied. */
    PgConnectOptions fresh(String name) {
        Pool admin = pool(admin(), 1);
        try {
            Gateway.await(admin.query("DROP DATABASE IF EXISTS " + name).execute());
            Gateway.await(admin.query("CREATE DATABASE " + name).execute());
        } finally {
            admin.close();
        }
        PgConnectOptions options = new PgConnectOptions(admin()).setDatabase(name);
        Pool pool = pool(options, 1);
        try {
            Gateway.await(Migrations.apply(pool));
        } finally {
            pool.close();
        }
        return options;
    }

    Pool pool(PgConnectOptions options, int size) {
        return PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(-1))
                .using(vertx).build();
    }

    /** The {@code db.url} of a database, for a gateway node. */
    static String url(PgConnectOptions options) {
        return "postgresql://" + options.getUser() + ":" + options.getPassword() + "@" + options.getHost() + ":"
                + options.getPort() + "/" + options.getDatabase();
    }

    @Override
    public void close() {
        if (owned) {
            server.close();
        }
    }
}
