package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.dispatch.ReplyHandler.Outcome;
import io.qiaoqiao.gateway.dispatch.VolunteerReply.LeaveLength;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.roster.Directory.Volunteer;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.OfferLifecycle;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.Category;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The volunteers' commands beside accept, decline and done, each answered in one short text:
 * 转 (hand a ticket one step up), 在办 (still on it: a sign of life), 请假 (leave from now) and
 * 我的 (their open tickets). Ticket commands run with the ticket row locked, like every reply.
 */
final class VolunteerCommands {
    private static final String LEAVE = """
            INSERT INTO volunteer_exceptions (volunteer_id, starts_at, ends_at, kind, reason)
            VALUES ($1, studio_now(), $2, 'leave', 'sms') RETURNING starts_at""";
    // Accepted work first (with its deadline), then offers waiting for an answer, oldest first.
    private static final String OPEN_ITEMS = """
            SELECT code, category, due_at, accepted FROM (
                SELECT t.code, t.category, t.due_at, true AS accepted, t.accepted_at AS since
                FROM tickets t WHERE t.accepted_by = $1 AND t.status = 'accepted'
                UNION ALL
                SELECT t.code, t.category, NULL, false, o.created_at
                FROM offers o JOIN tickets t ON t.id = o.ticket_id WHERE o.volunteer_id = $1 AND o.status = 'pending'
            ) open ORDER BY accepted DESC, since, code""";

    private final Dispatcher dispatcher;
    private final Texts texts;
    private final GatewayMetrics metrics;

    VolunteerCommands(Dispatcher dispatcher, GatewayMetrics metrics) {
        this.dispatcher = dispatcher;
        this.texts = dispatcher.texts();
        this.metrics = metrics;
    }

    /**
     * 转 1234 原因: the volunteer who accepted it, or who holds a pending offer for it (declined
     * first), hands it one step up the chain; they hear who has it now. The reason is in the
     * ticket event {@code handed_on}.
     */
    Future<Outcome> handOn(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket, String reason) {
        JsonObject detail = new JsonObject().put("volunteerId", volunteer.id()).put("reason", reason);
        if (ticket.status() == TicketStatus.ACCEPTED && ticket.acceptedBy(volunteer.id())) {
            return climb(db, after, volunteer, ticket, detail.put("had", "accepted"));
        }
        return OfferLifecycle.of(db, ticket, volunteer.id()).compose(offer -> {
            if (offer.isEmpty() || !ticket.status().awaitingVolunteer()) {
                return ReplyHandler.tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
            }
            if (!offer.get().pending()) {
                return ReplyHandler.toldWhyNot(db, texts, volunteer, ticket, offer.get());
            }
            long offerId = offer.get().id();
            return OfferLifecycle.decline(db, offer.get(), ReplyHandler.actor(volunteer))
                    .compose(v -> Timers.cancelForOffer(db, offerId))
                    .onSuccess(v -> after.add(() -> metrics.offer("declined")))
                    .compose(v -> climb(db, after, volunteer, ticket, detail.put("had", "offer").put("offerId", offerId)));
        });
    }

    private Future<Outcome> climb(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket, JsonObject detail) {
        return TicketLifecycle.note(db, ticket, "handed_on", ReplyHandler.actor(volunteer), detail)
                .compose(v -> dispatcher.climb(db, after, ticket, Climb.HANDED_ON))
                .compose(v -> dispatcher.holder(db, ticket))
                .compose(to -> ReplyHandler.tell(db, volunteer, texts.handedOn(ticket.code(), to), Outcome.HANDED_ON));
    }

    /**
     * 在办 1234: the volunteer is still on their accepted work. The text itself is the sign of
     * life the silence chase looks for (every text a volunteer sends is recorded before it is
     * handled); the answer repeats the deadline.
     */
    Future<Outcome> inProgress(SqlClient db, Volunteer volunteer, Ticket ticket) {
        if (ticket.status() != TicketStatus.ACCEPTED || !ticket.acceptedBy(volunteer.id())) {
            return ReplyHandler.tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
        }
        Instant due = ticket.dueAt().orElseThrow().toInstant();
        return TicketLifecycle.note(db, ticket, "in_progress", ReplyHandler.actor(volunteer),
                        new JsonObject().put("volunteerId", volunteer.id()))
                .compose(v -> ReplyHandler.tell(db, volunteer, texts.inProgress(ticket.code(), due, ticket.now()), Outcome.IN_PROGRESS));
    }

    /**
     * 请假 3天 / 到12月5日: leave from now (an exception of kind leave), which the on-call rule of
     * routing honours: nobody offers them anything until it ends. A day is taken whole, in the
     * studio's time zone, and is the next such day (到1月5日 in December is next January).
     */
    Future<Outcome> leave(SqlClient db, Volunteer volunteer, LeaveLength length) {
        ZoneId zone = dispatcher.settings().zone();
        return StudioClock.now(db).compose(now -> {
            Instant until = switch (length) {
                case LeaveLength.Lasting l -> now.plus(l.duration());
                case LeaveLength.Through t -> {
                    LocalDate today = now.atZone(zone).toLocalDate();
                    LocalDate day = t.day().atYear(today.getYear());
                    yield (day.isBefore(today) ? t.day().atYear(today.getYear() + 1) : day).plusDays(1).atStartOfDay(zone).toInstant();
                }
            };
            String answer = length instanceof LeaveLength.Through t ? texts.leaveSetThrough(t.day()) : texts.leaveSet(until, now);
            return db.preparedQuery(LEAVE).execute(Tuple.of(volunteer.id(), OffsetDateTime.ofInstant(until, ZoneOffset.UTC)))
                    .compose(v -> ReplyHandler.tell(db, volunteer, answer, Outcome.LEAVE_SET));
        });
    }

    /** 我的: the tickets the volunteer has accepted (with their deadlines) and the offers waiting for their answer. */
    Future<Outcome> mine(SqlClient db, Volunteer volunteer) {
        Future<Instant> now = StudioClock.now(db);
        Future<List<String>> items = db.preparedQuery(OPEN_ITEMS).execute(Tuple.of(volunteer.id())).compose(rows -> now.map(at -> {
            List<String> out = new ArrayList<>();
            for (Row r : rows) {
                Category category = Category.valueOf(r.getString("category"));
                out.add(r.getBoolean("accepted")
                        ? texts.myTicketAccepted(r.getString("code"), category, r.getOffsetDateTime("due_at").toInstant(), at)
                        : texts.myTicketOffered(r.getString("code"), category));
            }
            return out;
        }));
        return items.compose(list -> list.isEmpty()
                ? ReplyHandler.tell(db, volunteer, texts.nothingPending(), Outcome.NOTHING_PENDING)
                : ReplyHandler.tell(db, volunteer, texts.myTickets(list), Outcome.LISTED));
    }
}
