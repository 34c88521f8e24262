package io.qiaoqiao.gateway.ledger;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The month's ledger (晒单) the township publishes: the tickets opened in one calendar month of
 * the studio (in its zone), counted for the township, per village (of the resident; 未登记 for
 * senders the roster does not know) and per volunteer group (of whoever accepted the ticket;
 * 未接单 when nobody did). See {@link LedgerStats} for what each number means. A ticket is
 * overdue when it had a deadline and was neither done nor closed by then (still open: by the
 * studio clock's now).
 */
public final class Ledger {
    public static final String UNREGISTERED = "未登记";
    public static final String UNACCEPTED = "未接单";
    /** $1, $2: the month's first day and the next month's; $3: the studio's zone. */
    private static final String MONTH = """
            SELECT t.category, r.village, g.code AS group_code, g.name AS group_name, t.created_at, t.accepted_at, t.done_at,
                   t.close_kind = 'duplicate' AS duplicate, coalesce(t.rating_done, false) AS confirmed, t.rating_satisfaction,
                   (t.due_at IS NOT NULL AND coalesce(t.done_at, t.closed_at, studio_now()) > t.due_at) AS overdue
            FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id
            LEFT JOIN volunteers v ON v.id = t.accepted_by LEFT JOIN volunteer_groups g ON g.id = v.group_id
            WHERE t.created_at >= ($1::date::timestamp AT TIME ZONE $3) AND t.created_at < ($2::date::timestamp AT TIME ZONE $3)
            ORDER BY t.id""";

    /** A village's or a group's line of the ledger. */
    public record Line(String key, String name, LedgerStats stats) {
    }

    /** The whole ledger of a month. */
    public record Month(YearMonth month, ZoneId zone, Instant generatedAt, LedgerStats township, List<Line> villages,
                        List<Line> groups) {
        public JsonObject toJson() {
            JsonArray villageLines = new JsonArray();
            villages.forEach(l -> villageLines.add(l.stats().toJson().put("village", l.key())));
            JsonArray groupLines = new JsonArray();
            groups.forEach(l -> groupLines.add(l.stats().toJson().put("group", l.key()).put("groupName", l.name())));
            return new JsonObject().put("month", month.toString()).put("zone", zone.getId())
                    .put("generatedAt", generatedAt.toString()).put("township", township.toJson())
                    .put("villages", villageLines).put("groups", groupLines);
        }
    }

    private Ledger() {
    }

    public static Future<Month> of(SqlClient db, YearMonth month, ZoneId zone, Instant now) {
        return db.preparedQuery(MONTH).execute(Tuple.of(month.atDay(1), month.plusMonths(1).atDay(1), zone.getId())).map(rows -> {
            List<LedgerTicket> tickets = new ArrayList<>();
            for (Row r : rows) {
                tickets.add(new LedgerTicket(r.getString("category"), Optional.ofNullable(r.getString("village")),
                        Optional.ofNullable(r.getString("group_code")), Optional.ofNullable(r.getString("group_name")),
                        r.getOffsetDateTime("created_at").toInstant(), instant(r, "accepted_at"), instant(r, "done_at"),
                        Boolean.TRUE.equals(r.getBoolean("duplicate")), r.getBoolean("confirmed"),
                        Optional.ofNullable(r.getInteger("rating_satisfaction")), r.getBoolean("overdue")));
            }
            return new Month(month, zone, now, LedgerStats.of(tickets),
                    lines(tickets, t -> t.village().orElse(UNREGISTERED), t -> t.village().orElse(UNREGISTERED)),
                    lines(tickets, t -> t.group().orElse(UNACCEPTED), t -> t.groupName().orElse(UNACCEPTED)));
        });
    }

    private static List<Line> lines(List<LedgerTicket> tickets, Function<LedgerTicket, String> key, Function<LedgerTicket, String> name) {
        Map<String, List<LedgerTicket>> byKey = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (LedgerTicket t : tickets) {
            byKey.computeIfAbsent(key.apply(t), k -> new ArrayList<>()).add(t);
            names.putIfAbsent(key.apply(t), name.apply(t));
        }
        List<Line> out = new ArrayList<>();
        byKey.forEach((k, list) -> out.add(new Line(k, names.get(k), LedgerStats.of(list))));
        return out;
    }

    private static Optional<Instant> instant(Row r, String column) {
        return Optional.ofNullable(r.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
    }
}
