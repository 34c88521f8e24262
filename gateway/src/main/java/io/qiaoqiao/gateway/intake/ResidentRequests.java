package io.qiaoqiao.gateway.intake;

import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.NewTicket;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/**
 * Requests the gateway opens itself for a resident of the roster, not from a text or a call: an
 * occurrence of the one-to-one help ledger (channel {@code schedule}), a check-in that found the
 * resident in need or got no answer (channel {@code checkin}). They go through dispatch like any
 * other ticket, in the caller's transaction; the resident asked for nothing, so nobody is told
 * a ticket was opened.
 */
public final class ResidentRequests {
    private static final String RESIDENT = "SELECT id, phone, name, village, village_group, lives_alone FROM residents WHERE id = $1";

    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;

    public ResidentRequests(Dispatcher dispatcher, GatewayMetrics metrics) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    /** What to open. {@code kind}: {@code request}, or {@code check_on} (someone must go and look). */
    public record Request(long residentId, String channel, String kind, Category category, Urgency urgency, String text) {
    }

    public Future<Ticket> open(SqlClient db, AfterCommit after, Request request, String actor) {
        return open(db, after, request, actor, ticket -> Future.succeededFuture());
    }

    /**
     * As {@link #open(SqlClient, AfterCommit, Request, String)}; {@code beforeRouting} runs between the
     * ticket's creation and its first step (what routing reads about it must be written by then).
     */
    public Future<Ticket> open(SqlClient db, AfterCommit after, Request request, String actor,
                               java.util.function.Function<Ticket, Future<Void>> beforeRouting) {
        return db.preparedQuery(RESIDENT).execute(Tuple.of(request.residentId())).compose(rows -> {
            Directory.Resident resident = Directory.resident(rows.iterator().next());
            NewTicket ticket = new NewTicket(request.channel(), request.kind(), Optional.of(resident), resident.phone(), false,
                    new Classification(request.category(), request.urgency(), List.of()), request.text(), false, Optional.empty());
            return Tickets.create(db, ticket, actor).compose(created -> beforeRouting.apply(created)
                    .compose(v -> dispatcher.start(db, after, created)).map(v -> {
                after.add(() -> metrics.ticketCreated(created));
                return created;
            }));
        });
    }
}
