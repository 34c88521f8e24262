package io.qiaoqiao.gateway.checkin;

import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.ApiRoutes;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.QueryParams;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * Check-ins over HTTP (scopes {@code checkins.read}, {@code checkins.write}; changes audited):
 * <ul>
 *   <li>{@code GET /api/checkins/plans?residentId=&after=&limit=}, {@code GET /api/checkins/plans/{id}};</li>
 *   <li>{@code POST /api/checkins/plans} {residentId, schedule}: sign a resident up (schedule as words,
 *   {@code "每天上午"}, or structured; default {@code checkin.schedule});</li>
 *   <li>{@code PATCH /api/checkins/plans/{id}} {schedule, active};</li>
 *   <li>{@code GET /api/residents/{id}/checkins?before=&limit=}: a resident's check-ins, newest first,
 *   with the last one they answered.</li>
 * </ul>
 */
public final class CheckInRoutes implements ApiRoutes {
    private static final String HISTORY = """
            SELECT c.id, c.due_at, c.status, c.tries, c.last_result, c.answered_at, c.finished_at, t.code
            FROM checkins c LEFT JOIN tickets t ON t.id = c.ticket_id
            WHERE c.resident_id = $1 AND ($2::bigint IS NULL OR c.id < $2) ORDER BY c.id DESC LIMIT $3""";
    private static final String LAST_ANSWERED = """
            SELECT c.id, c.due_at, c.status, c.tries, c.last_result, c.answered_at, c.finished_at, t.code
            FROM checkins c LEFT JOIN tickets t ON t.id = c.ticket_id
            WHERE c.resident_id = $1 AND c.answered_at IS NOT NULL ORDER BY c.answered_at DESC LIMIT 1""";
    private static final String RESIDENT = "SELECT name FROM residents WHERE id = $1";

    private final Pool pool;
    private final CheckInPlans plans;
    private final CheckInSettings settings;

    public CheckInRoutes(Pool pool, CheckInPlans plans, CheckInSettings settings) {
        this.pool = pool;
        this.plans = plans;
        this.settings = settings;
    }

    @Override
    public void mount(Router router, ApiAccess access) {
        router.get("/api/checkins/plans").handler(access.require("checkins.read")).handler(ApiAccess.answer(ctx -> plans.plans(
                QueryParams.id(ctx, "residentId"), QueryParams.id(ctx, "after"), ApiAccess.queryInt(ctx, "limit", 100, 1, 500))
                .map(Reply::ok)));
        router.get("/api/checkins/plans/:id").handler(access.require("checkins.read"))
                .handler(ApiAccess.answer(ctx -> plans.plan(ApiAccess.pathId(ctx, "id")).map(Reply::ok)));
        router.post("/api/checkins/plans").handler(ApiAccess.jsonBody()).handler(access.require("checkins.write"))
                .handler(ApiAccess.answer(this::optIn));
        router.patch("/api/checkins/plans/:id").handler(ApiAccess.jsonBody()).handler(access.require("checkins.write"))
                .handler(ApiAccess.answer(this::update));
        router.get("/api/residents/:id/checkins").handler(access.require("checkins.read")).handler(ApiAccess.answer(this::history));
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
            throw ApiError.badRequest("field 'schedule': " + e.getMessage());
        }
    }

    private Future<Reply> history(RoutingContext ctx) {
        long residentId = ApiAccess.pathId(ctx, "id");
        int limit = ApiAccess.queryInt(ctx, "limit", 50, 1, 500);
        return pool.preparedQuery(RESIDENT).execute(Tuple.of(residentId)).compose(found -> {
            if (found.size() == 0) {
                throw ApiError.notFound("no resident " + residentId);
            }
            return pool.preparedQuery(HISTORY).execute(Tuple.of(residentId, QueryParams.id(ctx, "before").orElse(null), limit))
                    .compose(rows -> pool.preparedQuery(LAST_ANSWERED).execute(Tuple.of(residentId)).map(last -> {
                        JsonArray list = new JsonArray();
                        long lastId = 0;
                        for (Row r : rows) {
                            list.add(json(r));
                            lastId = r.getLong("id");
                        }
                        JsonObject body = new JsonObject().put("residentId", residentId)
                                .put("resident", found.iterator().next().getString(0))
                                .put("lastAnswered", last.size() == 0 ? null : json(last.iterator().next()))
                                .put("checkins", list);
                        if (list.size() == limit) {
                            body.put("next", lastId);
                        }
                        return Reply.ok(body);
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
