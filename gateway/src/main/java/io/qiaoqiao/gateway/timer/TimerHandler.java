package io.qiaoqiao.gateway.timer;

import io.qiaoqiao.gateway.store.AfterCommit;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/** What a kind of timer does when it fires, inside the transaction that marks it fired. */
public interface TimerHandler {
    Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer);
}
