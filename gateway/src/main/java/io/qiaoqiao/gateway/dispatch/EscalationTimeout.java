package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * An escalation step's timeout passed: when the ticket is still escalated at that step
 * (nobody accepted, no later step began), it climbs to the next step.
 */
public final class EscalationTimeout implements TimerHandler {
    private final Dispatcher dispatcher;

    public EscalationTimeout(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        long ticketId = timer.ticketId().orElseThrow();
        String ref = timer.ref().orElseThrow();
        return Tickets.lock(db, ticketId).compose(ticket -> Dispatcher.state(db, ticketId).compose(state -> {
            if (ticket.status() != TicketStatus.ESCALATED || state.escalationStep() == null
                    || !ref.equals(Escalations.ref(ticketId, state.escalationStep()))) {
                return Future.succeededFuture();
            }
            return dispatcher.escalations().after(db, after, ticket, state.confidential(), state.escalationStep());
        }));
    }
}
