package io.qiaoqiao.gateway.followup;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.Directory.Volunteer;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Where a request stands, in the plain words a resident asked for ("查询"): who has it, since
 * when, and by when it is to be done. Who has it is what the resident was told at the last
 * hand-over (the escalation step's {@code to}: 附近的志愿者, 组长, 清河村村委会 …), or the
 * volunteer who accepted it, by name and phone.
 */
public final class Standing {
    private static final String HOLDER = """
            SELECT detail->>'to' FROM ticket_events WHERE ticket_id = $1 AND type IN ('routed', 'escalated')
            ORDER BY id DESC LIMIT 1""";
    private static final String FINISHED_AT = "SELECT coalesce(done_at, closed_at) FROM tickets WHERE id = $1";

    private Standing() {
    }

    /** How far a request has got, as the hotline reads it out. */
    public enum Stage {
        /** The resident's neighbours are being asked. */
        WAITING,
        /** Nobody may be asked before a time (quiet hours, or a rule to be tried again). */
        HELD,
        /** Handed up: leaders, the village committee or the township centre have it. */
        ESCALATED,
        /** A volunteer took it. */
        ACCEPTED,
        /** The resident said it was not done: the studio has it again. */
        WITH_STUDIO,
        /** Done or closed. */
        FINISHED
    }

    /**
     * @param holder    who has it now, as the resident is told
     * @param since     registered (waiting, held), accepted, or finished
     * @param until     held until
     * @param volunteer who accepted it
     * @param due       by when accepted work is to be done
     */
    public record Where(Ticket ticket, Stage stage, String holder, Instant since, Optional<Instant> until,
                        Optional<Volunteer> volunteer, Optional<Instant> due) {
    }

    /** Where the ticket with this code stands now (read without a lock: telling changes nothing). */
    static Future<Where> of(SqlClient db, Texts texts, String code) {
        return Tickets.byCode(db, code).compose(found -> of(db, texts, found.orElseThrow()));
    }

    /** Where the newest open request this phone asked about stands, for the hotline's status key. */
    public static Future<Optional<Where>> ofNewestOpen(SqlClient db, Texts texts, String phone) {
        return AskersTickets.newestOpen(db, phone).compose(code -> code.isEmpty() ? Future.succeededFuture(Optional.<Where>empty())
                : of(db, texts, code.get()).map(Optional::of));
    }

    public static Future<Where> of(SqlClient db, Texts texts, Ticket t) {
        Instant created = t.createdAt().toInstant();
        return switch (t.status()) {
            case HELD -> Future.succeededFuture(new Where(t, Stage.HELD, "", created, t.heldUntil().map(OffsetDateTime::toInstant),
                    Optional.empty(), Optional.empty()));
            case OPEN, OFFERED, ESCALATED -> holder(db, t).map(to -> new Where(t,
                    t.status() == TicketStatus.ESCALATED ? Stage.ESCALATED : Stage.WAITING,
                    to.orElse(texts.recipient("neighbours")), created, Optional.empty(), Optional.empty(), Optional.empty()));
            case ACCEPTED -> Directory.volunteerById(db, t.acceptedBy().orElseThrow()).map(v -> new Where(t, Stage.ACCEPTED,
                    v.map(Volunteer::name).orElse(""), t.acceptedAt().orElseThrow().toInstant(), Optional.empty(), v,
                    t.dueAt().map(OffsetDateTime::toInstant)));
            case REOPENED -> Future.succeededFuture(new Where(t, Stage.WITH_STUDIO, texts.recipient("studio"), created,
                    Optional.empty(), Optional.empty(), Optional.empty()));
            case DONE, CLOSED -> db.preparedQuery(FINISHED_AT).execute(Tuple.of(t.id())).map(rows -> new Where(t, Stage.FINISHED, "",
                    rows.iterator().next().getOffsetDateTime(0).toInstant(), Optional.empty(), Optional.empty(), Optional.empty()));
        };
    }

    /** The status text (status-waiting, status-held, status-accepted, status-done), times in studio time. */
    public static String text(Texts texts, Where w) {
        String code = w.ticket().code();
        Instant now = w.ticket().now();
        return switch (w.stage()) {
            case WAITING, ESCALATED, WITH_STUDIO -> texts.statusWaiting(code, w.since(), w.holder(), now);
            case HELD -> texts.statusHeld(code, w.since(), w.until().orElse(now), now);
            case ACCEPTED -> texts.statusAccepted(code, w.holder(), w.volunteer().map(Volunteer::phone).orElse(""), w.since(),
                    w.due().orElse(w.since()), now);
            case FINISHED -> texts.statusDone(code, w.since(), now);
        };
    }

    private static Future<Optional<String>> holder(SqlClient db, Ticket t) {
        return db.preparedQuery(HOLDER).execute(Tuple.of(t.id()))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.ofNullable(rows.iterator().next().getString(0)));
    }
}
