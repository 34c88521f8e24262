package io.qiaoqiao.gateway.operator;

import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.PendingOffers;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * What the studio does to a ticket by hand: reassign it to a named volunteer, close it, or reopen
 * it (back into dispatch, also after a resident's "not done" left it {@code reopened}). Each runs in one transaction with the ticket row locked
 * (as volunteers' replies do), leaves a ticket event naming the operator and the reason, and
 * queues the texts the change causes.
 */
public final class TicketActions {
    private static final String VOLUNTEER = "SELECT id, phone, name, active FROM volunteers WHERE id = $1";
    private static final String ACCEPTED_OFFER = """
            INSERT INTO offers (ticket_id, volunteer_id, status, expires_at, answered_at)
            VALUES ($1, $2, 'accepted', now(), now())
            ON CONFLICT (ticket_id, volunteer_id) DO UPDATE SET status = 'accepted', answered_at = now()""";
    private static final String PHONE_OF = "SELECT phone FROM volunteers WHERE id = $1";
    private static final String ASSIGN =
            "UPDATE tickets SET status = 'accepted', accepted_by = $2, accepted_at = now() WHERE id = $1";
    private static final String CLOSE = "UPDATE tickets SET status = 'closed', closed_at = now() WHERE id = $1";
    private static final String REOPEN = """
            UPDATE tickets SET status = 'open', accepted_by = NULL, accepted_at = NULL, done_at = NULL, closed_at = NULL,
                               reopened_at = now(), reopen_count = reopen_count + 1
            WHERE id = $1""";


    private final Pool pool;
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;

    private final Texts texts;

    public TicketActions(Pool pool, Dispatcher dispatcher, Texts texts, GatewayMetrics metrics) {
        this.texts = texts;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    /** Gives the ticket to {@code volunteerId} as if they had accepted it; pending offers are withdrawn. */
    public Future<JsonObject> reassign(String code, long volunteerId, String actor, String reason) {
        return locked(code, "ticket.reassign", actor, new JsonObject().put("volunteerId", volunteerId).put("reason", reason),
                (db, after, ticket) -> {
            if (!ticket.status().awaitingVolunteer() && ticket.status() != TicketStatus.ACCEPTED) {
                throw ApiError.conflict("ticket " + code + " is " + ticket.status().db() + "; reopen it before reassigning");
            }
            if (ticket.acceptedBy().map(id -> id == volunteerId).orElse(false)) {
                throw ApiError.conflict("ticket " + code + " is already with volunteer " + volunteerId);
            }
            return db.preparedQuery(VOLUNTEER).execute(Tuple.of(volunteerId)).compose(rows -> {
                if (rows.size() == 0) {
                    throw ApiError.notFound("no volunteer with id " + volunteerId);
                }
                Row volunteer = rows.iterator().next();
                if (!volunteer.getBoolean("active")) {
                    throw ApiError.conflict("volunteer " + volunteerId + " is not active");
                }
                Future<Void> previous = ticket.acceptedBy().isEmpty() ? Future.succeededFuture()
                        : db.preparedQuery(PHONE_OF).execute(Tuple.of(ticket.acceptedBy().get()))
                        .compose(p -> Outbox.text(db, p.iterator().next().getString(0),
                                OperatorTexts.reassignedAway(code), "reassigned_away", ticket.id()));
                return previous
                        .compose(v -> withdrawPending(db, ticket, OperatorTexts.reassignedAway(code)))
                        .compose(v -> db.preparedQuery(ACCEPTED_OFFER).execute(Tuple.of(ticket.id(), volunteerId)))
                        .compose(v -> db.preparedQuery(ASSIGN).execute(Tuple.of(ticket.id(), volunteerId)))
                        .compose(v -> TicketEvents.append(db, ticket.id(), "reassigned", actor, new JsonObject()
                                .put("reason", reason).put("fromVolunteerId", ticket.acceptedBy().orElse(null))
                                .put("toVolunteerId", volunteerId).put("previousStatus", ticket.status().db())))
                        .compose(v -> Outbox.text(db, volunteer.getString("phone"), OperatorTexts.assigned(ticket),
                                "assigned", ticket.id()))
                        .compose(v -> Outbox.text(db, ticket.contactPhone(), texts.confirmationToResident(code,
                                volunteer.getString("name"), volunteer.getString("phone")), "confirmation", ticket.id()))
                        .map(v -> result(ticket, TicketStatus.ACCEPTED));
            });
        });
    }

    /** Ends the ticket without a volunteer's "done": a duplicate, a prank, or solved on the phone. */
    public Future<JsonObject> close(String code, String actor, String reason) {
        return locked(code, "ticket.close", actor, new JsonObject().put("reason", reason), (db, after, ticket) -> {
            if (ticket.status() == TicketStatus.CLOSED) {
                throw ApiError.conflict("ticket " + code + " is already closed");
            }
            return withdrawPending(db, ticket, OperatorTexts.withdrawnByStudio(code))
                    .compose(v -> db.preparedQuery(CLOSE).execute(Tuple.of(ticket.id())))
                    .compose(v -> TicketEvents.append(db, ticket.id(), "closed", actor, new JsonObject()
                            .put("reason", reason).put("previousStatus", ticket.status().db())))
                    .onSuccess(v -> after.add(() -> metrics.closed(ticket)))
                    .map(v -> result(ticket, TicketStatus.CLOSED));
        });
    }

    /** Puts a done, closed or reopened ticket back into the loop: it is offered again from the best candidate. */
    public Future<JsonObject> reopen(String code, String actor, String reason) {
        return locked(code, "ticket.reopen", actor, new JsonObject().put("reason", reason), (db, after, ticket) -> reopenLocked(db, after, ticket, actor, reason)
                .map(v -> result(ticket, TicketStatus.OPEN)));
    }

    private Future<Void> reopenLocked(SqlClient db, AfterCommit after, Ticket ticket, String actor, String reason) {
        if (ticket.status() != TicketStatus.DONE && ticket.status() != TicketStatus.CLOSED
                && ticket.status() != TicketStatus.REOPENED) {
            throw ApiError.conflict("ticket " + ticket.code() + " is " + ticket.status().db()
                    + "; only done, closed or reopened tickets can be reopened");
        }
        return db.preparedQuery(REOPEN).execute(Tuple.of(ticket.id()))
                .compose(v -> TicketEvents.append(db, ticket.id(), "reopened", actor, new JsonObject()
                        .put("reason", reason).put("previousStatus", ticket.status().db())
                        .put("previousVolunteerId", ticket.acceptedBy().orElse(null))))
                .compose(v -> Outbox.text(db, ticket.contactPhone(), OperatorTexts.reopenedToResident(ticket.code()),
                        "reopened", ticket.id()))
                .compose(v -> Tickets.lock(db, ticket.id()))
                .compose(reopened -> dispatcher.offerNext(db, after, reopened))
                .onSuccess(v -> after.add(() -> metrics.reopened(ticket)));
    }

    private static Future<Void> withdrawPending(SqlClient db, Ticket ticket, String text) {
        return PendingOffers.withdraw(db, ticket.id(), text).mapEmpty();
    }

    private interface LockedAction {
        Future<JsonObject> apply(SqlClient db, AfterCommit after, Ticket ticket);
    }

    /** Locks the ticket, applies the action and records it in the operator audit, all in one transaction. */
    private Future<JsonObject> locked(String code, String auditAction, String actor, JsonObject detail,
                                      LockedAction action) {
        return Tx.run(pool, (db, after) -> Tickets.byCode(db, code)
                .map(found -> found.orElseThrow(() -> ApiError.notFound("no ticket with code " + code)))
                .compose(t -> Tickets.lock(db, t.id()))
                .compose(ticket -> action.apply(db, after, ticket))
                .compose(result -> OperatorAudit.append(db, actor, auditAction, "ticket:" + code, detail)
                        .onSuccess(v -> after.add(() -> metrics.operatorAction(auditAction)))
                        .map(result)));
    }

    private static JsonObject result(Ticket ticket, TicketStatus status) {
        return new JsonObject().put("code", ticket.code()).put("previousStatus", ticket.status().db())
                .put("status", status.db());
    }
}
