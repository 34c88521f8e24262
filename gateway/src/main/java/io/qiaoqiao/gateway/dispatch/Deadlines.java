package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Accepted work has a deadline (限期办结): from a default per category and urgency when it is
 * accepted, moved by the studio when needed. Before it the volunteer is reminded; at it an
 * unfinished ticket climbs one step of its chain. A volunteer who has sent nothing at all since
 * accepting is asked how it goes, and if that goes unanswered too the ticket climbs the same way.
 * Each of these is one durable timer whose reference names the deadline (or the accept) it was
 * set for, so a moved deadline leaves the old timers firing harmlessly.
 */
public final class Deadlines implements TimerHandler {
    private static final String HEARD_FROM = """
            SELECT EXISTS (SELECT 1 FROM inbound_messages WHERE sender = $1 AND received_at > $2)""";

    /**
     * @param due          by {@code category.urgency} (lower case), e.g. {@code errand.normal}
     * @param remindBefore how long before the deadline the volunteer is reminded (at most half the time allowed)
     * @param silentAfter  by urgency: how long after accepting a volunteer who has sent nothing is asked how it goes
     * @param chaseWait    by urgency: how long that question may go unanswered before the ticket climbs
     */
    public record Settings(Map<String, Duration> due, Duration remindBefore, Map<Urgency, Duration> silentAfter,
                           Map<Urgency, Duration> chaseWait) {

        /** The time allowed for accepted work of this category and urgency. */
        public Duration dueIn(Category category, Urgency urgency) {
            return due.get(category.name().toLowerCase(java.util.Locale.ROOT) + "." + urgency.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private enum Kind { REMIND, DUE, SILENT, CHASE }

    private final Settings settings;
    private final Dispatcher dispatcher;
    private final Texts texts;

    public Deadlines(Settings settings, Dispatcher dispatcher) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.texts = dispatcher.texts();
    }

    public Duration dueIn(Ticket ticket) {
        return settings.dueIn(ticket.category(), ticket.urgency());
    }

    /** The timers of a ticket just accepted (or whose deadline just moved): reminder, deadline, silence. */
    public Future<Void> schedule(SqlClient db, Ticket accepted) {
        Instant due = accepted.dueAt().orElseThrow().toInstant();
        Instant acceptedAt = accepted.acceptedAt().orElseThrow().toInstant();
        Duration allowed = Duration.between(acceptedAt, due);
        Duration before = allowed.dividedBy(2).compareTo(settings.remindBefore()) < 0 ? allowed.dividedBy(2) : settings.remindBefore();
        Instant silent = acceptedAt.plus(settings.silentAfter().get(accepted.urgency()));
        Future<Void> remind = Timers.forTicketAt(db, Timers.DEADLINE, accepted.id(), ref(Kind.REMIND, accepted.id(), due), due.minus(before));
        Future<Void> deadline = Timers.forTicketAt(db, Timers.DEADLINE, accepted.id(), ref(Kind.DUE, accepted.id(), due), due);
        Future<Void> silence = silent.isBefore(due.minus(before))
                ? Timers.forTicketAt(db, Timers.DEADLINE, accepted.id(), ref(Kind.SILENT, accepted.id(), acceptedAt), silent)
                : Future.succeededFuture();
        return Future.all(remind, deadline, silence).mapEmpty();
    }

    /** Done, closed or handed up: the ticket's deadline timers have nothing left to do. */
    public static Future<Void> cancel(SqlClient db, Ticket ticket) {
        return Timers.cancelForTicket(db, ticket.id(), Timers.DEADLINE);
    }

    private static String ref(Kind kind, long ticketId, Instant at) {
        return "deadline:" + kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + ticketId + ":" + at.toEpochMilli();
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        String[] ref = timer.ref().orElseThrow().split(":");
        Kind kind = Kind.valueOf(ref[1].toUpperCase(java.util.Locale.ROOT));
        Instant at = Instant.ofEpochMilli(Long.parseLong(ref[3]));
        return Tickets.lock(db, timer.ticketId().orElseThrow()).compose(ticket -> {
            if (ticket.status() != TicketStatus.ACCEPTED || ticket.acceptedBy().isEmpty() || !current(kind, ticket, at)) {
                return Future.succeededFuture(); // done, handed up, or the deadline moved
            }
            return Directory.volunteerById(db, ticket.acceptedBy().get()).compose(found -> {
                Directory.Volunteer volunteer = found.orElseThrow();
                return switch (kind) {
                    case REMIND -> Outbox.text(db, volunteer.phone(), texts.deadlineReminder(ticket.code(), ticket.dueAt().orElseThrow()
                                    .toInstant(), ticket.now()), "deadline_reminder", ticket.id())
                            .compose(v -> TicketLifecycle.reminded(db, ticket, new JsonObject().put("volunteerId", volunteer.id())
                                    .put("dueAt", ticket.dueAt().get().toInstant().toString())));
                    case DUE -> dispatcher.climb(db, after, ticket, Climb.DEADLINE);
                    case SILENT -> heardFrom(db, volunteer, ticket.acceptedAt().orElseThrow()).compose(heard -> heard
                            ? Future.succeededFuture()
                            : Outbox.text(db, volunteer.phone(), texts.chase(ticket.code()), "chase", ticket.id())
                                    .compose(v -> TicketLifecycle.note(db, ticket, "chased", "timer", new JsonObject()
                                            .put("volunteerId", volunteer.id())))
                                    .compose(v -> Timers.forTicketAt(db, Timers.DEADLINE, ticket.id(),
                                            ref(Kind.CHASE, ticket.id(), ticket.now()),
                                            ticket.now().plus(settings.chaseWait().get(ticket.urgency())))));
                    case CHASE -> heardFrom(db, volunteer, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).compose(heard -> heard
                            ? Future.succeededFuture() : dispatcher.climb(db, after, ticket, Climb.SILENT));
                };
            });
        });
    }

    /** A timer is for the ticket as it is now: the same deadline (reminder, deadline) or the same accept (silence). */
    private static boolean current(Kind kind, Ticket ticket, Instant at) {
        return switch (kind) {
            case REMIND, DUE -> ticket.dueAt().map(d -> StudioClock.sameMillisecond(d.toInstant(), at)).orElse(false);
            case SILENT -> ticket.acceptedAt().map(a -> StudioClock.sameMillisecond(a.toInstant(), at)).orElse(false);
            case CHASE -> ticket.acceptedAt().map(a -> a.toInstant().isBefore(at)).orElse(false);
        };
    }

    /** Has the volunteer texted anything at all since then? Any word counts as a sign of life. */
    private static Future<Boolean> heardFrom(SqlClient db, Directory.Volunteer volunteer, OffsetDateTime since) {
        return db.preparedQuery(HEARD_FROM).execute(Tuple.of(volunteer.phone(), since)).map(rows -> rows.iterator().next().getBoolean(0));
    }
}
