package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Withdraws a ticket's pending offers, in the caller's transaction with the ticket locked:
 * each offer is marked withdrawn, its expiry timer cancelled, and its volunteer texted why.
 * Used when a volunteer accepts (the others are told it is taken) and when the studio
 * reassigns or closes a ticket.
 */
public final class PendingOffers {
    private static final String WITHDRAW = """
            UPDATE offers o SET status = 'withdrawn', answered_at = now()
            FROM volunteers v
            WHERE o.ticket_id = $1 AND o.id <> $2 AND o.status = 'pending' AND v.id = o.volunteer_id
            RETURNING o.id, v.phone""";
    private static final long NO_OFFER = -1;

    private PendingOffers() {
    }

    /** Withdraws every pending offer of the ticket; returns how many there were. */
    public static Future<Integer> withdraw(SqlClient db, long ticketId, String text) {
        return withdrawExcept(db, ticketId, NO_OFFER, text);
    }

    /** Withdraws every pending offer of the ticket but {@code keptOfferId}; returns how many there were. */
    public static Future<Integer> withdrawExcept(SqlClient db, long ticketId, long keptOfferId, String text) {
        return db.preparedQuery(WITHDRAW).execute(Tuple.of(ticketId, keptOfferId)).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (Row r : rows) {
                long offerId = r.getLong("id");
                String phone = r.getString("phone");
                chain = chain.compose(v -> Timers.cancelForOffer(db, offerId))
                        .compose(v -> Outbox.text(db, phone, text, "withdrawn", ticketId));
            }
            return chain.map(rows.rowCount());
        });
    }
}
