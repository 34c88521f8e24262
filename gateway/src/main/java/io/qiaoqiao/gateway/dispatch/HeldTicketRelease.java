package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Quiet hours are over for a held ticket: route it again (the rules may hold it once more). */
public final class HeldTicketRelease implements TimerHandler {
    private static final String RELEASE = "UPDATE tickets SET held_until = NULL WHERE id = $1";

    private final Dispatcher dispatcher;

    public HeldTicketRelease(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        return Tickets.lock(db, timer.ticketId().orElseThrow()).compose(ticket -> {
            if (ticket.status() != TicketStatus.OPEN) {
                return Future.succeededFuture(); // closed by an operator meanwhile
            }
            return db.preparedQuery(RELEASE).execute(Tuple.of(ticket.id()))
                    .compose(v -> TicketEvents.append(db, ticket.id(), "released", "timer", new JsonObject()))
                    .compose(v -> dispatcher.offerNext(db, after, ticket));
        });
    }
}
