package io.qiaoqiao.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started in this process from packaged binaries, with its data kept in a
 * folder so that a restart finds every ticket again. For the demo, the tests and the benchmark;
 * a township's gateway points {@code db.url} at a real server, and its jar does not carry this.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    /** The class the gateway looks for to know whether this module is on its class path. */
    public static final String CLASS_NAME = "io.qiaoqiao.embedded.EmbeddedPostgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts (blocking) a server on a free loopback port with its data in {@code dataDir}; fsync off. */
    public static EmbeddedPostgres start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * As {@link #start(Path)}; with {@code flushToDisk} the server also flushes every commit to
     * the disk (fsync on), which the embedded server otherwise leaves to the operating system:
     * a killed process loses nothing either way, a machine that loses power may.
     */
    public static EmbeddedPostgres start(Path dataDir, boolean flushToDisk) {
        return start(dataDir, flushToDisk, java.util.Map.of());
    }

    /** As {@link #start(Path, boolean)}, with more server settings (the benchmark's statement statistics). */
    public static EmbeddedPostgres start(Path dataDir, boolean flushToDisk, java.util.Map<String, String> serverConfig) {
        try {
            Path absolute = dataDir.toAbsolutePath().normalize();
            Files.createDirectories(absolute);
            // The server's own log (initdb, start-up, checkpoints, every client's FATAL) goes to a
            // file beside its data rather than line by line through our log at INFO.
            File serverLog = serverLog(absolute).toFile();
            var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog))
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", flushToDisk ? "on" : "off");
            serverConfig.forEach(pg::setServerConfig);
            var started = pg.start();
            log.info("embedded PostgreSQL started on port {} with data in {} (its server log: {})", started.getPort(), absolute,
                    serverLog);
            return new EmbeddedPostgres(started, absolute);
        } catch (IOException | IllegalStateException e) {
            String hint = String.valueOf(e.getMessage()).contains("lock")
                    ? " (is another gateway already running on this data folder?)" : "";
            throw new IllegalStateException("cannot start embedded PostgreSQL in " + dataDir + ": " + e.getMessage() + hint
                    + "; its server log is " + serverLog(dataDir.toAbsolutePath().normalize()), e);
        }
    }

    /** The server's own log: {@code <data folder>.log} beside the data folder (data/pg.log for data/pg). */
    public static Path serverLog(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return postgres.getPort();
    }

    public String database() {
        return "postgres";
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A URL another process can use to reach this server ({@code db.url}). */
    public String url() {
        return "postgresql://" + user() + ":" + password() + "@" + host() + ":" + port() + "/" + database();
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
