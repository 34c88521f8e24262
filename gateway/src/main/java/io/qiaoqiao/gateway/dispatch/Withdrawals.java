package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.ticket.OfferLifecycle;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Withdraws a ticket's pending offers, in the caller's transaction with the ticket locked: each
 * offer is marked withdrawn, its expiry timer cancelled, and its volunteer texted why. Used when
 * a volunteer accepts (the others are told it is taken) and when the studio reassigns or closes.
 */
public final class Withdrawals {
    private static final long NONE_KEPT = -1;

    private Withdrawals() {
    }

    /** Every pending offer of the ticket; returns how many there were. */
    public static Future<Integer> all(SqlClient db, Ticket ticket, String text, String by) {
        return allBut(db, ticket, NONE_KEPT, text, by);
    }

    /** Every pending offer of the ticket but {@code keptOfferId}; returns how many there were. */
    public static Future<Integer> allBut(SqlClient db, Ticket ticket, long keptOfferId, String text, String by) {
        return OfferLifecycle.withdrawAllBut(db, ticket, keptOfferId, by).compose(withdrawn -> {
            Future<Void> chain = Future.succeededFuture();
            for (OfferLifecycle.Pending offer : withdrawn) {
                chain = chain.compose(v -> Timers.cancelForOffer(db, offer.id()))
                        .compose(v -> Outbox.text(db, offer.phone(), text, "withdrawn", ticket.id()));
            }
            return chain.map(withdrawn.size());
        });
    }
}
