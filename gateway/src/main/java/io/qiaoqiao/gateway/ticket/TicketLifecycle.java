package io.qiaoqiao.gateway.ticket;

import io.qiaoqiao.gateway.ticket.TransitionTable.Transition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The one owner of a ticket's state: every change of status (and of what goes with it: who has
 * it, its hold, its escalation step, its deadline, how it was closed, its rating) is one method
 * here, checked against {@link TransitionTable}, written with one statement and recorded as one
 * ticket event. Offers have their owner in {@link OfferLifecycle}. Callers lock the ticket first
 * ({@link Tickets#lock}) and pass the locked copy; each method returns the changed copy.
 *
 * <p>Times are the studio clock's ({@code studio_now()}), the same for every node and every row.
 */
public final class TicketLifecycle {
    private static final String HOLD = """
            UPDATE tickets SET status = 'held', held_until = $2 WHERE id = $1 RETURNING held_until""";
    private static final String RELEASE = "UPDATE tickets SET status = 'open', held_until = NULL WHERE id = $1";
    private static final String ENTER_STEP = """
            UPDATE tickets SET status = $2, escalation_step = $3, level = $4, step_started_at = studio_now(),
                               held_until = NULL,
                               escalated_at = CASE WHEN $2 = 'escalated' THEN coalesce(escalated_at, studio_now()) END
            WHERE id = $1 RETURNING step_started_at""";
    private static final String CONFIDENTIAL = "UPDATE tickets SET confidential = true WHERE id = $1";
    private static final String ACCEPT = """
            UPDATE tickets SET status = 'accepted', accepted_by = $2, accepted_at = studio_now(),
                               due_at = studio_now() + make_interval(secs => $3), reminded_at = NULL, held_until = NULL
            WHERE id = $1 RETURNING accepted_at, due_at""";
    private static final String HAND_UP = """
            UPDATE tickets SET status = 'escalated', accepted_by = NULL, accepted_at = NULL, due_at = NULL,
                               reminded_at = NULL
            WHERE id = $1""";
    private static final String FINISH = "UPDATE tickets SET status = 'done', done_at = studio_now() WHERE id = $1";
    private static final String CLOSE = """
            UPDATE tickets SET status = 'closed', closed_at = studio_now(), close_kind = $2, closed_by = $3, held_until = NULL
            WHERE id = $1""";
    private static final String REOPEN = """
            UPDATE tickets SET status = 'open', accepted_by = NULL, accepted_at = NULL, done_at = NULL, closed_at = NULL,
                               close_kind = NULL, closed_by = NULL, due_at = NULL, reminded_at = NULL,
                               escalation_step = NULL, step_started_at = NULL, level = NULL,
                               reopened_at = studio_now(), reopen_count = reopen_count + 1
            WHERE id = $1""";
    private static final String NOT_DONE = "UPDATE tickets SET status = 'reopened', reopened_at = studio_now() WHERE id = $1";
    private static final String DEADLINE = "UPDATE tickets SET due_at = $2, reminded_at = NULL WHERE id = $1";
    private static final String REMINDED = "UPDATE tickets SET reminded_at = studio_now() WHERE id = $1";
    private static final String RATE = """
            UPDATE tickets SET rating_done = $2, rating_satisfaction = $3, rated_at = studio_now(), rating_channel = $4
            WHERE id = $1""";

    private TicketLifecycle() {
    }

    /** Thrown when a change is asked for that the transition table does not allow: a bug, the transaction fails. */
    public static final class IllegalTransition extends IllegalStateException {
        IllegalTransition(Ticket ticket, Transition transition) {
            super("ticket " + ticket.code() + " is " + ticket.status().db() + ": " + transition + " is allowed only from "
                    + TransitionTable.from(transition));
        }
    }

    /** Whether {@code transition} is allowed for the ticket as it is now. */
    public static boolean allows(Ticket ticket, Transition transition) {
        return TransitionTable.next(ticket.status(), transition).isPresent();
    }

    private static TicketStatus check(Ticket ticket, Transition transition) {
        return TransitionTable.next(ticket.status(), transition).orElseThrow(() -> new IllegalTransition(ticket, transition));
    }

    /** Nobody is offered the ticket before {@code until}; {@code why} says which rule held it and why. */
    public static Future<Ticket> hold(SqlClient db, Ticket ticket, OffsetDateTime until, String actor, JsonObject why) {
        TicketStatus next = check(ticket, Transition.HOLD);
        return db.preparedQuery(HOLD).execute(Tuple.of(ticket.id(), until))
                .compose(rows -> event(db, ticket, "held", actor, why.copy().put("until", until.toInstant().toString()))
                        .map(v -> ticket.withHold(next, Optional.of(until))));
    }

    public static Future<Ticket> release(SqlClient db, Ticket ticket) {
        TicketStatus next = check(ticket, Transition.RELEASE);
        return db.preparedQuery(RELEASE).execute(Tuple.of(ticket.id()))
                .compose(v -> event(db, ticket, "released", "timer", new JsonObject()))
                .map(v -> ticket.withHold(next, Optional.empty()));
    }

    /**
     * The ticket enters an escalation step: the first one ({@code first}: offers to neighbours,
     * status offered) or a later one (status escalated). {@code detail} is the step's event.
     */
    public static Future<Ticket> enterStep(SqlClient db, Ticket ticket, boolean first, String stepId, String level,
                                           JsonObject detail) {
        Transition transition = first ? Transition.ROUTE : Transition.ESCALATE;
        TicketStatus next = check(ticket, transition);
        return db.preparedQuery(ENTER_STEP).execute(Tuple.of(ticket.id(), next.db(), stepId, level))
                .compose(rows -> {
                    OffsetDateTime started = rows.iterator().next().getOffsetDateTime(0);
                    return event(db, ticket, first ? "routed" : "escalated", "routing", detail.copy().put("step", stepId))
                            .map(v -> ticket.withStep(next, stepId, started));
                });
    }

    /** A routing rule said the ticket is confidential: from now on only leaders see it. */
    public static Future<Ticket> markConfidential(SqlClient db, Ticket ticket) {
        if (ticket.confidential()) {
            return Future.succeededFuture(ticket);
        }
        return db.preparedQuery(CONFIDENTIAL).execute(Tuple.of(ticket.id())).map(v -> ticket.withConfidential());
    }

    /** A volunteer accepted their pending offer (see {@link OfferLifecycle#accept}); the deadline counts from now. */
    public static Future<Ticket> accept(SqlClient db, Ticket ticket, long volunteerId, java.time.Duration dueIn, String actor,
                                        JsonObject detail) {
        TicketStatus next = check(ticket, Transition.ACCEPT);
        return owner(db, ticket, next, volunteerId, dueIn, "accepted", actor, detail.copy().put("volunteerId", volunteerId));
    }

    /** The studio gives the ticket to a volunteer, as if they had accepted it. */
    public static Future<Ticket> assign(SqlClient db, Ticket ticket, long volunteerId, java.time.Duration dueIn, String actor,
                                        JsonObject detail) {
        TicketStatus next = check(ticket, Transition.ASSIGN);
        return owner(db, ticket, next, volunteerId, dueIn, "reassigned", actor, detail.copy()
                .put("toVolunteerId", volunteerId).put("fromVolunteerId", ticket.acceptedBy().orElse(null))
                .put("previousStatus", ticket.status().db()));
    }

    private static Future<Ticket> owner(SqlClient db, Ticket ticket, TicketStatus next, long volunteerId, java.time.Duration dueIn,
                                        String type, String actor, JsonObject detail) {
        return db.preparedQuery(ACCEPT).execute(Tuple.of(ticket.id(), volunteerId, dueIn.toMillis() / 1000.0)).compose(rows -> {
            Row r = rows.iterator().next();
            OffsetDateTime due = r.getOffsetDateTime("due_at");
            return event(db, ticket, type, actor, detail.put("dueAt", due.toInstant().toString()))
                    .map(v -> ticket.withOwner(next, Optional.of(volunteerId), Optional.of(r.getOffsetDateTime("accepted_at")),
                            Optional.of(due)));
        });
    }

    /** Accepted work goes back up the chain; the volunteer who had it no longer does. */
    public static Future<Ticket> handUp(SqlClient db, Ticket ticket, String actor, JsonObject why) {
        TicketStatus next = check(ticket, Transition.HAND_UP);
        return db.preparedQuery(HAND_UP).execute(Tuple.of(ticket.id()))
                .compose(v -> event(db, ticket, "handed_up", actor, why.copy()
                        .put("fromVolunteerId", ticket.acceptedBy().orElse(null))))
                .map(v -> ticket.withOwner(next, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    public static Future<Ticket> finish(SqlClient db, Ticket ticket, String actor, JsonObject detail) {
        TicketStatus next = check(ticket, Transition.FINISH);
        return db.preparedQuery(FINISH).execute(Tuple.of(ticket.id()))
                .compose(v -> event(db, ticket, "done", actor, detail))
                .map(v -> ticket.withStatus(next));
    }

    /** How a ticket came to be closed. */
    public enum CloseKind {
        /** The matter is dealt with (by the studio, on the phone, or by a duty phone). */
        SOLVED,
        /** The same need as another ticket: not counted in the completion rate. */
        DUPLICATE,
        /** The resident no longer needs it, or it was not a request. */
        WITHDRAWN,
        /** Nobody could reach the resident. */
        UNREACHABLE;

        public String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Future<Ticket> close(SqlClient db, Ticket ticket, CloseKind kind, String actor, String reason) {
        TicketStatus next = check(ticket, Transition.CLOSE);
        return db.preparedQuery(CLOSE).execute(Tuple.of(ticket.id(), kind.db(), actor))
                .compose(v -> event(db, ticket, "closed", actor, new JsonObject().put("kind", kind.db()).put("reason", reason)
                        .put("previousStatus", ticket.status().db())))
                .map(v -> ticket.withStatus(next));
    }

    /** The studio puts a done, closed or reopened ticket back into the loop, from the first step. */
    public static Future<Ticket> reopen(SqlClient db, Ticket ticket, String actor, String reason) {
        TicketStatus next = check(ticket, Transition.REOPEN);
        return db.preparedQuery(REOPEN).execute(Tuple.of(ticket.id()))
                .compose(v -> event(db, ticket, "reopened", actor, new JsonObject().put("reason", reason)
                        .put("previousStatus", ticket.status().db()).put("previousVolunteerId", ticket.acceptedBy().orElse(null))))
                .compose(v -> Tickets.lock(db, ticket.id()))
                .map(reopened -> {
                    if (reopened.status() != next) {
                        throw new IllegalStateException("ticket " + ticket.code() + " did not reopen");
                    }
                    return reopened;
                });
    }

    /** The resident says the work was not done: the studio looks at it again. */
    public static Future<Ticket> reportNotDone(SqlClient db, Ticket ticket, String actor, String reason) {
        TicketStatus next = check(ticket, Transition.REPORT_NOT_DONE);
        return db.preparedQuery(NOT_DONE).execute(Tuple.of(ticket.id()))
                .compose(v -> event(db, ticket, "reopened", actor, new JsonObject().put("reason", reason)))
                .map(v -> ticket.withStatus(next));
    }

    /** The studio sets or moves the deadline of accepted work. */
    public static Future<Ticket> setDeadline(SqlClient db, Ticket ticket, OffsetDateTime due, String actor, String reason) {
        if (ticket.status() != TicketStatus.ACCEPTED) {
            throw new IllegalStateException("ticket " + ticket.code() + " is " + ticket.status().db() + ": only accepted work has a deadline");
        }
        OffsetDateTime utc = due.withOffsetSameInstant(ZoneOffset.UTC);
        return db.preparedQuery(DEADLINE).execute(Tuple.of(ticket.id(), utc))
                .compose(v -> event(db, ticket, "deadline_set", actor, new JsonObject().put("dueAt", utc.toInstant().toString())
                        .put("previousDueAt", ticket.dueAt().map(d -> d.toInstant().toString()).orElse(null)).put("reason", reason)))
                .map(v -> ticket.withDue(Optional.of(utc)));
    }

    /** The volunteer was reminded of the deadline (at most once per deadline). */
    public static Future<Void> reminded(SqlClient db, Ticket ticket, JsonObject detail) {
        return db.preparedQuery(REMINDED).execute(Tuple.of(ticket.id()))
                .compose(v -> event(db, ticket, "reminded", "timer", detail));
    }

    /** How the resident rated the work, and through what. */
    public enum RatingChannel { CALL, SMS, OPERATOR }

    /** Records a rating; it does not change the status (see {@link #reportNotDone}). */
    public static Future<Void> rate(SqlClient db, Ticket ticket, boolean done, Integer satisfaction, RatingChannel channel,
                                    String actor) {
        String via = channel.name().toLowerCase(java.util.Locale.ROOT);
        return db.preparedQuery(RATE).execute(Tuple.of(ticket.id(), done, satisfaction, via))
                .compose(v -> event(db, ticket, "rated", actor, new JsonObject().put("done", done)
                        .put("satisfaction", satisfaction).put("channel", via)));
    }

    /** A ticket event that changes no state: a note, a follow-up, a call's outcome. */
    public static Future<Void> note(SqlClient db, Ticket ticket, String type, String actor, JsonObject detail) {
        return event(db, ticket, type, actor, detail);
    }

    /** The same without a status: used while the transaction has set no state yet. */
    static Future<Void> event(SqlClient db, Ticket ticket, String type, String actor, JsonObject detail) {
        return TicketEvents.append(db, ticket.id(), type, actor, detail);
    }
}
