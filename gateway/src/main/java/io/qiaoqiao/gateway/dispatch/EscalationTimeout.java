package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;

/**
 * An escalation step's budget ran out: when the ticket is still waiting at that step (nobody
 * accepted, it did not climb meanwhile), it climbs to the next one.
 */
public final class EscalationTimeout implements TimerHandler {
    private final Dispatcher dispatcher;

    public EscalationTimeout(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        // escalation:<ticket>:<step>:<entered at, epoch ms>
        String ref = timer.ref().orElseThrow();
        int last = ref.lastIndexOf(':');
        int first = ref.indexOf(':', "escalation:".length());
        String step = ref.substring(first + 1, last);
        Instant startedAt = Instant.ofEpochMilli(Long.parseLong(ref.substring(last + 1)));
        return Tickets.lock(db, timer.ticketId().orElseThrow())
                .compose(ticket -> dispatcher.budgetSpent(db, after, ticket, step, startedAt));
    }
}
