package io.qiaoqiao.gateway.checkin;

import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.recurring.Occurrence;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.qiaoqiao.gateway.recurring.ScheduleText;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who gets check-in calls and when: one plan per resident, made when the studio signs them up
 * (opt_in) or, with {@code checkin.who=living-alone}, for everyone the roster marks as living
 * alone. Each active plan has exactly one pending timer, for its next check-in
 * ({@code checkin_plans.next_due_at}). {@link #sync} makes the plans of residents living alone,
 * retires those of residents who no longer do, and gives every active plan its timer; it runs at
 * start-up, after roster changes and every night, on any node (locks keep two from colliding).
 */
public final class CheckInPlans {
    private static final Logger log = LoggerFactory.getLogger(CheckInPlans.class);
    /** Timer kinds: a plan's check-in is due; the roster is read again for residents living alone. */
    public static final String DUE = "checkin_due";
    public static final String SYNC = "checkin_sync";
    private static final String ADD_LIVING_ALONE = """
            INSERT INTO checkin_plans (resident_id, schedule, schedule_text, source)
            SELECT r.id, $1, $2, 'living_alone' FROM residents r WHERE r.lives_alone
            ON CONFLICT (resident_id) DO NOTHING RETURNING id""";
    private static final String RETIRE = """
            UPDATE checkin_plans p SET active = false, next_due_at = NULL FROM residents r
            WHERE r.id = p.resident_id AND p.source = 'living_alone' AND p.active AND NOT r.lives_alone
            RETURNING p.id""";
    private static final String WITHOUT_TIMER = """
            SELECT p.id, p.schedule, p.created_at, studio_now() AS now FROM checkin_plans p
            WHERE p.active AND p.next_due_at IS NULL ORDER BY p.id FOR UPDATE SKIP LOCKED""";
    private static final String SET_NEXT = "UPDATE checkin_plans SET next_due_at = $2 WHERE id = $1";
    private static final String CANCEL_TIMERS = "UPDATE timers SET status = 'cancelled' WHERE kind = $1 AND ref LIKE $2 AND status = 'pending'";
    private static final String OPT_IN = """
            INSERT INTO checkin_plans (resident_id, schedule, schedule_text, source) VALUES ($1, $2, $3, 'opt_in')
            ON CONFLICT (resident_id) DO UPDATE SET schedule = EXCLUDED.schedule, schedule_text = EXCLUDED.schedule_text,
                active = true, next_due_at = NULL
            RETURNING id""";
    private static final String RESIDENT_EXISTS = "SELECT 1 FROM residents WHERE id = $1";
    private static final String LOCK = "SELECT id, resident_id, active FROM checkin_plans WHERE id = $1 FOR UPDATE";
    private static final String UPDATE = """
            UPDATE checkin_plans SET schedule = coalesce($2, schedule), schedule_text = coalesce($3, schedule_text),
                   active = coalesce($4, active), next_due_at = NULL
            WHERE id = $1""";
    private static final String SELECT = """
            SELECT p.id, p.resident_id, r.name, r.village, r.village_group, p.schedule, p.schedule_text, p.source, p.active, p.next_due_at
            FROM checkin_plans p JOIN residents r ON r.id = p.resident_id
            """;
    private static final String PLANS = SELECT + """
            WHERE ($1::bigint IS NULL OR p.resident_id = $1) AND p.id < $2 ORDER BY p.id DESC LIMIT $3""";
    private static final String PLAN = SELECT + "WHERE p.id = $1";

    private final Pool pool;
    private final CheckInSettings settings;

    public CheckInPlans(Pool pool, CheckInSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** The timer reference of a plan's check-in due at {@code at}. */
    static String dueRef(long planId, Instant at) {
        return "checkin:" + planId + ":" + at.toEpochMilli();
    }

    /** Makes and retires the plans of residents living alone (when configured) and schedules every active plan. */
    public Future<Integer> sync() {
        return pool.withTransaction(this::sync);
    }

    /** As {@link #sync()}, in the caller's transaction (the nightly timer's). */
    public Future<Integer> sync(SqlClient db) {
        Future<Void> roster = settings.livingAlone()
                    ? db.preparedQuery(ADD_LIVING_ALONE).execute(Tuple.of(ScheduleJson.of(settings.schedule()),
                            ScheduleText.words(settings.schedule())))
                    .compose(added -> db.query(RETIRE).execute().compose(retired -> {
                        if (added.size() + retired.size() > 0) {
                            log.info("check-in plans of residents living alone: {} made, {} retired", added.size(), retired.size());
                        }
                        Future<Void> chain = Future.succeededFuture();
                        for (Row r : retired) {
                            chain = chain.compose(v -> cancelTimers(db, r.getLong(0)));
                        }
                        return chain;
                    }))
                    : Future.succeededFuture();
        return roster.compose(v -> scheduleUnscheduled(db));
    }

    /** Schedules the next check-in of every active plan that has none; returns how many. */
    private Future<Integer> scheduleUnscheduled(SqlClient db) {
        return db.query(WITHOUT_TIMER).execute().compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            int count = 0;
            for (Row r : rows) {
                count++;
                Schedule schedule = ScheduleJson.from(r.getJsonObject("schedule"));
                Occurrence first = settings.occurrences().first(schedule,
                        r.getOffsetDateTime("created_at").atZoneSameInstant(settings.zone()).toLocalDate(),
                        r.getOffsetDateTime("now").toInstant());
                chain = chain.compose(v -> schedule(db, r.getLong("id"), first.at()));
            }
            int scheduled = count;
            return chain.map(scheduled);
        });
    }

    /** The plan's next check-in is at {@code at}: its one pending timer. */
    static Future<Void> schedule(SqlClient db, long planId, Instant at) {
        return db.preparedQuery(SET_NEXT).execute(Tuple.of(planId, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .compose(v -> Timers.onceAt(db, DUE, dueRef(planId, at), at));
    }

    private static Future<Void> cancelTimers(SqlClient db, long planId) {
        return db.preparedQuery(CANCEL_TIMERS).execute(Tuple.of(DUE, "checkin:" + planId + ":%")).mapEmpty();
    }

    /** Signs a resident up (or changes their schedule): audited; the first check-in is scheduled at once. */
    public Future<JsonObject> optIn(long residentId, Schedule schedule, String actor) {
        return pool.withTransaction(db -> db.preparedQuery(RESIDENT_EXISTS).execute(Tuple.of(residentId)).compose(found -> {
            if (found.size() == 0) {
                throw new ApiError(Problem.RESIDENT_NOT_FOUND, "没有编号为 " + residentId + " 的居民", "no resident " + residentId)
                        .with("field", "residentId");
            }
            return db.preparedQuery(OPT_IN).execute(Tuple.of(residentId, ScheduleJson.of(schedule), ScheduleText.words(schedule)));
        }).compose(rows -> {
            long id = rows.iterator().next().getLong(0);
            return cancelTimers(db, id).compose(v -> scheduleUnscheduled(db))
                    .compose(v -> OperatorAudit.append(db, actor, "checkin.plan", "checkin_plan:" + id, new JsonObject()
                            .put("residentId", residentId).put("schedule", ScheduleText.words(schedule))))
                    .map(id);
        })).compose(this::plan);
    }

    /** Changes a plan's schedule or stops and starts it; audited. */
    public Future<JsonObject> update(long planId, Optional<Schedule> schedule, Optional<Boolean> active, String actor) {
        return pool.withTransaction(db -> db.preparedQuery(LOCK).execute(Tuple.of(planId)).compose(rows -> {
            if (rows.size() == 0) {
                throw notFound(planId);
            }
            return db.preparedQuery(UPDATE).execute(Tuple.of(planId, schedule.map(ScheduleJson::of).orElse(null),
                            schedule.map(ScheduleText::words).orElse(null), active.orElse(null)))
                    .compose(v -> cancelTimers(db, planId))
                    .compose(v -> scheduleUnscheduled(db))
                    .compose(v -> OperatorAudit.append(db, actor, "checkin.plan", "checkin_plan:" + planId, new JsonObject()
                            .put("schedule", schedule.map(ScheduleText::words).orElse(null)).put("active", active.orElse(null))));
        })).compose(v -> plan(planId));
    }

    public Future<JsonObject> plan(long planId) {
        return pool.preparedQuery(PLAN).execute(Tuple.of(planId)).map(rows -> {
            if (rows.size() == 0) {
                throw notFound(planId);
            }
            return json(rows.iterator().next());
        });
    }

    /** A page of plans, the newest first ({@link Page#fetch()} rows at most). */
    public Future<List<JsonObject>> plans(Optional<Long> residentId, Page page) {
        return pool.preparedQuery(PLANS).execute(Tuple.of(residentId.orElse(null), page.before(), page.fetch())).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(json(r)));
            return out;
        });
    }

    private static ApiError notFound(long planId) {
        return new ApiError(Problem.CHECKIN_PLAN_NOT_FOUND, "没有编号为 " + planId + " 的问安计划", "no check-in plan " + planId);
    }

    private static JsonObject json(Row r) {
        OffsetDateTime next = r.getOffsetDateTime("next_due_at");
        return new JsonObject().put("id", r.getLong("id")).put("residentId", r.getLong("resident_id"))
                .put("resident", r.getString("name")).put("village", r.getString("village"))
                .put("villageGroup", r.getString("village_group")).put("schedule", r.getJsonObject("schedule"))
                .put("scheduleText", r.getString("schedule_text")).put("source", r.getString("source"))
                .put("active", r.getBoolean("active")).put("nextDueAt", next == null ? null : next.toInstant().toString());
    }
}
