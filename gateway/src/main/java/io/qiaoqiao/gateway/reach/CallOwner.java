package io.qiaoqiao.gateway.reach;

import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.voice.ReachDesk;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/**
 * Whose calls these are (broadcasts, check-ins): what a key means, and what comes after a try.
 * Each method runs inside the transaction that records the try, so the try's row and what it
 * causes (the next try, a text, a ticket) commit together.
 */
public interface CallOwner {
    /** The outbox's {@code reach_kind}. */
    String kind();

    /** What an answered call of this kind plays, when the script asks ({@code broadcast}: the notice). */
    default Future<Optional<ReachDesk.Notice>> notice(SqlClient db, CallTry call) {
        return Future.succeededFuture(Optional.empty());
    }

    /** The resident pressed {@code key} on the call: kept at once, before the call ends. */
    Future<Void> keyPressed(SqlClient db, AfterCommit after, CallTry call, char key);

    /** The try is over; a key pressed before was given to {@link #keyPressed} first. */
    Future<Void> tryEnded(SqlClient db, AfterCommit after, CallTry call, TryEnd end);
}
