package io.qiaoqiao.gateway.ticket;

import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Creating and reading tickets inside the caller's transaction. */
public final class Tickets {
    private static final String INSERT = """
            INSERT INTO tickets (code, channel, kind, resident_id, requester_phone, on_behalf, registered,
                                 category, urgency, status, text, incomplete, recording, call_id,
                                 place_village, place_village_group)
            VALUES (nextval('ticket_code_seq')::text, $1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $12, $13, $14)
            RETURNING id""";
    private static final String SELECT = """
            SELECT t.id, t.code, t.channel, t.kind, t.category, t.urgency, t.status, t.text, t.requester_phone,
                   t.on_behalf, t.accepted_by, t.created_at, t.confidential, t.escalation_step, t.step_started_at,
                   t.held_until, t.due_at, t.accepted_at, studio_now() AS read_at, t.place_village, t.place_village_group,
                   r.id AS r_id, r.phone AS r_phone, r.name AS r_name, r.village AS r_village,
                   r.village_group AS r_village_group, r.lives_alone AS r_lives_alone
            FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id
            """;
    private static final String LOCK_BY_ID = SELECT + " WHERE t.id = $1 FOR UPDATE OF t";
    private static final String BY_CODE = SELECT + " WHERE t.code = $1";
    private static final String LOCK_BY_CODE = SELECT + " WHERE t.code = $1 FOR UPDATE OF t";

    private Tickets() {
    }

    /** Inserts the ticket and its first event; returns it as stored. */
    public static Future<Ticket> create(SqlClient db, NewTicket t, String actor) {
        Tuple params = Tuple.of(t.channel(), t.kind(), t.resident().map(Resident::id).orElse(null), t.requesterPhone(),
                t.onBehalf(), t.resident().isPresent(), t.classification().category().name(),
                t.classification().urgency().name(), t.text(), t.incomplete(), t.recording().orElse(null));
        params.addValue(t.callId().orElse(null));
        params.addValue(t.place().map(Place::village).orElse(null));
        params.addValue(t.place().map(Place::villageGroup).orElse(null));
        return db.preparedQuery(INSERT).execute(params)
                .map(rows -> rows.iterator().next().getLong("id"))
                .compose(id -> {
                    // Issued together: pipelined on the caller's connection, one round trip.
                    Future<Void> event = TicketEvents.append(db, id, "created", actor, new JsonObject()
                            .put("channel", t.channel())
                            .put("kind", t.kind())
                            .put("place", t.place().map(Place::label).orElse(null))
                            .put("category", t.classification().category().name())
                            .put("urgency", t.classification().urgency().name())
                            .put("matched", new JsonArray(t.classification().matchedWords()))
                            .put("registered", t.resident().isPresent())
                            .put("onBehalf", t.onBehalf())
                            .put("incomplete", t.incomplete()));
                    Future<Ticket> locked = lock(db, id);
                    return Future.all(event, locked).map(v -> locked.result());
                });
    }

    /** Reads and row-locks a ticket: every change to a ticket goes through this lock. */
    public static Future<Ticket> lock(SqlClient db, long id) {
        return db.preparedQuery(LOCK_BY_ID).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw new IllegalStateException("ticket " + id + " does not exist");
            }
            return fromRow(rows.iterator().next());
        });
    }

    /** Reads and row-locks a ticket by its code, if there is one. */
    public static Future<Optional<Ticket>> lockByCode(SqlClient db, String code) {
        return db.preparedQuery(LOCK_BY_CODE).execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
    }

    public static Future<Optional<Ticket>> byCode(SqlClient db, String code) {
        return db.preparedQuery(BY_CODE).execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
    }

    static Ticket fromRow(Row r) {
        Optional<Resident> resident = r.getLong("r_id") == null ? Optional.empty()
                : Optional.of(new Directory.Resident(r.getLong("r_id"), r.getString("r_phone"), r.getString("r_name"),
                r.getString("r_village"), r.getString("r_village_group"), r.getBoolean("r_lives_alone")));
        return new Ticket(r.getLong("id"), r.getString("code"), r.getString("channel"), r.getString("kind"),
                Category.valueOf(r.getString("category")), Urgency.valueOf(r.getString("urgency")),
                TicketStatus.fromDb(r.getString("status")), r.getString("text"), resident,
                r.getString("requester_phone"), r.getBoolean("on_behalf"), Optional.ofNullable(r.getLong("accepted_by")),
                r.getOffsetDateTime("created_at"), r.getBoolean("confidential"), Optional.ofNullable(r.getString("escalation_step")),
                Optional.ofNullable(r.getOffsetDateTime("step_started_at")), Optional.ofNullable(r.getOffsetDateTime("held_until")),
                Optional.ofNullable(r.getOffsetDateTime("due_at")), Optional.ofNullable(r.getOffsetDateTime("accepted_at")),
                r.getOffsetDateTime("read_at"), r.getString("place_village") == null ? Optional.empty()
                        : Optional.of(new Place(r.getString("place_village"), r.getString("place_village_group"))));
    }
}
