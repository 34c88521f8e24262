package io.qiaoqiao.gateway.followup;

import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * The tickets a phone asked about: those it opened itself, and those of the resident it is (or,
 * for a registered family member, the parent {@link Directory#asker} names: the first by id). A
 * son who asked for his mother and the mother herself see the same open request. One statement
 * each, so that the intake can send it together with its other look-ups for every text.
 */
final class AskersTickets {
    /** $1 the phone: the resident it is, else the first resident who lists it as family (as {@link Directory#asker}). */
    private static final String RESIDENT = """
            coalesce((SELECT id FROM residents WHERE phone = $1),
                     (SELECT resident_id FROM family_contacts WHERE phone = $1 ORDER BY resident_id LIMIT 1))""";
    private static final String THEIRS = "(requester_phone = $1 OR resident_id = " + RESIDENT + ")";
    private static final String NEWEST_OPEN = "SELECT code FROM tickets WHERE " + THEIRS
            + " AND status IN ('open', 'held', 'offered', 'escalated', 'accepted') ORDER BY created_at DESC, id DESC LIMIT 1";
    // Where a request stands: the newest still open (or back with the studio), else one done or
    // closed in the last week; duplicates are the studio's bookkeeping, not the resident's request.
    private static final String NEWEST_TO_REPORT = "SELECT code FROM tickets WHERE " + THEIRS + """
             AND (status IN ('open', 'held', 'offered', 'escalated', 'accepted', 'reopened')
                  OR (status IN ('done', 'closed') AND close_kind IS DISTINCT FROM 'duplicate'
                      AND coalesce(done_at, closed_at) > studio_now() - interval '7 days'))
            ORDER BY status IN ('done', 'closed'), created_at DESC, id DESC LIMIT 1""";
    private static final String ONE_OF_THEIRS = "SELECT code FROM tickets WHERE code = $2 AND " + THEIRS;
    // A spooled call replayed after its first, slow attempt committed after all: added once.
    private static final String JOINED_BY_CALL = "SELECT t.code FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id"
            + " WHERE e.ticket_id IN (SELECT id FROM tickets WHERE " + THEIRS + ")"
            + " AND e.type = 'follow_up' AND e.detail->>'callId' = $2 ORDER BY e.id LIMIT 1";

    private AskersTickets() {
    }

    /** The code of the newest open ticket (open, held, offered, escalated, accepted) the phone asked about. */
    static Future<Optional<String>> newestOpen(SqlClient db, String phone) {
        return code(db, NEWEST_OPEN, Tuple.of(phone));
    }

    /** The code of the ticket to report on when the phone asks where its request stands; a quoted code must be theirs. */
    static Future<Optional<String>> toReport(SqlClient db, String phone, Optional<String> code) {
        return code.isPresent() ? code(db, ONE_OF_THEIRS, Tuple.of(phone, code.get())) : code(db, NEWEST_TO_REPORT, Tuple.of(phone));
    }

    /** The code of the ticket a call (by its Asterisk id) was already added to, if it was. */
    static Future<Optional<String>> joinedByCall(SqlClient db, String phone, String callId) {
        return code(db, JOINED_BY_CALL, Tuple.of(phone, callId));
    }

    /** The ticket of {@code code}, locked, if it is still open once locked. */
    static Future<Optional<Ticket>> lockedOpen(SqlClient db, Optional<String> code) {
        return code.isEmpty() ? Future.succeededFuture(Optional.empty())
                : Tickets.lockByCode(db, code.get()).map(t -> t.filter(ticket -> ticket.status().open()));
    }

    private static Future<Optional<String>> code(SqlClient db, String sql, Tuple params) {
        return db.preparedQuery(sql).execute(params)
                .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.of(rows.iterator().next().getString(0)));
    }
}
