package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Volunteer points (积分制): a volunteer's ledger and total; the monthly and yearly rankings
 * (志愿之星); who served five times or more in a year; the year-end list to print; and manual
 * base, reward and penalty entries, which an operator asks for and which count only once a
 * second operator has approved them (both steps audited). Periods are the studio's calendar
 * months and years, in its zone, on the studio clock.
 */
public final class PointsRoutes {
    private static final String VOLUNTEER = """
            SELECT v.id, v.name, g.code, g.name AS group_name, g.village FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            WHERE v.id = $1""";
    private static final String LEDGER = """
            SELECT p.id, p.points, p.kind, p.reason, p.at, t.code FROM points_ledger p LEFT JOIN tickets t ON t.id = p.ticket_id
            WHERE p.volunteer_id = $1 AND p.id < $2 ORDER BY p.id DESC LIMIT $3""";
    private static final String TOTALS = "SELECT kind, sum(points)::int AS points FROM points_ledger WHERE volunteer_id = $1 GROUP BY kind";
    /** $1, $2: the period's first day and the next period's, local dates; $3: the studio's zone. */
    private static final String RANKING = """
            SELECT v.id, v.name, g.code, g.name AS group_name, g.village, sum(p.points)::int AS points,
                   count(*) FILTER (WHERE p.kind = 'service') AS services, rank() OVER (ORDER BY sum(p.points) DESC) AS rank
            FROM points_ledger p JOIN volunteers v ON v.id = p.volunteer_id JOIN volunteer_groups g ON g.id = v.group_id
            WHERE p.at >= ($1::date::timestamp AT TIME ZONE $3) AND p.at < ($2::date::timestamp AT TIME ZONE $3)
            GROUP BY v.id, v.name, g.code, g.name, g.village ORDER BY points DESC, services DESC, v.id OFFSET $4 LIMIT $5""";
    private static final String SERVED = """
            SELECT v.id, v.name, g.code, g.name AS group_name, g.village, count(*) AS services, sum(p.points)::int AS points
            FROM points_ledger p JOIN volunteers v ON v.id = p.volunteer_id JOIN volunteer_groups g ON g.id = v.group_id
            WHERE p.kind = 'service' AND p.at >= ($1::date::timestamp AT TIME ZONE $3) AND p.at < ($2::date::timestamp AT TIME ZONE $3)
            GROUP BY v.id, v.name, g.code, g.name, g.village HAVING count(*) >= $4
            ORDER BY services DESC, v.id OFFSET $5 LIMIT $6""";
    private static final String REQUEST = """
            INSERT INTO points_requests (volunteer_id, points, kind, reason, requested_by) VALUES ($1, $2, $3, $4, $5)
            RETURNING *""";
    private static final String REQUESTS = """
            SELECT q.*, v.name AS volunteer_name FROM points_requests q JOIN volunteers v ON v.id = q.volunteer_id
            WHERE ($1::text IS NULL OR q.status = $1) AND q.id < $2 ORDER BY q.id DESC LIMIT $3""";
    private static final String LOCK_REQUEST = """
            SELECT q.*, v.name AS volunteer_name FROM points_requests q JOIN volunteers v ON v.id = q.volunteer_id
            WHERE q.id = $1 FOR UPDATE OF q""";
    private static final String BOOK = """
            INSERT INTO points_ledger (volunteer_id, points, kind, reason) VALUES ($1, $2, $3, $4) RETURNING id""";
    private static final String DECIDE = """
            UPDATE points_requests SET status = $2, decided_by = $3, decided_at = studio_now(), decision_note = $4, ledger_id = $5
            WHERE id = $1 RETURNING *""";
    private static final int STARS = 10;

    private final Pool pool;
    private final ZoneId zone;

    public PointsRoutes(Pool pool, ZoneId zone) {
        this.pool = pool;
        this.zone = zone;
    }

    public void mount(Api api) {
        api.get("/api/volunteers/{id}/points", "points.read").summary("一位志愿者的积分：合计和明细（明细分页）").tag("points")
                .paged().ok("VolunteerPoints").problems(404).answer(this::ledger);
        api.post("/api/volunteers/{id}/points", "points.write").summary("申请一笔基础分、奖励分或扣分：另一位工作人员批准后才计入（审计）")
                .tag("points").body("PointsEntry").returns("202", "已提交，等待批准", "application/json", ApiOperation.ref("PointsRequest"))
                .problems(404).answer(this::request);
        api.get("/api/points/requests", "points.read").summary("积分申请（新的在前）").tag("points")
                .queryOneOf("status", List.of("pending", "approved", "rejected"), "状态").paged().ok("PointsRequestPage")
                .answer(this::requests);
        api.post("/api/points/requests/{id}/approve", "points.write").summary("批准一笔积分申请（须是另一位工作人员；审计）")
                .tag("points").body("PointsDecision").ok("PointsRequest").problems(404, 409).answer(ctx -> decide(ctx, true));
        api.post("/api/points/requests/{id}/reject", "points.write").summary("退回一笔积分申请（审计）").tag("points")
                .body("PointsDecision").ok("PointsRequest").problems(404, 409).answer(ctx -> decide(ctx, false));
        api.get("/api/points/ranking", "points.read").summary("月度或年度积分排行（志愿之星）").tag("points")
                .query("month", new JsonObject().put("type", "string").put("pattern", "^\\d{4}-\\d{2}$"), "月份，如 2026-11（默认本月）")
                .query("year", new JsonObject().put("type", "integer"), "年份，如 2026（给了就是年度排行）")
                .query("from", new JsonObject().put("type", "integer").put("minimum", 0), "从第几名之后开始（上一页 next 里的值）")
                .query("limit", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", Page.MAX_LIMIT)
                        .put("default", Page.DEFAULT_LIMIT), "每页最多几位")
                .ok("Ranking").answer(this::ranking);
        api.get("/api/points/served", "points.read").summary("一年里服务满 5 次（或 min 次）的志愿者").tag("points")
                .query("year", new JsonObject().put("type", "integer"), "年份（默认今年）")
                .query("min", new JsonObject().put("type", "integer").put("minimum", 1).put("default", 5), "至少几次")
                .query("from", new JsonObject().put("type", "integer").put("minimum", 0), "从第几位之后开始（上一页 next 里的值）")
                .query("limit", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", Page.MAX_LIMIT)
                        .put("default", Page.DEFAULT_LIMIT), "每页最多几位")
                .ok("Served").answer(this::served);
        api.get("/api/points/printable", "points.read").summary("年终表彰用的名单（页面直接打印）：志愿之星前十名和服务满 5 次的全部志愿者")
                .tag("points").query("year", new JsonObject().put("type", "integer"), "年份（默认今年）").ok("Printable")
                .answer(this::printable);
    }

    private Future<Reply> ledger(RoutingContext ctx) {
        long id = ApiAccess.pathId(ctx, "id");
        Page page = Page.of(ctx);
        return volunteer(pool, id).compose(v -> pool.preparedQuery(TOTALS).execute(Tuple.of(id)).compose(totals -> {
            JsonObject byKind = new JsonObject();
            int total = 0;
            for (Row r : totals) {
                byKind.put(r.getString("kind"), r.getInteger("points"));
                total += r.getInteger("points");
            }
            v.put("total", total).put("byKind", byKind);
            return pool.preparedQuery(LEDGER).execute(Tuple.of(id, page.before(), page.fetch()));
        }).map(rows -> {
            List<JsonObject> entries = new ArrayList<>();
            rows.forEach(r -> entries.add(new JsonObject().put("id", r.getLong("id")).put("points", r.getInteger("points"))
                    .put("kind", r.getString("kind")).put("reason", r.getString("reason")).put("ticket", r.getString("code"))
                    .put("at", TicketViews.time(r, "at"))));
            JsonObject pageOf = page.answer(ctx, "entries", entries, e -> e.getLong("id"));
            return Reply.ok(v.put("entries", pageOf.getJsonArray("entries")).put("next", pageOf.getString("next")));
        }));
    }

    private Future<Reply> request(RoutingContext ctx) {
        long id = ApiAccess.pathId(ctx, "id");
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("points", "kind", "reason"));
        long points = in.requiredInteger("points", -100, 100);
        String kind = in.oneOf("kind", Set.of("base", "reward", "penalty")).orElseThrow(() -> Input.required("kind"));
        String reason = in.requiredText("reason", 200);
        if (points == 0 || (kind.equals("penalty") != points < 0)) {
            throw ApiError.field("points", "扣分（penalty）要写负数，基础分和奖励分写正数；0 分不用申请",
                    "a penalty takes negative points, base and reward positive ones; 0 changes nothing");
        }
        String actor = ApiAccess.operator(ctx).actor();
        return pool.withTransaction(db -> volunteer(db, id)
                .compose(v -> db.preparedQuery(REQUEST).execute(Tuple.of(id, (int) points, kind, reason, actor)))
                .map(rows -> json(rows.iterator().next(), null))
                .compose(created -> OperatorAudit.append(db, actor, "points.request", "volunteer:" + id, new JsonObject()
                        .put("request", created.getLong("id")).put("points", points).put("kind", kind).put("reason", reason))
                        .map(created)))
                .map(created -> new Reply(202, created));
    }

    private Future<Reply> requests(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        if (status != null && !Set.of("pending", "approved", "rejected").contains(status)) {
            throw ApiError.query("status", "status 应当是 pending、approved 或 rejected", "status must be pending, approved or rejected");
        }
        Page page = Page.of(ctx);
        return pool.preparedQuery(REQUESTS).execute(Tuple.of(status, page.before(), page.fetch())).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(json(r, r.getString("volunteer_name"))));
            return Reply.ok(page.answer(ctx, "requests", out, r -> r.getLong("id")));
        });
    }

    /** Approves (the entry reaches the ledger and counts) or rejects a pending request; never the requester's own. */
    private Future<Reply> decide(RoutingContext ctx, boolean approve) {
        long id = ApiAccess.pathId(ctx, "id");
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("note"));
        String note = approve ? in.text("note", 200).orElse("") : in.requiredText("note", 200);
        String actor = ApiAccess.operator(ctx).actor();
        return pool.withTransaction(db -> db.preparedQuery(LOCK_REQUEST).execute(Tuple.of(id)).compose(rows -> {
            if (rows.size() == 0) {
                throw new ApiError(Problem.POINTS_REQUEST_NOT_FOUND, "没有编号为 " + id + " 的积分申请", "no points request with id " + id);
            }
            Row q = rows.iterator().next();
            if (!q.getString("status").equals("pending")) {
                throw new ApiError(Problem.ALREADY_DECIDED, "这条积分申请已经由 " + q.getString("decided_by") + " 处理过了",
                        "points request " + id + " is already " + q.getString("status"));
            }
            if (q.getString("requested_by").equals(actor)) {
                throw new ApiError(Problem.SAME_OPERATOR, "这笔积分是您自己申请的，需要另一位工作人员批准",
                        "the operator who asked for an entry cannot decide it; another operator must");
            }
            Future<Long> booked = approve
                    ? db.preparedQuery(BOOK).execute(Tuple.of(q.getLong("volunteer_id"), q.getInteger("points"), q.getString("kind"),
                            q.getString("reason"))).map(r -> r.iterator().next().getLong("id"))
                    : Future.succeededFuture(null);
            return booked.compose(ledgerId -> db.preparedQuery(DECIDE).execute(Tuple.of(id, approve ? "approved" : "rejected", actor,
                            note, ledgerId)))
                    .map(r -> json(r.iterator().next(), q.getString("volunteer_name")))
                    .compose(decided -> OperatorAudit.append(db, actor, approve ? "points.approve" : "points.reject",
                            "volunteer:" + q.getLong("volunteer_id"), new JsonObject().put("request", id)
                                    .put("points", q.getInteger("points")).put("kind", q.getString("kind"))
                                    .put("requestedBy", q.getString("requested_by")).put("note", note)).map(decided));
        })).map(Reply::ok);
    }

    private static JsonObject json(Row r, String volunteerName) {
        return new JsonObject().put("id", r.getLong("id")).put("volunteerId", r.getLong("volunteer_id")).put("volunteer", volunteerName)
                .put("points", r.getInteger("points")).put("kind", r.getString("kind")).put("reason", r.getString("reason"))
                .put("status", r.getString("status")).put("requestedBy", r.getString("requested_by"))
                .put("requestedAt", TicketViews.time(r, "requested_at")).put("decidedBy", r.getString("decided_by"))
                .put("decidedAt", TicketViews.time(r, "decided_at")).put("note", r.getString("decision_note"));
    }

    /** A calendar period of the studio: its first day and the first day after it. */
    private record Period(String name, LocalDate first, LocalDate next) {
    }

    private Future<Period> period(RoutingContext ctx, boolean yearOnly) {
        String month = yearOnly ? null : ctx.queryParams().get("month");
        String year = ctx.queryParams().get("year");
        if (month != null && year != null) {
            throw ApiError.query("month", "month 和 year 只能给一个", "give month or year, not both");
        }
        try {
            if (month != null) {
                YearMonth m = YearMonth.parse(month);
                return Future.succeededFuture(new Period(m.toString(), m.atDay(1), m.atDay(1).plusMonths(1)));
            }
            if (year != null) {
                Year y = Year.of(Integer.parseInt(year));
                return Future.succeededFuture(new Period(y.toString(), y.atDay(1), y.plusYears(1).atDay(1)));
            }
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw month != null ? ApiError.query("month", "month 应当像 2026-11", "month must look like 2026-11")
                    : ApiError.query("year", "year 应当像 2026", "year must look like 2026");
        }
        // The current period is the studio clock's, not this machine's.
        return StudioClock.now(pool).map(now -> {
            LocalDate today = now.atZone(zone).toLocalDate();
            if (yearOnly) {
                return new Period(String.valueOf(today.getYear()), today.withDayOfYear(1), today.withDayOfYear(1).plusYears(1));
            }
            YearMonth m = YearMonth.from(today);
            return new Period(m.toString(), m.atDay(1), m.atDay(1).plusMonths(1));
        });
    }

    private Future<Reply> ranking(RoutingContext ctx) {
        int from = ApiAccess.queryInt(ctx, "from", 0, 0, Integer.MAX_VALUE);
        int limit = ApiAccess.queryInt(ctx, "limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        boolean yearly = ctx.queryParams().get("year") != null;
        return period(ctx, false).compose(p -> rank(p, from, limit).map(rows -> Reply.ok(new JsonObject()
                .put("period", yearly ? "year" : "month").put(yearly ? "year" : "month", p.name())
                .put("ranking", new JsonArray(rows.size() > limit ? rows.subList(0, limit) : rows))
                .put("next", rows.size() > limit ? Page.link(ctx, "from", String.valueOf(from + limit)) : null))));
    }

    private Future<List<JsonObject>> rank(Period p, int from, int limit) {
        return pool.preparedQuery(RANKING).execute(Tuple.of(p.first(), p.next(), zone.getId(), from, limit + 1)).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(person(r).put("rank", r.getLong("rank")).put("points", r.getInteger("points"))
                    .put("services", r.getLong("services"))));
            return out;
        });
    }

    private Future<List<JsonObject>> served(Period p, int min, int from, int limit) {
        return pool.preparedQuery(SERVED).execute(Tuple.of(p.first(), p.next(), zone.getId(), min, from, limit + 1)).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(person(r).put("services", r.getLong("services")).put("points", r.getInteger("points"))));
            return out;
        });
    }

    private Future<Reply> served(RoutingContext ctx) {
        int min = ApiAccess.queryInt(ctx, "min", 5, 1, 10_000);
        int from = ApiAccess.queryInt(ctx, "from", 0, 0, Integer.MAX_VALUE);
        int limit = ApiAccess.queryInt(ctx, "limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        return period(ctx, true).compose(p -> served(p, min, from, limit).map(rows -> Reply.ok(new JsonObject()
                .put("year", p.name()).put("min", min)
                .put("volunteers", new JsonArray(rows.size() > limit ? rows.subList(0, limit) : rows))
                .put("next", rows.size() > limit ? Page.link(ctx, "from", String.valueOf(from + limit)) : null))));
    }

    /**
     * The whole year-end list in one answer (it is printed as one sheet): the ten best by points
     * (ties at the tenth place included) and everyone who served five times or more. Bounded by
     * the roster, so it is not paged.
     */
    private Future<Reply> printable(RoutingContext ctx) {
        return period(ctx, true).compose(p -> rank(p, 0, Integer.MAX_VALUE - 1).compose(ranked -> served(p, 5, 0, Integer.MAX_VALUE - 1)
                .compose(served -> StudioClock.now(pool).map(now -> {
                    JsonArray stars = new JsonArray();
                    for (JsonObject r : ranked) {
                        if (r.getLong("rank") <= STARS) {
                            stars.add(r);
                        }
                    }
                    return Reply.ok(new JsonObject().put("year", p.name()).put("title", p.name() + "年度志愿之星")
                            .put("generatedAt", now.toString()).put("stars", stars)
                            .put("servedFiveTimes", new JsonArray(served)).put("volunteersWithPoints", ranked.size()));
                }))));
    }

    private static JsonObject person(Row r) {
        return new JsonObject().put("volunteerId", r.getLong("id")).put("name", r.getString("name")).put("group", r.getString("code"))
                .put("groupName", r.getString("group_name")).put("village", r.getString("village"));
    }

    private static Future<JsonObject> volunteer(SqlClient db, long id) {
        return db.preparedQuery(VOLUNTEER).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw new ApiError(Problem.VOLUNTEER_NOT_FOUND, "没有编号为 " + id + " 的志愿者", "no volunteer with id " + id);
            }
            return person(rows.iterator().next());
        });
    }
}
