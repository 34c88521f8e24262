package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** An offer nobody answered in time: mark it expired and offer the ticket to the next volunteer. */
public final class OfferExpiry implements TimerHandler {
    private static final String EXPIRE =
            "UPDATE offers SET status = 'expired', answered_at = now() WHERE id = $1 AND status = 'pending' RETURNING volunteer_id";

    private final ReplyHandler replies;
    private final GatewayMetrics metrics;

    public OfferExpiry(ReplyHandler replies, GatewayMetrics metrics) {
        this.replies = replies;
        this.metrics = metrics;
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        long ticketId = timer.ticketId().orElseThrow();
        long offerId = timer.offerId().orElseThrow();
        // Lock the ticket first, as every other change does, so an accept racing the expiry
        // is serialised with it.
        return Tickets.lock(db, ticketId).compose(ticket -> db.preparedQuery(EXPIRE).execute(Tuple.of(offerId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(); // answered meanwhile
                    }
                    long volunteerId = rows.iterator().next().getLong(0);
                    after.add(() -> metrics.offer("expired"));
                    return TicketEvents.append(db, ticketId, "offer_expired", "timer",
                                    new JsonObject().put("offerId", offerId).put("volunteerId", volunteerId))
                            .compose(v -> replies.offerAgainIfNobodyHasIt(db, after, ticket));
                }));
    }
}
