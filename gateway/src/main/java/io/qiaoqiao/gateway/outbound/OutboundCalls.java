package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.plugin.api.QuietHours;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Queues outbound calls in the outbox, in the caller's transaction, like texts: a call exists
 * exactly when the state change that causes it has committed, and survives a restart.
 */
public final class OutboundCalls {
    public static final String CONFIRM = "confirm";
    public static final String RATING = "rating";
    /** An urgent offer read out to a volunteer or a duty phone, who presses 1 to take it. */
    public static final String OFFER = "offer";
    private static final String ENQUEUE = """
            INSERT INTO outbox (channel, recipient, body, purpose, ticket_id, script, next_attempt_at)
            VALUES ('call', $1, $2, $3, $4, $5, $6)""";
    private static final String NOTIFY = "SELECT pg_notify('" + Outbox.CHANNEL + "', 'call')";

    private final boolean enabled;
    private final RatingSchedule ratings;
    private final Duration ratingDelay;

    /** @param enabled false when no Asterisk is configured: nothing is queued that nobody could place */
    public OutboundCalls(boolean enabled, RatingSchedule ratings, Duration ratingDelay) {
        this.enabled = enabled;
        this.ratings = ratings;
        this.ratingDelay = ratingDelay;
    }

    /** The resident hears who is coming; placed at once. */
    public Future<Void> confirmation(SqlClient db, Ticket ticket) {
        return enqueue(db, ticket, ticket.contactPhone(), CONFIRM, "confirmation_call", ticket.now());
    }

    /**
     * The follow-up call after the work, never during quiet hours (the studio clock decides), and
     * spread over the morning when quiet hours held it back ({@link RatingSchedule}).
     */
    public Future<Void> rating(SqlClient db, Ticket ticket) {
        return enqueue(db, ticket, ticket.contactPhone(), RATING, "rating_call",
                ratings.due(ticket.now().plus(ratingDelay), ticket.id()));
    }

    /** An urgent offer rung through to {@code phone}, at once: urgent requests do not wait for the morning. */
    public Future<Void> offer(SqlClient db, Ticket ticket, String phone) {
        return enqueue(db, ticket, phone, OFFER, "offer_call", ticket.now());
    }

    /** Whether calls are placed at all (an AMI link is configured). */
    public boolean enabled() {
        return enabled;
    }

    private Future<Void> enqueue(SqlClient db, Ticket ticket, String phone, String script, String purpose, Instant due) {
        if (!enabled) {
            return Future.succeededFuture();
        }
        return db.preparedQuery(ENQUEUE).execute(Tuple.of(phone, script + " " + ticket.code(), purpose,
                        ticket.id(), script, OffsetDateTime.ofInstant(due, ZoneOffset.UTC)))
                .compose(v -> db.query(NOTIFY).execute())
                .mapEmpty();
    }

    public QuietHours quietHours() {
        return ratings.quietHours();
    }
}
