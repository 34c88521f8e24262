package io.qiaoqiao.gateway.checkin;

import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.http.QueryParams;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Check-ins (问安电话) over HTTP, declared on the operator API ({@link Api}): scopes
 * {@code checkins.read} and {@code checkins.write}; every change audited in its transaction
 * ({@code checkin.plan}). A schedule is words ({@code "每天上午"}) or structured; signing a
 * resident up without one uses {@code checkin.schedule}. Lists are cursor pages ({@link Page}),
 * the newest first; a day's check-ins are those due that day in the studio's zone.
 */
public final class CheckInRoutes {
    private static final String HISTORY = """
            SELECT c.id, c.due_at, c.status, c.tries, c.last_result, c.answered_at, c.finished_at, t.code
            FROM checkins c LEFT JOIN tickets t ON t.id = c.ticket_id
            WHERE c.resident_id = $1 AND c.id < $2 ORDER BY c.id DESC LIMIT $3""";
    private static final String LAST_ANSWERED = """
            SELECT c.id, c.due_at, c.status, c.tries, c.last_result, c.answered_at, c.finished_at, t.code
            FROM checkins c LEFT JOIN tickets t ON t.id = c.ticket_id
            WHERE c.resident_id = $1 AND c.answered_at IS NOT NULL ORDER BY c.answered_at DESC LIMIT 1""";
    private static final String RESIDENT = "SELECT name FROM residents WHERE id = $1";
    private static final String TODAY = "SELECT studio_now() AS now";
    private static final String OF_DAY = """
            SELECT c.id, c.due_at, c.status, c.tries, c.last_result, c.answered_at, c.finished_at, t.code,
                   c.resident_id, r.name, r.village, r.village_group
            FROM checkins c JOIN residents r ON r.id = c.resident_id LEFT JOIN tickets t ON t.id = c.ticket_id
            WHERE c.due_at >= $1 AND c.due_at < $2 AND c.id < $3 ORDER BY c.id DESC LIMIT $4""";

    private final Pool pool;
    private final CheckInPlans plans;
    private final CheckInSettings settings;

    public CheckInRoutes(Pool pool, CheckInPlans plans, CheckInSettings settings) {
        this.pool = pool;
        this.plans = plans;
        this.settings = settings;
    }

    public void mount(Api api) {
        api.get("/api/checkins", "checkins.read").summary("一天的问安电话（新的在前）：打给谁、结果、没接通开的求助").tag("checkins")
                .query("day", new JsonObject().put("type", "string").put("format", "date"), "哪一天（工作站时间），如 2026-12-02（默认今天）")
                .paged().ok("CheckInDay").answer(this::ofDay);
        api.get("/api/checkins/plans", "checkins.read").summary("问安计划（新的在前）：谁接问安电话、什么时候、下一次").tag("checkins")
                .query("residentId", "integer", "只要这位居民的").paged().ok("CheckInPlanPage")
                .answer(ctx -> {
                    Page page = Page.of(ctx);
                    return plans.plans(QueryParams.id(ctx, "residentId"), page)
                            .map(rows -> Reply.ok(page.answer(ctx, "plans", rows, p -> p.getLong("id"))));
                });
        api.get("/api/checkins/plans/{id}", "checkins.read").summary("一条问安计划").tag("checkins").ok("CheckInPlan").problems(404)
                .answer(ctx -> plans.plan(ApiAccess.pathId(ctx, "id")).map(Reply::ok));
        api.post("/api/checkins/plans", "checkins.write").summary("给一位居民开通问安电话（或改时间；审计）").tag("checkins")
                .body("CheckInPlanCreate").created("CheckInPlan").problems(404).answer(this::optIn);
        api.patch("/api/checkins/plans/{id}", "checkins.write").summary("改问安时间，或停止、恢复（审计）").tag("checkins")
                .body("CheckInPlanChange").ok("CheckInPlan").problems(404).answer(this::update);
        api.get("/api/residents/{id}/checkins", "checkins.read").summary("一位居民的问安记录（新的在前）和最后一次接听").tag("checkins")
                .paged().ok("CheckInHistory").problems(404).answer(this::history);
    }

    private Future<Reply> optIn(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("residentId", "schedule"));
        long residentId = in.requiredInteger("residentId", 1, Long.MAX_VALUE);
        Schedule schedule = in.has("schedule") ? schedule(ctx) : settings.schedule();
        return plans.optIn(residentId, schedule, ApiAccess.operator(ctx).actor()).map(Reply::created);
    }

    private Future<Reply> update(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("schedule", "active"));
        Optional<Schedule> schedule = in.has("schedule") ? Optional.of(schedule(ctx)) : Optional.empty();
        return plans.update(ApiAccess.pathId(ctx, "id"), schedule, in.bool("active"), ApiAccess.operator(ctx).actor())
                .map(Reply::ok);
    }

    private static Schedule schedule(RoutingContext ctx) {
        try {
            return ScheduleJson.fromInput(ctx.body().asJsonObject().getValue("schedule"));
        } catch (IllegalArgumentException e) {
            throw ApiError.field("schedule", "字段 schedule 看不懂：请写成“每天上午”“每周一、三、五下午”这样",
                    "field 'schedule': " + e.getMessage());
        }
    }

    private Future<Reply> ofDay(RoutingContext ctx) {
        String asked = ctx.queryParams().get("day");
        Page page = Page.of(ctx);
        Future<LocalDate> day;
        if (asked != null) {
            try {
                day = Future.succeededFuture(LocalDate.parse(asked));
            } catch (DateTimeParseException e) {
                throw ApiError.query("day", "day 应当是日期，如 2026-12-02", "query parameter day must be a date such as 2026-12-02");
            }
        } else {
            day = pool.query(TODAY).execute().map(rows -> rows.iterator().next().getOffsetDateTime("now")
                    .atZoneSameInstant(settings.zone()).toLocalDate());
        }
        return day.compose(d -> pool.preparedQuery(OF_DAY).execute(Tuple.of(start(d), start(d.plusDays(1)), page.before(), page.fetch()))
                .map(rows -> {
                    List<JsonObject> list = new ArrayList<>();
                    rows.forEach(r -> list.add(json(r).put("residentId", r.getLong("resident_id")).put("resident", r.getString("name"))
                            .put("village", r.getString("village")).put("villageGroup", r.getString("village_group"))));
                    return Reply.ok(page.answer(ctx, "checkins", list, c -> c.getLong("id")).put("day", d.toString()));
                }));
    }

    /** The first instant of a studio day. */
    private OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay(settings.zone()).toOffsetDateTime();
    }

    private Future<Reply> history(RoutingContext ctx) {
        long residentId = ApiAccess.pathId(ctx, "id");
        Page page = Page.of(ctx);
        return pool.preparedQuery(RESIDENT).execute(Tuple.of(residentId)).compose(found -> {
            if (found.size() == 0) {
                throw new ApiError(Problem.RESIDENT_NOT_FOUND, "没有编号为 " + residentId + " 的居民", "no resident " + residentId);
            }
            return pool.preparedQuery(HISTORY).execute(Tuple.of(residentId, page.before(), page.fetch()))
                    .compose(rows -> pool.preparedQuery(LAST_ANSWERED).execute(Tuple.of(residentId)).map(last -> {
                        List<JsonObject> list = new ArrayList<>();
                        rows.forEach(r -> list.add(json(r)));
                        return Reply.ok(page.answer(ctx, "checkins", list, c -> c.getLong("id")).put("residentId", residentId)
                                .put("resident", found.iterator().next().getString(0))
                                .put("lastAnswered", last.size() == 0 ? null : json(last.iterator().next())));
                    }));
        });
    }

    private static JsonObject json(Row r) {
        return new JsonObject().put("id", r.getLong("id")).put("dueAt", time(r, "due_at")).put("status", r.getString("status"))
                .put("tries", r.getInteger("tries")).put("lastResult", r.getString("last_result"))
                .put("answeredAt", time(r, "answered_at")).put("finishedAt", time(r, "finished_at"))
                .put("ticket", r.getString("code"));
    }

    private static String time(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant().toString();
    }
}
