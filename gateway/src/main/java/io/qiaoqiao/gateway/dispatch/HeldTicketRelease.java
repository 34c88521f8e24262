package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/** A hold is over (quiet hours ended, or a failed rule is tried again): route the ticket again; the rules may hold it once more. */
public final class HeldTicketRelease implements TimerHandler {
    private final Dispatcher dispatcher;

    public HeldTicketRelease(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        // hold:<ticket>:<until, epoch ms>: a later hold of the same ticket has its own timer.
        String ref = timer.ref().orElseThrow();
        java.time.Instant until = java.time.Instant.ofEpochMilli(Long.parseLong(ref.substring(ref.lastIndexOf(':') + 1)));
        return Tickets.lock(db, timer.ticketId().orElseThrow()).compose(ticket -> dispatcher.released(db, after, ticket, until));
    }
}
