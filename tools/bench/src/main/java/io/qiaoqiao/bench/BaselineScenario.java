package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 1: the durable-commit ceiling of this PostgreSQL on this machine. One ~300-byte row
 * per transaction, synchronous commit on, with 1 and with 16 connections: pgbench when it is
 * installed, else the same loop over vertx-pg-client.
 */
final class BaselineScenario {
    private static final String TABLE = "CREATE TABLE baseline_rows (id bigserial PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())";
    private static final String INSERT = "INSERT INTO baseline_rows (body) VALUES (repeat('x', 300))";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private final BenchDatabase db;
    private final BenchSettings settings;

    BaselineScenario(BenchDatabase db, BenchSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    Result run(int connections) throws Exception {
        PgConnectOptions target = db.fresh("baseline_" + connections);
        Pool pool = db.pool(target, connections);
        try {
            Gateway.await(pool.query(TABLE).execute());
            boolean pgbench = pgbenchAvailable();
            double tps = pgbench ? pgbench(target, connections) : loop(pool, connections);
            return new Result("baseline_insert_" + connections + "conn")
                    .put("tool", pgbench ? "pgbench" : "vertx-pg-client")
                    .put("synchronous_commit", setting(pool, "synchronous_commit"))
                    .put("fsync", setting(pool, "fsync"))
                    .put("connections", connections)
                    .put("commits_per_s", tps);
        } finally {
            pool.close();
        }
    }

    private static String setting(Pool pool, String name) {
        return Gateway.await(pool.query("SHOW " + name).execute()).iterator().next().getString(0);
    }

    static boolean pgbenchAvailable() {
        try {
            Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The warm-up is a short run of its own; only the measured run's tps counts. */
    private double pgbench(PgConnectOptions target, int connections) throws Exception {
        Path script = Files.createTempFile("qiaoqiao-baseline", ".sql");
        Files.writeString(script, INSERT + ";\n");
        try {
            runPgbench(target, connections, script, settings.warmupSeconds());
            return runPgbench(target, connections, script, settings.baselineSeconds());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static double runPgbench(PgConnectOptions target, int connections, Path script, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-c", String.valueOf(connections),
                "-j", String.valueOf(Math.min(connections, 2)), "-T", String.valueOf(seconds), "-f", script.toString(),
                "-h", target.getHost(), "-p", String.valueOf(target.getPort()), "-U", target.getUser(), target.getDatabase());
        pb.environment().put("PGPASSWORD", target.getPassword());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + out);
        }
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no tps in pgbench output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private double loop(Pool pool, int connections) {
        measureLoop(pool, connections, settings.warmupSeconds());
        return measureLoop(pool, connections, settings.baselineSeconds());
    }

    /** {@code connections} clients, each inserting one row per transaction as fast as it commits. */
    private static double measureLoop(Pool pool, int connections, int seconds) {
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Void>> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(insertUntil(pool, end, done));
        }
        Gateway.await(Future.all(clients));
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static Future<Void> insertUntil(Pool pool, long end, AtomicLong done) {
        if (System.nanoTime() >= end) {
            return Future.succeededFuture();
        }
        return pool.query(INSERT).execute().compose(rows -> {
            done.incrementAndGet();
            return insertUntil(pool, end, done);
        });
    }
}
