package io.qiaoqiao.gateway.roster;

import io.qiaoqiao.gateway.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fresh migrated database with its own Vert.x and pool, for one test; close it after. */
final class RosterDatabase {
    final Vertx vertx = Vertx.vertx();
    final PgConnectOptions options = TestPostgres.freshDatabase();
    final Pool pool = PgBuilder.pool().connectingTo(options).using(vertx).build();

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Every row of every roster table, as text, to compare a database before and after. */
    List<String> everyRosterRow() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("volunteer_groups", "volunteers", "residents", "family_contacts")) {
            for (Row row : await(pool.query("SELECT * FROM " + table + " ORDER BY id").execute())) {
                rows.add(table + " " + row.toJson().encode());
            }
        }
        return rows;
    }

    long count(String table) throws Exception {
        return await(pool.query("SELECT count(*) FROM " + table).execute()).iterator().next().getLong(0);
    }

    void close() throws Exception {
        await(pool.close());
        await(vertx.close());
    }
}
