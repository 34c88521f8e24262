package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.Candidate;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the volunteers a ticket may still be offered to. Hard exclusions that no plugin may
 * override live here: inactive volunteers, anyone already offered this ticket (declined,
 * expired or withdrawn), and the person who asked.
 */
public final class Candidates {
    private static final String ELIGIBLE = """
            SELECT v.id, v.phone, v.name, v.skills, v.is_leader, g.code AS group_code, g.village, g.serves,
                   (SELECT count(*) FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'accepted')::int AS open_tickets,
                   (SELECT coalesce(sum(p.points), 0) FROM points_ledger p
                     WHERE p.volunteer_id = v.id AND p.at >= date_trunc('month', now()))::int AS points,
                   (SELECT max(t.done_at) FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'done') AS last_served
            FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            WHERE v.active AND v.phone <> $2
              AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = $1 AND o.volunteer_id = v.id)
            ORDER BY v.id""";
    private static final String LEADERS_SERVING = """
            SELECT v.id, v.phone, v.name FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            WHERE v.is_leader AND v.active AND g.village = $1 AND $2 = ANY (g.serves) ORDER BY v.id""";
    private static final String ALL_LEADERS =
            "SELECT v.id, v.phone, v.name FROM volunteers v WHERE v.is_leader AND v.active ORDER BY v.id";

    private Candidates() {
    }

    /** A volunteer to text: id, phone, name. */
    public record Contact(long id, String phone, String name) {
    }

    public static Future<List<VolunteerCandidate>> eligible(SqlClient db, long ticketId, String requesterPhone) {
        return db.preparedQuery(ELIGIBLE).execute(Tuple.of(ticketId, requesterPhone)).map(rows -> {
            List<VolunteerCandidate> out = new ArrayList<>();
            for (Row r : rows) {
                Instant lastServed = r.getOffsetDateTime("last_served") == null ? null
                        : r.getOffsetDateTime("last_served").toInstant();
                Candidate c = new Candidate(r.getLong("id"), r.getString("group_code"), r.getString("village"),
                        Set.of(r.getArrayOfStrings("serves")), Set.of(r.getArrayOfStrings("skills")),
                        r.getBoolean("is_leader"), r.getInteger("open_tickets"), r.getInteger("points"),
                        Optional.ofNullable(lastServed));
                out.add(new VolunteerCandidate(c, r.getString("phone"), r.getString("name")));
            }
            return out;
        });
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

    private static List<Contact> contacts(Iterable<Row> rows) {
        List<Contact> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Contact(r.getLong("id"), r.getString("phone"), r.getString("name"))));
        return out;
    }
}
