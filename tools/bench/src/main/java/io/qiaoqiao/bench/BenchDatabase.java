package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.embedded.EmbeddedPostgres;
import io.qiaoqiao.gateway.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;

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

    /** The baseline must be the durable-commit ceiling: this server flushes every commit to disk. */
    static BenchDatabase start(Vertx vertx) throws IOException {
        return new BenchDatabase(EmbeddedPostgres.start(Files.createTempDirectory("qiaoqiao-bench-pg"), true), vertx, true);
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
