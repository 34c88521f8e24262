package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.recurring.Occurrence;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.qiaoqiao.gateway.recurring.ScheduleText;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.Category;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The items of the one-to-one help ledger: recurring work for a resident (电费 每月5日), with the
 * volunteer paired with them and a category. Every active item has exactly one pending timer,
 * for its next occurrence (whose date, opening day and reason the item keeps in its
 * {@code next_*} columns); a change of schedule or start, or a stop, replaces or cancels it.
 * Every change is audited in its transaction.
 */
public final class HelpItems {
    /** Timer kind: an item's occurrence is due. */
    public static final String DUE = "help_due";
    private static final String RESIDENT = "SELECT 1 FROM residents WHERE id = $1";
    private static final String VOLUNTEER = "SELECT active FROM volunteers WHERE id = $1";
    private static final String INSERT = """
            INSERT INTO help_items (resident_id, label, category, volunteer_id, schedule, schedule_text, starts_on, notes, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, (studio_now() AT TIME ZONE $9)::date), $8, $10) RETURNING id""";
    private static final String LOCK = """
            SELECT id, schedule, starts_on, active, studio_now() AS now FROM help_items WHERE id = $1 FOR UPDATE""";
    private static final String UPDATE = """
            UPDATE help_items SET label = coalesce($2, label), category = coalesce($3, category),
                   volunteer_id = CASE WHEN $4 THEN $5 ELSE volunteer_id END,
                   schedule = coalesce($6, schedule), schedule_text = coalesce($7, schedule_text),
                   starts_on = coalesce($8, starts_on), notes = coalesce($9, notes), active = coalesce($10, active)
            WHERE id = $1""";
    private static final String SET_NEXT = """
            UPDATE help_items SET next_nominal = $2, next_opens_on = $3, next_at = $4, next_reason = $5 WHERE id = $1""";
    private static final String CANCEL_TIMER = "UPDATE timers SET status = 'cancelled' WHERE kind = $1 AND ref LIKE $2 AND status = 'pending'";
    private static final String SELECT = """
            SELECT i.id, i.resident_id, r.name AS resident_name, r.village, r.village_group, i.label, i.category,
                   i.volunteer_id, v.name AS volunteer_name, i.schedule, i.schedule_text, i.starts_on, i.notes, i.active,
                   i.next_nominal, i.next_opens_on, i.next_at, i.next_reason, i.created_by, i.created_at
            FROM help_items i JOIN residents r ON r.id = i.resident_id LEFT JOIN volunteers v ON v.id = i.volunteer_id
            """;
    private static final String ONE = SELECT + "WHERE i.id = $1";
    private static final String OF_RESIDENT = SELECT + "WHERE i.resident_id = $1 ORDER BY i.id DESC";
    private static final String LIST = SELECT + """
            WHERE ($1::bigint IS NULL OR i.resident_id = $1) AND ($2::bigint IS NULL OR i.volunteer_id = $2)
              AND ($3::boolean IS NULL OR i.active = $3) AND i.id < $4
            ORDER BY i.id DESC LIMIT $5""";

    /** A new item; {@code startsOn} empty: today. */
    public record NewItem(long residentId, String label, Category category, Optional<Long> volunteerId, Schedule schedule,
                          Optional<LocalDate> startsOn, String notes) {
    }

    /**
     * What a change sets; empty fields stay. {@code volunteerId}: empty leaves it, a present empty
     * optional unpairs the item.
     */
    public record Change(Optional<String> label, Optional<Category> category, Optional<Optional<Long>> volunteerId,
                         Optional<Schedule> schedule, Optional<LocalDate> startsOn, Optional<String> notes, Optional<Boolean> active) {
    }

    private final Pool pool;
    private final LedgerSettings settings;

    public HelpItems(Pool pool, LedgerSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** The timer reference of an item's occurrence on {@code nominal}. */
    static String dueRef(long itemId, LocalDate nominal) {
        return "help:" + itemId + ":" + nominal;
    }

    public Future<JsonObject> create(NewItem item, String actor) {
        return pool.withTransaction(db -> checkPeople(db, item.residentId(), item.volunteerId()).compose(v -> {
            Tuple params = Tuple.of(item.residentId(), item.label(), item.category().name(), item.volunteerId().orElse(null),
                    ScheduleJson.of(item.schedule()), ScheduleText.words(item.schedule()), item.startsOn().orElse(null), item.notes());
            params.addValue(settings.zone().getId()).addValue(actor);
            return db.preparedQuery(INSERT).execute(params);
        }).compose(rows -> {
            long id = rows.iterator().next().getLong(0);
            return reschedule(db, id).compose(v -> OperatorAudit.append(db, actor, "help-ledger.item.create", "help_item:" + id,
                    new JsonObject().put("residentId", item.residentId()).put("label", item.label())
                            .put("schedule", ScheduleText.words(item.schedule())).put("volunteerId", item.volunteerId().orElse(null))))
                    .map(id);
        })).compose(this::one);
    }

    public Future<JsonObject> update(long id, Change change, String actor) {
        return pool.withTransaction(db -> db.preparedQuery(LOCK).execute(Tuple.of(id)).compose(rows -> {
            if (rows.size() == 0) {
                throw notFound(id);
            }
            Future<Void> checked = change.volunteerId().flatMap(v -> v).map(v -> checkPeople(db, null, Optional.of(v)))
                    .orElse(Future.succeededFuture());
            Tuple params = Tuple.of(id, change.label().orElse(null), change.category().map(Category::name).orElse(null),
                    change.volunteerId().isPresent(), change.volunteerId().flatMap(v -> v).orElse(null),
                    change.schedule().map(ScheduleJson::of).orElse(null), change.schedule().map(ScheduleText::words).orElse(null));
            params.addValue(change.startsOn().orElse(null)).addValue(change.notes().orElse(null)).addValue(change.active().orElse(null));
            JsonObject audit = new JsonObject().put("label", change.label().orElse(null))
                    .put("schedule", change.schedule().map(ScheduleText::words).orElse(null))
                    .put("volunteerId", change.volunteerId().map(v -> (Object) v.orElse(null)).orElse("unchanged"))
                    .put("active", change.active().orElse(null));
            return checked.compose(v -> db.preparedQuery(UPDATE).execute(params))
                    .compose(v -> change.schedule().isPresent() || change.startsOn().isPresent() || change.active().isPresent()
                            ? reschedule(db, id) : Future.succeededFuture())
                    .compose(v -> OperatorAudit.append(db, actor, "help-ledger.item.update", "help_item:" + id, audit));
        })).compose(v -> one(id));
    }

    private static Future<Void> checkPeople(SqlClient db, Long residentId, Optional<Long> volunteerId) {
        Future<Void> resident = residentId == null ? Future.succeededFuture()
                : db.preparedQuery(RESIDENT).execute(Tuple.of(residentId)).map(rows -> {
                    if (rows.size() == 0) {
                        throw new ApiError(Problem.REFERENCE_MISSING, "没有编号为 " + residentId + " 的居民", "no resident " + residentId)
                                .with("field", "residentId");
                    }
                    return null;
                });
        return resident.compose(v -> volunteerId.isEmpty() ? Future.succeededFuture()
                : db.preparedQuery(VOLUNTEER).execute(Tuple.of(volunteerId.get())).map(rows -> {
                    if (rows.size() == 0 || !rows.iterator().next().getBoolean(0)) {
                        throw new ApiError(Problem.REFERENCE_MISSING, "没有编号为 " + volunteerId.get() + " 的在册志愿者",
                                "no active volunteer " + volunteerId.get()).with("field", "volunteerId");
                    }
                    return null;
                }));
    }

    /** Replaces the item's pending timer with one for its first occurrence from now (none when it is stopped). */
    private Future<Void> reschedule(SqlClient db, long id) {
        return db.preparedQuery(CANCEL_TIMER).execute(Tuple.of(DUE, "help:" + id + ":%"))
                .compose(v -> db.preparedQuery(LOCK).execute(Tuple.of(id)))
                .compose(rows -> {
                    Row item = rows.iterator().next();
                    if (!item.getBoolean("active")) {
                        return db.preparedQuery(SET_NEXT).execute(Tuple.of(id, null, null, null, null)).mapEmpty();
                    }
                    return settings.occurrences(db).compose(occurrences -> next(db, id, occurrences.first(
                            ScheduleJson.from(item.getJsonObject("schedule")), item.getLocalDate("starts_on"),
                            item.getOffsetDateTime("now").toInstant())));
                });
    }

    /** The item's next occurrence is {@code o}: its fields and its one pending timer. */
    static Future<Void> next(SqlClient db, long id, Occurrence o) {
        return db.preparedQuery(SET_NEXT).execute(Tuple.of(id, o.nominal(), o.opensOn().orElse(null),
                        OffsetDateTime.ofInstant(o.at(), ZoneOffset.UTC), o.reason()))
                .compose(v -> Timers.onceAt(db, DUE, dueRef(id, o.nominal()), o.at()));
    }

    public Future<JsonObject> one(long id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw notFound(id);
            }
            return json(rows.iterator().next());
        });
    }

    /** Every item of one resident (a handful), the newest first. */
    public Future<List<JsonObject>> ofResident(long residentId) {
        return pool.preparedQuery(OF_RESIDENT).execute(Tuple.of(residentId)).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(json(r)));
            return out;
        });
    }

    /** A page of items, the newest first ({@link Page#fetch()} rows at most). */
    public Future<List<JsonObject>> list(Optional<Long> residentId, Optional<Long> volunteerId, Optional<Boolean> active, Page page) {
        return pool.preparedQuery(LIST).execute(Tuple.of(residentId.orElse(null), volunteerId.orElse(null), active.orElse(null),
                page.before(), page.fetch())).map(rows -> {
                    List<JsonObject> out = new ArrayList<>();
                    rows.forEach(r -> out.add(json(r)));
                    return out;
                });
    }

    private static ApiError notFound(long id) {
        return new ApiError(Problem.HELP_ITEM_NOT_FOUND, "没有编号为 " + id + " 的帮扶事项", "no help item " + id);
    }

    static JsonObject json(Row r) {
        JsonObject next = r.getLocalDate("next_nominal") == null ? null : new JsonObject()
                .put("nominal", r.getLocalDate("next_nominal").toString())
                .put("opensOn", r.getLocalDate("next_opens_on") == null ? null : r.getLocalDate("next_opens_on").toString())
                .put("at", instant(r.getOffsetDateTime("next_at")))
                .put("reason", r.getString("next_reason"));
        return new JsonObject().put("id", r.getLong("id")).put("residentId", r.getLong("resident_id"))
                .put("resident", r.getString("resident_name")).put("village", r.getString("village"))
                .put("villageGroup", r.getString("village_group")).put("label", r.getString("label"))
                .put("category", r.getString("category").toLowerCase(Locale.ROOT)).put("volunteerId", r.getLong("volunteer_id"))
                .put("volunteer", r.getString("volunteer_name")).put("schedule", r.getJsonObject("schedule"))
                .put("scheduleText", r.getString("schedule_text")).put("startsOn", r.getLocalDate("starts_on").toString())
                .put("notes", r.getString("notes")).put("active", r.getBoolean("active")).put("next", next)
                .put("createdBy", r.getString("created_by")).put("createdAt", instant(r.getOffsetDateTime("created_at")));
    }

    static String instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
