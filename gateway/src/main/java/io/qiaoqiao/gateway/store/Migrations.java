package io.qiaoqiao.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations from {@code db/migration/} on the class path, applied in order
 * at start-up. The list lives in {@code db/migration/index.txt} because a shaded jar cannot be
 * listed reliably. Several gateway nodes may start at once: an advisory lock makes one of
 * them migrate while the others wait.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final String ROOT = "/db/migration/";
    private static final long LOCK_KEY = 0x7169616f71L; // "qiaoq"

    private Migrations() {
    }

    public record Migration(int version, String name, String sql) {
    }

    /** The migrations shipped with this build, in version order. */
    public static List<Migration> shipped() {
        List<Migration> out = new ArrayList<>();
        for (String file : read("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            int us = file.indexOf("__");
            if (!file.startsWith("V") || us < 2) {
                throw new IllegalStateException("migration file name must look like V<n>__<name>.sql: " + file);
            }
            out.add(new Migration(Integer.parseInt(file.substring(1, us)), file, read(file)));
        }
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).version() <= out.get(i - 1).version()) {
                throw new IllegalStateException("migrations out of order in index.txt: " + out.get(i).name());
            }
        }
        return out;
    }

    /** Applies every shipped migration the database does not have yet; returns how many ran. */
    public static Future<Integer> apply(Pool pool) {
        List<Migration> migrations = shipped();
        return pool.withTransaction(conn -> conn.query("SET LOCAL client_min_messages = warning").execute()
                .compose(v -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute())
                .compose(v -> conn.query("""
                        CREATE TABLE IF NOT EXISTS schema_version (
                            version    int PRIMARY KEY,
                            name       text NOT NULL,
                            applied_at timestamptz NOT NULL DEFAULT now())""").execute())
                .compose(v -> conn.query("SELECT version FROM schema_version").execute())
                .compose(rows -> {
                    Set<Integer> applied = new HashSet<>();
                    for (Row row : rows) {
                        applied.add(row.getInteger(0));
                    }
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (Migration m : migrations) {
                        if (!applied.contains(m.version())) {
                            chain = chain.compose(count -> run(conn, m).map(count + 1));
                        }
                    }
                    return chain;
                }));
    }

    private static Future<Void> run(SqlConnection conn, Migration m) {
        log.info("applying migration {}", m.name());
        return conn.query(m.sql()).execute()
                .compose(v -> conn.preparedQuery("INSERT INTO schema_version (version, name) VALUES ($1, $2)")
                        .execute(Tuple.of(m.version(), m.name())))
                .recover(e -> Future.failedFuture(new IllegalStateException("migration " + m.name() + " failed: " + e.getMessage(), e)))
                .mapEmpty();
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + ROOT + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ROOT + file, e);
        }
    }
}
