package io.qiaoqiao.gateway.testing;

import io.qiaoqiao.embedded.EmbeddedPostgres;
import io.qiaoqiao.gateway.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (embedded, started on first use, removed at exit),
 * and a fresh, migrated database for every test that asks, so tests never share rows.
 */
public final class TestPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** The shared server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("qiaoqiao-test-pg");
                server = EmbeddedPostgres.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    /** How to reach the shared server's maintenance database. */
    public static PgConnectOptions adminOptions() {
        EmbeddedPostgres pg = server();
        return new PgConnectOptions().setHost(pg.host()).setPort(pg.port()).setDatabase(pg.database())
                .setUser(pg.user()).setPassword(pg.password());
    }

    /** Creates an empty database with every migration applied and returns how to reach it. */
    public static PgConnectOptions freshDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        PgConnectOptions admin = adminOptions();
        Vertx vertx = Vertx.vertx();
        try {
            Pool adminPool = PgBuilder.pool().connectingTo(admin).with(new PoolOptions().setMaxSize(1)).using(vertx).build();
            await(adminPool.query("CREATE DATABASE " + name).execute());
            adminPool.close();
            PgConnectOptions options = new PgConnectOptions(admin).setDatabase(name);
            Pool pool = PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(1)).using(vertx).build();
            await(Migrations.apply(pool));
            pool.close();
            return options;
        } finally {
            vertx.close();
        }
    }

    /** The URL form of {@link #freshDatabase()}, for gateway config ({@code db.url}). */
    public static String url(PgConnectOptions options) {
        return "postgresql://" + options.getUser() + ":" + options.getPassword() + "@" + options.getHost() + ":"
                + options.getPort() + "/" + options.getDatabase();
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
