package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.OfferLifecycle;
import io.qiaoqiao.gateway.ticket.OfferLifecycle.Offer;
import io.qiaoqiao.gateway.ticket.OfferStatus;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/** An offer nobody answered in time: it expires and its step asks someone else, or the ticket climbs. */
public final class OfferExpiry implements TimerHandler {
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;

    public OfferExpiry(Dispatcher dispatcher, GatewayMetrics metrics) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        long offerId = timer.offerId().orElseThrow();
        // Lock the ticket first, as every other change does, so an accept racing the expiry is serialised with it.
        return Tickets.lock(db, timer.ticketId().orElseThrow()).compose(ticket ->
                OfferLifecycle.expire(db, new Offer(offerId, OfferStatus.PENDING, Optional.empty())).compose(expired -> {
                    if (!expired) {
                        return Future.succeededFuture(); // answered meanwhile
                    }
                    after.add(() -> metrics.offer("expired"));
                    return TicketLifecycle.note(db, ticket, "offer_expired", "timer", new JsonObject().put("offerId", offerId))
                            .compose(v -> dispatcher.offerEnded(db, after, ticket));
                }));
    }
}
