package io.qiaoqiao.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestPostgresTest {
    @Test
    void each_fresh_database_is_migrated_and_separate() throws Exception {
        PgConnectOptions a = TestPostgres.freshDatabase();
        PgConnectOptions b = TestPostgres.freshDatabase();
        assertNotEquals(a.getDatabase(), b.getDatabase());
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(a).using(vertx).build();
            int versions = pool.query("SELECT count(*) FROM schema_version").execute()
                    .map(rows -> rows.iterator().next().getInteger(0))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(io.qiaoqiao.gateway.store.Migrations.shipped().size(), versions);
        } finally {
            vertx.close();
        }
    }
}
