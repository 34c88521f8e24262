package io.qiaoqiao.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.BiFunction;

/** Runs work in one transaction and, once it has committed, its {@link AfterCommit} actions. */
public final class Tx {
    private Tx() {
    }

    public static <T> Future<T> run(Pool pool, BiFunction<SqlConnection, AfterCommit, Future<T>> work) {
        AfterCommit after = new AfterCommit();
        return pool.withTransaction(conn -> work.apply(conn, after)).onSuccess(v -> after.runAll());
    }
}
