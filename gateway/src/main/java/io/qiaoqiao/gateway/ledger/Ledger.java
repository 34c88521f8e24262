package io.qiaoqiao.gateway.ledger;

import io.qiaoqiao.gateway.helpledger.LedgerQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
 * studio clock's now). With them, the month's recurring help ({@link HelpFigures}): the help
 * ledger's occurrences scheduled in the month, per village (of the resident) and per volunteer
 * group (of the paired volunteer; 未结对 for items without one).
 */
public final class Ledger {
    public static final String UNREGISTERED = "未登记";
    public static final String UNACCEPTED = "未接单";
    public static final String UNPAIRED = "未结对";
    /** $1, $2: the month's first day and the next month's; $3: the studio's zone. */
    private static final String MONTH = """
            SELECT t.category, r.village, g.code AS group_code, g.name AS group_name, t.created_at, t.accepted_at, t.done_at,
                   t.close_kind = 'duplicate' AS duplicate, coalesce(t.rating_done, false) AS confirmed, t.rating_satisfaction,
                   (t.due_at IS NOT NULL AND coalesce(t.done_at, t.closed_at, studio_now()) > t.due_at) AS overdue
            FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id
            LEFT JOIN volunteers v ON v.id = t.accepted_by LEFT JOIN volunteer_groups g ON g.id = v.group_id
            WHERE t.created_at >= ($1::date::timestamp AT TIME ZONE $3) AND t.created_at < ($2::date::timestamp AT TIME ZONE $3)
            ORDER BY t.id""";
    /** $1: the month (2026-02). One row per village and paired volunteer's group; the lines are summed from them. */
    private static final String HELP = "SELECT h.village, g.code AS group_code, g.name AS group_name, " + LedgerQueries.FIGURES + """
            FROM help_ledger h LEFT JOIN volunteers pv ON pv.id = h.paired_volunteer_id
            LEFT JOIN volunteer_groups g ON g.id = pv.group_id
            WHERE h.month = $1 GROUP BY h.village, g.code, g.name""";

    /** A village's or a group's line of the ledger. */
    public record Line(String key, String name, LedgerStats stats) {
    }

    /** A village's or a group's line of the month's recurring help. */
    public record HelpLine(String key, String name, HelpFigures figures) {
    }

    /** The month's recurring help: the township, per village, per paired volunteer's group. */
    public record Help(HelpFigures township, List<HelpLine> villages, List<HelpLine> groups) {
        JsonObject toJson() {
            JsonArray villageLines = new JsonArray();
            villages.forEach(l -> villageLines.add(l.figures().toJson().put("village", l.key())));
            JsonArray groupLines = new JsonArray();
            groups.forEach(l -> groupLines.add(l.figures().toJson().put("group", l.key()).put("groupName", l.name())));
            return new JsonObject().put("township", township.toJson()).put("villages", villageLines).put("groups", groupLines);
        }
    }

    /** The whole ledger of a month. */
    public record Month(YearMonth month, ZoneId zone, Instant generatedAt, LedgerStats township, List<Line> villages,
                        List<Line> groups, Help help) {
        public JsonObject toJson() {
            JsonArray villageLines = new JsonArray();
            villages.forEach(l -> villageLines.add(l.stats().toJson().put("village", l.key())));
            JsonArray groupLines = new JsonArray();
            groups.forEach(l -> groupLines.add(l.stats().toJson().put("group", l.key()).put("groupName", l.name())));
            return new JsonObject().put("month", month.toString()).put("zone", zone.getId())
                    .put("generatedAt", generatedAt.toString()).put("township", township.toJson())
                    .put("villages", villageLines).put("groups", groupLines).put("helpLedger", help.toJson());
        }
    }

    private Ledger() {
    }

    public static Future<Month> of(SqlClient db, YearMonth month, ZoneId zone, Instant now) {
        return db.preparedQuery(MONTH).execute(Tuple.of(month.atDay(1), month.plusMonths(1).atDay(1), zone.getId())).compose(rows -> {
            List<LedgerTicket> tickets = new ArrayList<>();
            for (Row r : rows) {
                tickets.add(new LedgerTicket(r.getString("category"), Optional.ofNullable(r.getString("village")),
                        Optional.ofNullable(r.getString("group_code")), Optional.ofNullable(r.getString("group_name")),
                        r.getOffsetDateTime("created_at").toInstant(), instant(r, "accepted_at"), instant(r, "done_at"),
                        Boolean.TRUE.equals(r.getBoolean("duplicate")), r.getBoolean("confirmed"),
                        Optional.ofNullable(r.getInteger("rating_satisfaction")), r.getBoolean("overdue")));
            }
            return db.preparedQuery(HELP).execute(Tuple.of(month.toString())).map(help -> new Month(month, zone, now,
                    LedgerStats.of(tickets),
                    lines(tickets, t -> t.village().orElse(UNREGISTERED), t -> t.village().orElse(UNREGISTERED)),
                    lines(tickets, t -> t.group().orElse(UNACCEPTED), t -> t.groupName().orElse(UNACCEPTED)), help(help)));
        });
    }

    private static Help help(RowSet<Row> rows) {
        HelpFigures township = HelpFigures.NONE;
        Map<String, HelpFigures> villages = new TreeMap<>();
        Map<String, HelpFigures> groups = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (Row r : rows) {
            HelpFigures figures = HelpFigures.of(r);
            township = township.plus(figures);
            villages.merge(r.getString("village"), figures, HelpFigures::plus);
            String group = Optional.ofNullable(r.getString("group_code")).orElse(UNPAIRED);
            groups.merge(group, figures, HelpFigures::plus);
            names.putIfAbsent(group, Optional.ofNullable(r.getString("group_name")).orElse(UNPAIRED));
        }
        List<HelpLine> villageLines = new ArrayList<>();
        villages.forEach((village, figures) -> villageLines.add(new HelpLine(village, village, figures)));
        List<HelpLine> groupLines = new ArrayList<>();
        groups.forEach((group, figures) -> groupLines.add(new HelpLine(group, names.get(group), figures)));
        return new Help(township, villageLines, groupLines);
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
