package io.qiaoqiao.gateway.operator;

import io.qiaoqiao.gateway.dispatch.Deadlines;
import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.FollowUps;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.dispatch.Withdrawals;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.ticket.OfferLifecycle;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketLifecycle.CloseKind;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.TransitionTable.Transition;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;

/**
 * What the studio does to a ticket by hand: reassign it to a named volunteer, set or move its
 * deadline, close it, or reopen it (back into the loop, also after a resident's "not done").
 * Each runs in one transaction with the ticket row locked (as volunteers' replies do), changes
 * state only through {@link TicketLifecycle}, leaves a ticket event and an operator-audit row
 * naming the operator and the reason, and queues the texts the change causes.
 */
public final class TicketActions {
    private final Pool pool;
    private final Dispatcher dispatcher;
    private final Deadlines deadlines;
    private final GatewayMetrics metrics;
    private final Texts texts;

    public TicketActions(Pool pool, Dispatcher dispatcher, Deadlines deadlines, Texts texts, GatewayMetrics metrics) {
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.deadlines = deadlines;
        this.texts = texts;
        this.metrics = metrics;
    }

    /** Gives the ticket to {@code volunteerId} as if they had accepted it; pending offers are withdrawn. */
    public Future<JsonObject> reassign(String code, long volunteerId, String actor, String reason) {
        return locked(code, "ticket.reassign", actor, new JsonObject().put("volunteerId", volunteerId).put("reason", reason),
                (db, after, ticket) -> {
            if (!TicketLifecycle.allows(ticket, Transition.ASSIGN)) {
                throw ApiError.conflict("ticket " + code + " is " + ticket.status().db() + "; reopen it before reassigning");
            }
            if (ticket.acceptedBy(volunteerId)) {
                throw ApiError.conflict("ticket " + code + " is already with volunteer " + volunteerId);
            }
            return Directory.volunteerById(db, volunteerId).compose(found -> {
                Directory.Volunteer volunteer = found.orElseThrow(() -> ApiError.notFound("no volunteer with id " + volunteerId));
                if (!volunteer.active()) {
                    throw ApiError.conflict("volunteer " + volunteerId + " is not active");
                }
                if (ticket.confidential() && !volunteer.leader()) {
                    throw ApiError.conflict("ticket " + code + " is confidential: only a group leader may have it");
                }
                Future<Void> previous = ticket.acceptedBy().isEmpty() ? Future.succeededFuture()
                        : Directory.volunteerById(db, ticket.acceptedBy().get()).compose(p -> p.isEmpty() ? Future.succeededFuture()
                                : Outbox.text(db, p.get().phone(), texts.reassignedAway(code), "reassigned_away", ticket.id()));
                return previous
                        .compose(v -> Withdrawals.all(db, ticket, texts.reassignedAway(code), actor))
                        .compose(v -> OfferLifecycle.assigned(db, ticket, volunteerId, actor))
                        .compose(v -> Deadlines.cancel(db, ticket))
                        .compose(v -> Timers.cancelForTicket(db, ticket.id(), Timers.ESCALATION_STEP))
                        .compose(v -> TicketLifecycle.assign(db, ticket, volunteerId, deadlines.dueIn(ticket), actor,
                                new JsonObject().put("reason", reason)))
                        .compose(assigned -> deadlines.schedule(db, assigned)
                                .compose(v -> Outbox.text(db, volunteer.phone(), texts.assigned(assigned), "assigned", ticket.id()))
                                .compose(v -> FollowUps.forwardNoted(db, texts, assigned, volunteer.phone()))
                                .compose(v -> Outbox.text(db, ticket.contactPhone(), texts.confirmationToResident(code,
                                        volunteer.name(), volunteer.phone()), "confirmation", ticket.id())))
                        .map(v -> result(ticket, TicketStatus.ACCEPTED));
            });
        });
    }

    /** Sets or moves the deadline of accepted work; the volunteer's reminder follows the new time. */
    public Future<JsonObject> setDeadline(String code, OffsetDateTime due, String actor, String reason) {
        return locked(code, "ticket.deadline", actor, new JsonObject().put("dueAt", due.toString()).put("reason", reason),
                (db, after, ticket) -> {
            if (ticket.status() != TicketStatus.ACCEPTED) {
                throw ApiError.conflict("ticket " + code + " is " + ticket.status().db() + "; only accepted work has a deadline");
            }
            if (!due.toInstant().isAfter(ticket.now())) {
                throw ApiError.badRequest("the deadline must be in the future");
            }
            return Deadlines.cancel(db, ticket)
                    .compose(v -> TicketLifecycle.setDeadline(db, ticket, due, actor, reason))
                    .compose(moved -> deadlines.schedule(db, moved))
                    .map(v -> result(ticket, TicketStatus.ACCEPTED).put("dueAt", due.toInstant().toString()));
        });
    }

    /** Ends the ticket without a volunteer's "done": solved on the phone, a duplicate, withdrawn by the resident. */
    public Future<JsonObject> close(String code, CloseKind kind, String actor, String reason) {
        return locked(code, "ticket.close", actor, new JsonObject().put("reason", reason).put("kind", kind.db()),
                (db, after, ticket) -> {
            if (!TicketLifecycle.allows(ticket, Transition.CLOSE)) {
                throw ApiError.conflict("ticket " + code + " is already " + ticket.status().db());
            }
            return closeLocked(db, after, ticket, kind, actor, reason, "工作站").map(v -> result(ticket, TicketStatus.CLOSED));
        });
    }

    /**
     * Closes a locked ticket: pending offers withdrawn, timers stopped, the resident told who closed
     * it (a closed ticket must not leave the resident wondering). Shared with a duty phone's 办结.
     */
    public Future<Void> closeLocked(SqlClient db, AfterCommit after, Ticket ticket, CloseKind kind, String actor, String reason,
                                    String closedByName) {
        return Withdrawals.all(db, ticket, texts.withdrawnByStudio(ticket.code()), actor)
                .compose(v -> Deadlines.cancel(db, ticket))
                .compose(v -> Timers.cancelForTicket(db, ticket.id(), Timers.ESCALATION_STEP))
                .compose(v -> TicketLifecycle.close(db, ticket, kind, actor, reason))
                .compose(closed -> kind == CloseKind.DUPLICATE ? Future.succeededFuture()
                        : Outbox.text(db, ticket.contactPhone(), texts.closedToResident(ticket.code(), closedByName), "closed",
                                ticket.id()))
                .onSuccess(v -> after.add(() -> metrics.closed(ticket)));
    }

    /** Puts a done, closed or reopened ticket back into the loop: it starts its chain again from the first step. */
    public Future<JsonObject> reopen(String code, String actor, String reason) {
        return locked(code, "ticket.reopen", actor, new JsonObject().put("reason", reason), (db, after, ticket) -> {
            if (!TicketLifecycle.allows(ticket, Transition.REOPEN)) {
                throw ApiError.conflict("ticket " + ticket.code() + " is " + ticket.status().db()
                        + "; only done, closed or reopened tickets can be reopened");
            }
            return TicketLifecycle.reopen(db, ticket, actor, reason)
                    .compose(reopened -> Outbox.text(db, ticket.contactPhone(), texts.reopenedToResident(ticket.code()),
                                    "reopened", ticket.id())
                            .compose(v -> dispatcher.start(db, after, reopened)))
                    .onSuccess(v -> after.add(() -> metrics.reopened(ticket)))
                    .map(v -> result(ticket, TicketStatus.OPEN));
        });
    }

    private interface LockedAction {
        Future<JsonObject> apply(SqlClient db, AfterCommit after, Ticket ticket);
    }

    /** Locks the ticket, applies the action and records it in the operator audit, all in one transaction. */
    private Future<JsonObject> locked(String code, String auditAction, String actor, JsonObject detail, LockedAction action) {
        return Tx.run(pool, (db, after) -> Tickets.lockByCode(db, code)
                .map(found -> found.orElseThrow(() -> ApiError.notFound("no ticket with code " + code)))
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
