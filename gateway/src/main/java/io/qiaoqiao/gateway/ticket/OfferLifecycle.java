package io.qiaoqiao.gateway.ticket;

import io.qiaoqiao.gateway.ticket.TransitionTable.OfferTransition;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one owner of offers' state, beside {@link TicketLifecycle}: an offer is made (or made again
 * after an earlier one to the same volunteer ended), and then accepted, declined, expired or
 * withdrawn — each only from pending ({@link TransitionTable}), so an accept that arrives for an
 * offer that has expired, been declined or withdrawn changes nothing. The caller holds the
 * ticket's row lock, as for every change to a ticket.
 */
public final class OfferLifecycle {
    // Made again only when the earlier offer ended; a pending or accepted one is left alone
    // (RETURNING then yields no row and the offer counts as not made).
    private static final String MAKE = """
            INSERT INTO offers (ticket_id, volunteer_id, status, expires_at, step)
            VALUES ($1, $2, 'pending', studio_now() + make_interval(secs => $3), $4)
            ON CONFLICT (ticket_id, volunteer_id) DO UPDATE
                SET status = 'pending', expires_at = EXCLUDED.expires_at, answered_at = NULL, answered_by = NULL,
                    step = EXCLUDED.step, created_at = studio_now()
                WHERE offers.status IN ('declined', 'expired', 'withdrawn')
            RETURNING id""";
    private static final String ANSWER = """
            UPDATE offers SET status = $2, answered_at = studio_now(), answered_by = $3
            WHERE id = $1 AND status = 'pending' RETURNING id""";
    private static final String WITHDRAW = """
            UPDATE offers o SET status = 'withdrawn', answered_at = studio_now(), answered_by = $3
            FROM volunteers v
            WHERE o.ticket_id = $1 AND o.id <> $2 AND o.status = 'pending' AND v.id = o.volunteer_id
            RETURNING o.id, o.volunteer_id, v.phone""";
    // The studio's choice counts as the volunteer's accept.
    private static final String ASSIGNED = """
            INSERT INTO offers (ticket_id, volunteer_id, status, expires_at, answered_at, answered_by, step)
            VALUES ($1, $2, 'accepted', studio_now(), studio_now(), $3, 'assigned')
            ON CONFLICT (ticket_id, volunteer_id) DO UPDATE
                SET status = 'accepted', answered_at = studio_now(), answered_by = EXCLUDED.answered_by
            RETURNING id""";
    private static final String OF = """
            SELECT id, status, step, expires_at FROM offers WHERE ticket_id = $1 AND volunteer_id = $2""";
    private static final String PENDING = """
            SELECT o.id, o.volunteer_id, o.step, v.phone FROM offers o JOIN volunteers v ON v.id = o.volunteer_id
            WHERE o.ticket_id = $1 AND o.status = 'pending' ORDER BY o.id""";
    private static final String ASKED_AT_STEP = "SELECT count(*) FROM offers WHERE ticket_id = $1 AND step = $2";

    private OfferLifecycle() {
    }

    /** One volunteer's offer for a ticket, as it stands. */
    public record Offer(long id, OfferStatus status, Optional<String> step) {
        public boolean pending() {
            return status == OfferStatus.PENDING;
        }
    }

    /** A pending offer and whom to tell about it. */
    public record Pending(long id, long volunteerId, Optional<String> step, String phone) {
    }

    /** Makes an offer valid for {@code timeout}; empty when that volunteer already has a pending or accepted one. */
    public static Future<Optional<Long>> make(SqlClient db, Ticket ticket, long volunteerId, Duration timeout, String step) {
        return db.preparedQuery(MAKE).execute(Tuple.of(ticket.id(), volunteerId, timeout.toMillis() / 1000.0, step))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("id")));
    }

    public static Future<Optional<Offer>> of(SqlClient db, Ticket ticket, long volunteerId) {
        return db.preparedQuery(OF).execute(Tuple.of(ticket.id(), volunteerId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Offer(r.getLong("id"), OfferStatus.fromDb(r.getString("status")),
                    Optional.ofNullable(r.getString("step"))));
        });
    }

    public static Future<List<Pending>> pending(SqlClient db, Ticket ticket) {
        return db.preparedQuery(PENDING).execute(Tuple.of(ticket.id())).map(rows -> {
            List<Pending> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Pending(r.getLong("id"), r.getLong("volunteer_id"), Optional.ofNullable(r.getString("step")),
                        r.getString("phone")));
            }
            return out;
        });
    }

    /** How many offers a step has made for the ticket, answered or not. */
    public static Future<Integer> askedAt(SqlClient db, Ticket ticket, String step) {
        return db.preparedQuery(ASKED_AT_STEP).execute(Tuple.of(ticket.id(), step)).map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** @return whether the offer was still pending and is now accepted */
    public static Future<Boolean> accept(SqlClient db, Offer offer, String by) {
        return answer(db, offer, OfferTransition.ACCEPT, by);
    }

    public static Future<Boolean> decline(SqlClient db, Offer offer, String by) {
        return answer(db, offer, OfferTransition.DECLINE, by);
    }

    public static Future<Boolean> expire(SqlClient db, Offer offer) {
        return answer(db, offer, OfferTransition.EXPIRE, "timer");
    }

    private static Future<Boolean> answer(SqlClient db, Offer offer, OfferTransition transition, String by) {
        Optional<OfferStatus> next = TransitionTable.next(Optional.of(offer.status()), transition);
        if (next.isEmpty()) {
            return Future.succeededFuture(false);
        }
        return db.preparedQuery(ANSWER).execute(Tuple.of(offer.id(), next.get().db(), by)).map(rows -> rows.size() > 0);
    }

    /** Withdraws every pending offer of the ticket but {@code keptOfferId} (-1: all); returns whom it withdrew from. */
    public static Future<List<Pending>> withdrawAllBut(SqlClient db, Ticket ticket, long keptOfferId, String by) {
        return db.preparedQuery(WITHDRAW).execute(Tuple.of(ticket.id(), keptOfferId, by)).map(rows -> {
            List<Pending> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Pending(r.getLong("id"), r.getLong("volunteer_id"), Optional.empty(), r.getString("phone")));
            }
            return out;
        });
    }

    /** The studio's assignment stands as an accepted offer, so every accepted ticket has one. */
    public static Future<Long> assigned(SqlClient db, Ticket ticket, long volunteerId, String by) {
        return db.preparedQuery(ASSIGNED).execute(Tuple.of(ticket.id(), volunteerId, by)).map(rows -> rows.iterator().next().getLong(0));
    }
}
