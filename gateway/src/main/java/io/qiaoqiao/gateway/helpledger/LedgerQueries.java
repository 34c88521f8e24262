package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger as people read it, from the view {@code help_ledger} (migration V13): each
 * occurrence with its ticket, what the paired volunteer did with the offer made to them first,
 * and its outcome (done, in_progress, missed, skipped). The month's 晒单 counts from the same
 * view with the same {@link #FIGURES} ({@code declined}: the paired volunteer declined or let the
 * offer expire, and the work went on to others).
 */
public final class LedgerQueries {
    static final Set<String> OUTCOMES = Set.of("done", "in_progress", "missed", "skipped");
    private static final String COLUMNS = """
            occurrence_id, item_id, label, category, schedule_text, resident_id, resident_name, village, village_group,
            paired_volunteer_id, paired_volunteer_name, nominal_on, opens_on, due_at, occurrence_status, reason, month,
            ticket_code, ticket_status, accepted_by, accepted_by_name, done_at, closed_at, close_kind, paired_answer, outcome""";
    private static final String WHERE = """
            WHERE ($1::text IS NULL OR month = $1) AND ($2::text IS NULL OR village = $2)
              AND ($3::bigint IS NULL OR paired_volunteer_id = $3 OR accepted_by = $3) AND ($4::text IS NULL OR outcome = $4)
            """;
    private static final String ROWS = "SELECT " + COLUMNS + " FROM help_ledger " + WHERE
            + "AND occurrence_id < $5 ORDER BY occurrence_id DESC LIMIT $6";
    /**
     * The ledger's numbers over a set of its rows, the select list of an aggregate over
     * {@code help_ledger}: one definition for {@link #COUNTS} and the month's 晒单
     * ({@code ledger.Ledger}).
     */
    public static final String FIGURES = """
            count(*) AS occurrences,
                   count(*) FILTER (WHERE outcome <> 'skipped') AS opened,
                   count(*) FILTER (WHERE outcome = 'done') AS done,
                   count(*) FILTER (WHERE outcome = 'in_progress') AS in_progress,
                   count(*) FILTER (WHERE outcome = 'missed') AS missed,
                   count(*) FILTER (WHERE outcome = 'skipped') AS skipped,
                   count(*) FILTER (WHERE paired_answer IN ('declined', 'expired')) AS declined,
                   count(*) FILTER (WHERE outcome = 'done' AND accepted_by = paired_volunteer_id) AS done_by_paired
            """;
    /** The month's numbers of the ledger: filtered like {@link #ROWS}. */
    private static final String COUNTS = "SELECT " + FIGURES + " FROM help_ledger " + WHERE;
    private static final String RESIDENT = "SELECT name, village, village_group FROM residents WHERE id = $1";
    private static final String OF_RESIDENT = "SELECT " + COLUMNS
            + " FROM help_ledger WHERE resident_id = $1 AND occurrence_id < $2 ORDER BY occurrence_id DESC LIMIT $3";

    /** Which rows: a month (2026-02), a village, a volunteer (paired or who did it), an outcome. */
    public record Filter(Optional<String> month, Optional<String> village, Optional<Long> volunteerId, Optional<String> outcome) {
        Tuple params() {
            return Tuple.of(month.orElse(null), village.orElse(null), volunteerId.orElse(null), outcome.orElse(null));
        }
    }

    private final Pool pool;
    private final HelpItems items;

    public LedgerQueries(Pool pool, HelpItems items) {
        this.pool = pool;
        this.items = items;
    }

    /** The month's counts and a page of the rows ({@link Page#fetch()} at most), the newest first. */
    public record Occurrences(JsonObject counts, List<JsonObject> rows) {
    }

    /** A resident, their items, and a page of their occurrences ({@link Page#fetch()} at most), the newest first. */
    public record OfResident(JsonObject resident, List<JsonObject> occurrences) {
    }

    /** A resident's ledger: every item, and a page of the occurrences with their outcome. */
    public Future<OfResident> resident(long residentId, Page page) {
        return pool.preparedQuery(RESIDENT).execute(Tuple.of(residentId)).compose(found -> {
            if (found.size() == 0) {
                throw new ApiError(Problem.RESIDENT_NOT_FOUND, "没有编号为 " + residentId + " 的居民", "no resident " + residentId);
            }
            Row r = found.iterator().next();
            JsonObject ledger = new JsonObject().put("residentId", residentId).put("resident", r.getString("name"))
                    .put("village", r.getString("village")).put("villageGroup", r.getString("village_group"));
            return items.ofResident(residentId).compose(list -> {
                ledger.put("items", new JsonArray(list));
                return pool.preparedQuery(OF_RESIDENT).execute(Tuple.of(residentId, page.before(), page.fetch()));
            }).map(rows -> {
                List<JsonObject> list = new ArrayList<>();
                rows.forEach(o -> list.add(occurrence(o)));
                return new OfResident(ledger, list);
            });
        });
    }

    /** The ledger's rows and their counts. */
    public Future<Occurrences> occurrences(Filter filter, Page page) {
        Tuple rowsParams = filter.params().addValue(page.before()).addValue(page.fetch());
        return pool.preparedQuery(ROWS).execute(rowsParams).compose(rows -> pool.preparedQuery(COUNTS).execute(filter.params())
                .map(counts -> {
                    List<JsonObject> list = new ArrayList<>();
                    rows.forEach(o -> list.add(occurrence(o)));
                    Row c = counts.iterator().next();
                    JsonObject totals = new JsonObject();
                    for (String column : List.of("occurrences", "opened", "done", "in_progress", "missed", "skipped", "declined",
                            "done_by_paired")) {
                        totals.put(camel(column), c.getLong(column));
                    }
                    return new Occurrences(totals, list);
                }));
    }

    private static JsonObject occurrence(Row o) {
        return new JsonObject().put("id", o.getLong("occurrence_id")).put("itemId", o.getLong("item_id"))
                .put("label", o.getString("label")).put("category", o.getString("category").toLowerCase(Locale.ROOT))
                .put("scheduleText", o.getString("schedule_text")).put("residentId", o.getLong("resident_id"))
                .put("resident", o.getString("resident_name")).put("village", o.getString("village"))
                .put("villageGroup", o.getString("village_group")).put("pairedVolunteerId", o.getLong("paired_volunteer_id"))
                .put("pairedVolunteer", o.getString("paired_volunteer_name"))
                .put("nominalOn", o.getLocalDate("nominal_on").toString())
                .put("opensOn", o.getLocalDate("opens_on") == null ? null : o.getLocalDate("opens_on").toString())
                .put("dueAt", HelpItems.instant(o.getOffsetDateTime("due_at"))).put("month", o.getString("month"))
                .put("skipReason", o.getString("occurrence_status").equals("skipped") ? o.getString("reason") : null)
                .put("ticket", o.getString("ticket_code")).put("ticketStatus", o.getString("ticket_status"))
                .put("acceptedBy", o.getString("accepted_by_name")).put("doneAt", HelpItems.instant(o.getOffsetDateTime("done_at")))
                .put("pairedAnswer", o.getString("paired_answer")).put("outcome", o.getString("outcome"));
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }
}
