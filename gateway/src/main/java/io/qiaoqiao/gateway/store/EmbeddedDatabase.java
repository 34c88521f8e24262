package io.qiaoqiao.gateway.store;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started by the gateway itself, with its data kept in a folder so that a
 * restart finds every ticket again. For a first run and for tests; production points
 * {@code db.url} at a real server.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts (blocking) a server on a free loopback port with its data in {@code dataDir}. */
    public static EmbeddedDatabase start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * As {@link #start(Path)}; with {@code flushToDisk} the server also flushes every commit to
     * the disk (fsync on), which the embedded server otherwise leaves to the operating system:
     * a killed process loses nothing either way, a machine that loses power may.
     */
    public static EmbeddedDatabase start(Path dataDir, boolean flushToDisk) {
        try {
            Path absolute = dataDir.toAbsolutePath().normalize();
            Files.createDirectories(absolute);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", flushToDisk ? "on" : "off")
                    .start();
            log.info("embedded PostgreSQL started on port {} with data in {}", pg.getPort(), absolute);
            return new EmbeddedDatabase(pg, absolute);
        } catch (IOException | IllegalStateException e) {
            String hint = String.valueOf(e.getMessage()).contains("lock")
                    ? " (is another gateway already running on this data folder?)" : "";
            throw new IllegalStateException("cannot start embedded PostgreSQL in " + dataDir + ": " + e.getMessage() + hint, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public PgConnectOptions connectOptions() {
        return new PgConnectOptions()
                .setHost("localhost")
                .setPort(port())
                .setDatabase("postgres")
                .setUser("postgres")
                .setPassword("postgres");
    }

    /** A URL another process can use to reach this server. */
    public String url() {
        return "postgresql://postgres:postgres@localhost:" + port() + "/postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
