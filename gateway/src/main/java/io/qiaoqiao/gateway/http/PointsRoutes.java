package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Volunteer points (积分制): a volunteer's ledger and total, manual base/reward/penalty entries
 * by the studio, and the monthly ranking the township publishes.
 */
public final class PointsRoutes {
    private static final String VOLUNTEER = "SELECT v.id, v.name, g.code FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id WHERE v.id = $1";
    private static final String LEDGER = """
            SELECT p.points, p.kind, p.reason, p.at, t.code FROM points_ledger p LEFT JOIN tickets t ON t.id = p.ticket_id
            WHERE p.volunteer_id = $1 ORDER BY p.id DESC LIMIT 200""";
    private static final String TOTALS = "SELECT kind, sum(points)::int AS points FROM points_ledger WHERE volunteer_id = $1 GROUP BY kind";
    private static final String ADD = "INSERT INTO points_ledger (volunteer_id, points, kind, reason) VALUES ($1, $2, $3, $4)";
    /** $1, $2: the month's first day and the next month's, local dates; $3: the studio's zone. */
    private static final String RANKING = """
            SELECT v.id, v.name, g.code, sum(p.points)::int AS points, count(*) FILTER (WHERE p.kind = 'service') AS services
            FROM points_ledger p JOIN volunteers v ON v.id = p.volunteer_id JOIN volunteer_groups g ON g.id = v.group_id
            WHERE p.at >= ($1::date::timestamp AT TIME ZONE $3) AND p.at < ($2::date::timestamp AT TIME ZONE $3)
            GROUP BY v.id, v.name, g.code ORDER BY points DESC, services DESC, v.id LIMIT $4""";

    private final Pool pool;
    private final ApiAccess access;
    private final ZoneId zone;

    public PointsRoutes(Pool pool, ApiAccess access, ZoneId zone) {
        this.pool = pool;
        this.access = access;
        this.zone = zone;
    }

    public void mount(Router router) {
        router.get("/api/volunteers/:id/points").handler(access.require("points.read")).handler(ApiAccess.answer(this::ledger));
        router.post("/api/volunteers/:id/points").handler(ApiAccess.jsonBody()).handler(access.require("points.write"))
                .handler(ApiAccess.answer(this::add));
        router.get("/api/points/ranking").handler(access.require("points.read")).handler(ApiAccess.answer(this::ranking));
    }

    private Future<Reply> ledger(RoutingContext ctx) {
        long id = ApiAccess.pathId(ctx, "id");
        return volunteer(id).compose(v -> pool.preparedQuery(TOTALS).execute(Tuple.of(id)).compose(totals -> {
            JsonObject byKind = new JsonObject();
            int total = 0;
            for (Row r : totals) {
                byKind.put(r.getString("kind"), r.getInteger("points"));
                total += r.getInteger("points");
            }
            v.put("total", total).put("byKind", byKind);
            return pool.preparedQuery(LEDGER).execute(Tuple.of(id));
        }).map(rows -> {
            JsonArray entries = new JsonArray();
            rows.forEach(r -> entries.add(new JsonObject().put("points", r.getInteger("points")).put("kind", r.getString("kind"))
                    .put("reason", r.getString("reason")).put("ticket", r.getString("code")).put("at", TicketRoutes.time(r, "at"))));
            return Reply.ok(v.put("entries", entries));
        }));
    }

    private Future<Reply> add(RoutingContext ctx) {
        long id = ApiAccess.pathId(ctx, "id");
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("points", "kind", "reason"));
        long points = in.requiredInteger("points", -100, 100);
        String kind = in.oneOf("kind", Set.of("base", "reward", "penalty"))
                .orElseThrow(() -> ApiError.badRequest("field 'kind' is required: base, reward or penalty"));
        String reason = in.requiredText("reason", 200);
        if (points == 0 || (kind.equals("penalty") != points < 0)) {
            throw ApiError.badRequest("a penalty takes negative points, base and reward positive ones; 0 changes nothing");
        }
        String actor = ApiAccess.operator(ctx).actor();
        return volunteer(id).compose(v -> pool.withTransaction(db -> db.preparedQuery(ADD)
                .execute(Tuple.of(id, (int) points, kind, reason))
                .compose(r -> OperatorAudit.append(db, actor, "points.add", "volunteer:" + id,
                        new JsonObject().put("points", points).put("kind", kind).put("reason", reason)))))
                .map(v -> Reply.created(new JsonObject().put("volunteerId", id).put("points", points).put("kind", kind)));
    }

    private Future<Reply> ranking(RoutingContext ctx) {
        YearMonth month;
        try {
            String raw = ctx.queryParams().get("month");
            month = raw == null ? YearMonth.now(zone) : YearMonth.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("month must look like 2026-11");
        }
        int limit = ApiAccess.queryInt(ctx, "limit", 50, 1, 500);
        LocalDate first = month.atDay(1);
        return pool.preparedQuery(RANKING).execute(Tuple.of(first, first.plusMonths(1), zone.getId(), limit)).map(rows -> {
            JsonArray out = new JsonArray();
            int rank = 0;
            int position = 0;
            Integer previous = null;
            for (Row r : rows) {
                position++;
                int points = r.getInteger("points");
                if (previous == null || points != previous) {
                    rank = position; // equal points share a rank
                }
                previous = points;
                out.add(new JsonObject().put("rank", rank).put("volunteerId", r.getLong("id")).put("name", r.getString("name"))
                        .put("group", r.getString("code")).put("points", points).put("services", r.getLong("services")));
            }
            return Reply.ok(new JsonObject().put("month", month.toString()).put("ranking", out));
        });
    }

    private Future<JsonObject> volunteer(long id) {
        return pool.preparedQuery(VOLUNTEER).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiError.notFound("no volunteer with id " + id);
            }
            Row r = rows.iterator().next();
            return new JsonObject().put("volunteerId", r.getLong("id")).put("name", r.getString("name")).put("group", r.getString("code"));
        });
    }
}
