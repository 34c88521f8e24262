package io.qiaoqiao.gateway.timer;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/** Schedules and cancels durable timers inside the caller's transaction. */
public final class Timers {
    public static final String OFFER_EXPIRY = "offer_expiry";
    public static final String CONCAT_TIMEOUT = "concat_timeout";
    /** A held ticket (quiet hours) is routed again. */
    public static final String HOLD_RELEASE = "hold_release";
    /** An escalation step's budget ran out: the next one. */
    public static final String ESCALATION_STEP = "escalation_step";
    /** Accepted work: remind the volunteer of the deadline, hand it up at the deadline, chase a silent volunteer. */
    public static final String DEADLINE = "deadline";

    private static final String SCHEDULE_OFFER = """
            INSERT INTO timers (kind, ticket_id, offer_id, due_at)
            VALUES ($1, $2, $3, studio_now() + make_interval(secs => $4))""";
    private static final String SCHEDULE_ONCE = """
            INSERT INTO timers (kind, ref, due_at) VALUES ($1, $2, studio_now() + make_interval(secs => $3))
            ON CONFLICT (kind, ref) WHERE status = 'pending' AND ref IS NOT NULL DO NOTHING""";
    private static final String SCHEDULE_AT = """
            INSERT INTO timers (kind, ticket_id, ref, due_at) VALUES ($1, $2, $3, studio_now() + make_interval(secs => $4))
            ON CONFLICT (kind, ref) WHERE status = 'pending' AND ref IS NOT NULL DO NOTHING""";
    private static final String SCHEDULE_FOR_TICKET_AT = """
            INSERT INTO timers (kind, ticket_id, ref, due_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (kind, ref) WHERE status = 'pending' AND ref IS NOT NULL DO NOTHING""";
    private static final String SCHEDULE_ONCE_AT = """
            INSERT INTO timers (kind, ref, due_at) VALUES ($1, $2, $3)
            ON CONFLICT (kind, ref) WHERE status = 'pending' AND ref IS NOT NULL DO NOTHING""";
    private static final String CANCEL_FOR_TICKET =
            "UPDATE timers SET status = 'cancelled' WHERE ticket_id = $1 AND kind = $2 AND status = 'pending'";
    private static final String CANCEL_FOR_OFFER =
            "UPDATE timers SET status = 'cancelled' WHERE offer_id = $1 AND status = 'pending'";
    private static final String CANCEL_BY_REF =
            "UPDATE timers SET status = 'cancelled' WHERE kind = $1 AND ref = $2 AND status = 'pending'";

    private Timers() {
    }

    public static Future<Void> offerExpiry(SqlClient db, long ticketId, long offerId, Duration after) {
        return db.preparedQuery(SCHEDULE_OFFER)
                .execute(Tuple.of(OFFER_EXPIRY, ticketId, offerId, after.toMillis() / 1000.0)).mapEmpty();
    }

    /** A timer identified by a reference; scheduling it again while it is pending does nothing. */
    public static Future<Void> once(SqlClient db, String kind, String ref, Duration after) {
        return db.preparedQuery(SCHEDULE_ONCE).execute(Tuple.of(kind, ref, after.toMillis() / 1000.0)).mapEmpty();
    }

    /**
     * A ticket's timer identified by a reference, as {@link #once} is. The delay counts from
     * the studio clock, like every timer, so nodes with skewed clocks agree on when it fires.
     */
    public static Future<Void> forTicket(SqlClient db, String kind, long ticketId, String ref, Duration after) {
        return db.preparedQuery(SCHEDULE_AT).execute(Tuple.of(kind, ticketId, ref, after.toMillis() / 1000.0)).mapEmpty();
    }

    /** A ticket's timer due at an instant of the studio clock. */
    public static Future<Void> forTicketAt(SqlClient db, String kind, long ticketId, String ref, java.time.Instant due) {
        return db.preparedQuery(SCHEDULE_FOR_TICKET_AT).execute(Tuple.of(kind, ticketId, ref,
                java.time.OffsetDateTime.ofInstant(due, java.time.ZoneOffset.UTC))).mapEmpty();
    }

    /** A timer identified by a reference, due at an instant of the studio clock, as {@link #once} is. */
    public static Future<Void> onceAt(SqlClient db, String kind, String ref, java.time.Instant due) {
        return db.preparedQuery(SCHEDULE_ONCE_AT).execute(Tuple.of(kind, ref,
                java.time.OffsetDateTime.ofInstant(due, java.time.ZoneOffset.UTC))).mapEmpty();
    }

    /** Cancels every pending timer of this kind for the ticket. */
    public static Future<Void> cancelForTicket(SqlClient db, long ticketId, String kind) {
        return db.preparedQuery(CANCEL_FOR_TICKET).execute(Tuple.of(ticketId, kind)).mapEmpty();
    }

    public static Future<Void> cancelForOffer(SqlClient db, long offerId) {
        return db.preparedQuery(CANCEL_FOR_OFFER).execute(Tuple.of(offerId)).mapEmpty();
    }

    public static Future<Void> cancel(SqlClient db, String kind, String ref) {
        return db.preparedQuery(CANCEL_BY_REF).execute(Tuple.of(kind, ref)).mapEmpty();
    }
}
