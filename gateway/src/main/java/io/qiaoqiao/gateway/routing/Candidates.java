package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.OnCallSchedule;
import io.qiaoqiao.plugin.api.ScheduleException;
import io.qiaoqiao.plugin.api.ServiceHistory;
import io.qiaoqiao.plugin.api.Shift;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the volunteers a ticket may still be offered to, and the people escalation steps reach.
 * Hard exclusions that no plugin may override live here: inactive volunteers, anyone already
 * offered this ticket (declined, expired or withdrawn), and the person who asked.
 *
 * <p>The candidates, their shifts, their leave and extra duty, their load and their history
 * come from one statement — one snapshot of the database at one instant of the studio clock —
 * so a decision never mixes a shift read before a change with leave read after it.
 */
public final class Candidates {
    private static final String ELIGIBLE = """
            SELECT v.id, v.phone, v.name, v.skills, v.is_leader, g.code AS group_code, g.village, g.serves,
                   (SELECT count(*) FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'accepted')::int AS open_tickets,
                   (SELECT coalesce(sum(p.points), 0) FROM points_ledger p
                     WHERE p.volunteer_id = v.id AND p.at >= date_trunc('month', c.now))::int AS points,
                   (SELECT max(t.done_at) FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'done') AS last_served,
                   (SELECT max(o.created_at) FROM offers o WHERE o.volunteer_id = v.id) AS last_offered,
                   (SELECT count(*) FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'done'
                     AND t.done_at > c.now - interval '30 days')::int AS done_30,
                   (SELECT count(*) FROM offers o WHERE o.volunteer_id = v.id AND o.status IN ('declined', 'expired')
                     AND o.created_at > c.now - interval '30 days')::int AS declined_30,
                   (SELECT coalesce(json_agg(json_build_array(s.day_of_week, s.starts, s.ends) ORDER BY s.id), '[]')
                      FROM volunteer_shifts s WHERE s.volunteer_id = v.id) AS shifts,
                   (SELECT coalesce(json_agg(json_build_array(e.starts_at, e.ends_at, e.kind, e.reason) ORDER BY e.id), '[]')
                      FROM volunteer_exceptions e WHERE e.volunteer_id = v.id AND e.ends_at > c.now - interval '1 day') AS exceptions
            FROM (SELECT studio_now() AS now) c, volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            WHERE v.active AND v.phone <> $2 AND ($3::text IS NULL OR g.village = $3)
              AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = $1 AND o.volunteer_id = v.id)
            ORDER BY v.id""";
    private static final String WITH_SKILL_SERVING = """
            SELECT v.id, v.phone, v.name FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            WHERE v.active AND $3 = ANY (v.skills) AND g.village = $1 AND $2 = ANY (g.serves) ORDER BY v.id""";
    private static final String DUTY_PHONE = """
            SELECT name, phone FROM duty_phones WHERE kind = $1 AND village IN ($2, '')
            ORDER BY village DESC LIMIT 1""";
    private static final String LEADERS_SERVING = """
            SELECT v.id, v.phone, v.name FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            WHERE v.is_leader AND v.active AND g.village = $1 AND $2 = ANY (g.serves) ORDER BY v.id""";
    private static final String PAIRED = """
            SELECT v.id, v.phone, v.name FROM help_occurrences o JOIN help_items i ON i.id = o.item_id
            JOIN volunteers v ON v.id = i.volunteer_id WHERE o.ticket_id = $1 AND v.active""";
    private static final String ALL_LEADERS =
            "SELECT v.id, v.phone, v.name FROM volunteers v WHERE v.is_leader AND v.active ORDER BY v.id";

    private Candidates() {
    }

    /** A volunteer to text: id, phone, name. */
    public record Contact(long id, String phone, String name) {
    }

    /** A duty phone an escalation step texts. */
    public record DutyPhone(String name, String phone) {
    }

    /**
     * The volunteers still eligible for the ticket, in {@code village} when one is given, with
     * their schedules (leave and extra duty that ended more than a day ago left out) and history.
     */
    public static Future<List<VolunteerCandidate>> eligible(SqlClient db, long ticketId, String requesterPhone,
                                                            Optional<String> village) {
        return db.preparedQuery(ELIGIBLE).execute(Tuple.of(ticketId, requesterPhone, village.orElse(null))).map(rows -> {
            List<VolunteerCandidate> out = new ArrayList<>();
            for (Row r : rows) {
                ServiceHistory history = new ServiceHistory(instant(r, "last_served"), instant(r, "last_offered"),
                        r.getInteger("done_30"), r.getInteger("declined_30"));
                OnCallSchedule schedule = new OnCallSchedule(shifts(r.getJsonArray("shifts")), exceptions(r.getJsonArray("exceptions")));
                Candidate c = new Candidate(r.getLong("id"), r.getString("group_code"), r.getString("village"),
                        Set.of(r.getArrayOfStrings("serves")), Set.of(r.getArrayOfStrings("skills")),
                        r.getBoolean("is_leader"), r.getInteger("open_tickets"), r.getInteger("points"), history, schedule);
                out.add(new VolunteerCandidate(c, r.getString("phone"), r.getString("name")));
            }
            return out;
        });
    }

    private static List<Shift> shifts(JsonArray rows) {
        List<Shift> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonArray s = rows.getJsonArray(i);
            out.add(new Shift(DayOfWeek.of(s.getInteger(0)), LocalTime.parse(s.getString(1)), LocalTime.parse(s.getString(2))));
        }
        return out;
    }

    private static List<ScheduleException> exceptions(JsonArray rows) {
        List<ScheduleException> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonArray e = rows.getJsonArray(i);
            out.add(new ScheduleException(OffsetDateTime.parse(e.getString(0)).toInstant(), OffsetDateTime.parse(e.getString(1)).toInstant(),
                    e.getString(2).equals("leave") ? ScheduleException.Kind.LEAVE : ScheduleException.Kind.EXTRA_DUTY,
                    e.getString(3)));
        }
        return out;
    }

    private static Optional<Instant> instant(Row r, String column) {
        return Optional.ofNullable(r.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
    }

    /** Active volunteers with a skill (e.g. {@code liaison}) whose group serves the village group. */
    public static Future<List<Contact>> withSkillServing(SqlClient db, Optional<String> village, Optional<String> villageGroup,
                                                         String skill) {
        if (village.isEmpty() || villageGroup.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return db.preparedQuery(WITH_SKILL_SERVING).execute(Tuple.of(village.get(), villageGroup.get(), skill))
                .map(Candidates::contacts);
    }

    /** The duty phone of this kind for the village, else the township-wide one. */
    public static Future<Optional<DutyPhone>> dutyPhone(SqlClient db, String kind, Optional<String> village) {
        return db.preparedQuery(DUTY_PHONE).execute(Tuple.of(kind, village.orElse(""))).map(rows -> rows.size() == 0
                ? Optional.empty()
                : Optional.of(new DutyPhone(rows.iterator().next().getString("name"), rows.iterator().next().getString("phone"))));
    }

    /**
     * The leaders of the groups serving this village group; when none serves it (or the
     * resident is unknown), every active leader, so an escalation always reaches someone.
     */
    public static Future<List<Contact>> leadersFor(SqlClient db, Optional<String> village, Optional<String> villageGroup) {
        Future<List<Contact>> serving = village.isPresent() && villageGroup.isPresent()
                ? db.preparedQuery(LEADERS_SERVING).execute(Tuple.of(village.get(), villageGroup.get())).map(Candidates::contacts)
                : Future.succeededFuture(List.of());
        return serving.compose(found -> found.isEmpty()
                ? db.query(ALL_LEADERS).execute().map(Candidates::contacts)
                : Future.succeededFuture(found));
    }

    /** The active volunteer paired with the resident for the help item the ticket is an occurrence of, if any. */
    public static Future<List<Contact>> pairedWith(SqlClient db, long ticketId) {
        return db.preparedQuery(PAIRED).execute(Tuple.of(ticketId)).map(Candidates::contacts);
    }

    private static List<Contact> contacts(Iterable<Row> rows) {
        List<Contact> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Contact(r.getLong("id"), r.getString("phone"), r.getString("name"))));
        return out;
    }
}
