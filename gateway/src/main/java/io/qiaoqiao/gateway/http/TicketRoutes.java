package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.qiaoqiao.gateway.intake.CallIntake;
import io.qiaoqiao.gateway.operator.DeskIntake;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.operator.TicketActions;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ticket API: the list with filters, the studio's queue, one ticket with its events
 * (routing verdicts included), offers and rating, a request entered at the desk, and the
 * studio's actions (reassign, deadline, note, close, reopen, rating heard by phone). Requests
 * of a confidential category show their text only to holders of the {@code confidential} scope
 * (reading one is audited). The timeline's texts, calls, recording and the routing candidates
 * are {@link TicketTimelineRoutes}. Phone numbers in the events are masked unless the operator holds
 * {@code phones}.
 */
public final class TicketRoutes {
    static final List<String> STATUSES = List.of("open", "held", "offered", "escalated", "accepted", "done", "closed", "reopened");
    private static final List<String> CATEGORIES = names(Category.values());
    private static final List<String> URGENCIES = names(Urgency.values());
    private static final List<String> CHANNELS = List.of("sms", "voice", "desk", "grid", "schedule", "checkin");
    private static final int REASON_MAX = 500;
    private static final int TEXT_MAX = 2000;
    private static final String ONE = "SELECT " + TicketViews.COLUMNS + TicketViews.FROM + " WHERE t.code = $3";
    private static final String EVENTS = "SELECT id, at, type, actor, detail FROM ticket_events WHERE ticket_id = $1 ORDER BY id";
    private static final String OFFERS = """
            SELECT o.status, o.created_at, o.answered_at, o.step, v.id, v.name FROM offers o JOIN volunteers v ON v.id = o.volunteer_id
            WHERE o.ticket_id = $1 ORDER BY o.id""";
    /** The queue's order: overdue work, then requests waiting too long, then the rest waiting, then accepted work; higher triage levels first; oldest first. */
    private static final String QUEUE = """
            SELECT * FROM (SELECT %s,
                CASE WHEN t.status = 'accepted' AND t.due_at < studio_now() THEN 0
                     WHEN t.status <> 'accepted' AND t.created_at < studio_now()
                          - make_interval(secs => CASE WHEN t.urgency = 'URGENT' THEN $1::float8 ELSE $2::float8 END) THEN 1
                     WHEN t.status <> 'accepted' THEN 2 ELSE 3 END AS band,
                CASE t.level WHEN 'township' THEN 0 WHEN 'village' THEN 1 WHEN 'private' THEN 2 ELSE 3 END AS level_rank
              %s WHERE t.status IN ('open', 'held', 'offered', 'escalated', 'accepted', 'reopened') %s) q
            WHERE (q.band, q.level_rank, q.created_at, q.id) > ($3, $4, $5, $6)
            ORDER BY q.band, q.level_rank, q.created_at, q.id LIMIT $7""";
    private static final String EVENT_PAGE = """
            SELECT e.id, e.at, e.type, e.actor, e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
            WHERE t.code = $1 AND e.id < $2 ORDER BY e.id DESC LIMIT $3""";

    private final Pool pool;
    private final TicketActions actions;
    private final DeskIntake intake;
    private final CallIntake calls;
    private final TicketViews views;
    private final Duration[] acceptLimits;

    /**
     * @param calls        records residents' ratings the same way the rating call does
     * @param acceptLimits {@code tickets.accept-limit.urgent} and {@code .normal}
     */
    public TicketRoutes(Pool pool, TicketActions actions, DeskIntake intake, CallIntake calls, TicketViews views,
                        Duration[] acceptLimits) {
        this.pool = pool;
        this.actions = actions;
        this.intake = intake;
        this.calls = calls;
        this.views = views;
        this.acceptLimits = acceptLimits.clone();
    }

    public void mount(Api api) {
        api.get("/api/tickets", "tickets.read").summary("求助列表（新的在前）").tag("tickets")
                .queryOneOf("status", STATUSES, "状态").queryOneOf("category", CATEGORIES, "类别")
                .queryOneOf("urgency", URGENCIES, "紧急程度").queryOneOf("channel", CHANNELS, "来源")
                .query("village", "string", "村").query("since", new JsonObject().put("type", "string").put("format", "date-time"),
                        "只要这个时间以后的").paged()
                .ok("TicketPage").answer(this::list);
        api.get("/api/queue", "tickets.read").summary("工作站的队列：所有未办完的求助，超期和久未接单的在前").tag("tickets")
                .description("顺序：超期的已接单求助；等待超过 tickets.accept-limit 的；其余等待中的；已接单的。同一档里镇级、村级在前，"
                        + "再按时间先后。分页用 next（after 游标）。")
                .queryOneOf("category", CATEGORIES, "类别").queryOneOf("urgency", URGENCIES, "紧急程度").query("village", "string", "村")
                .query("after", "string", "上一页 next 里的游标")
                .query("limit", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", Page.MAX_LIMIT)
                        .put("default", Page.MAX_LIMIT), "每页最多几条")
                .ok("Queue").answer(this::queue);
        api.post("/api/tickets", "tickets.write").summary("登记当面、电话或微信群里听到的求助，然后像短信求助一样派单（审计）")
                .tag("tickets").body("DeskTicket").created("DeskTicketCreated").problems(404).answer(this::create);
        api.get("/api/tickets/{code}", "tickets.read").summary("一条求助：全部经过、派单和评价").tag("tickets").ok("TicketDetail")
                .problems(404).answer(this::one);
        api.get("/api/tickets/{code}/events", "tickets.read").summary("一条求助的经过（分页，新的在前）").tag("tickets").paged()
                .ok("EventPage").problems(404).answer(this::events);
        action(api, "reassign", "改派给一位志愿者（审计）", "Reassign", ctx -> {
            Input in = ApiAccess.body(ctx).onlyFields(Set.of("volunteerId", "reason"));
            return actions.reassign(code(ctx), in.requiredInteger("volunteerId", 1, Long.MAX_VALUE), actor(ctx),
                    in.requiredText("reason", REASON_MAX));
        });
        action(api, "deadline", "设定或推迟办结期限（审计）", "Deadline", ctx -> {
            Input in = ApiAccess.body(ctx).onlyFields(Set.of("dueAt", "reason"));
            return actions.setDeadline(code(ctx), dueAt(in.requiredText("dueAt", 64)), actor(ctx), in.requiredText("reason", REASON_MAX));
        });
        action(api, "note", "在经过里记一笔（审计）", "Note", ctx -> {
            Input in = ApiAccess.body(ctx).onlyFields(Set.of("text"));
            return actions.note(code(ctx), in.requiredText("text", TEXT_MAX), actor(ctx));
        });
        action(api, "close", "办结：原因和方式（审计）", "Close", ctx -> {
            Input in = ApiAccess.body(ctx).onlyFields(Set.of("reason", "kind"));
            return actions.close(code(ctx), closeKind(in.text("kind", 20).orElse("solved")), actor(ctx),
                    in.requiredText("reason", REASON_MAX));
        });
        action(api, "reopen", "重新受理，重新派单（审计）", "Reason", ctx -> actions.reopen(code(ctx), actor(ctx),
                ApiAccess.body(ctx).onlyFields(Set.of("reason")).requiredText("reason", REASON_MAX)));
        action(api, "rating", "记下电话回访时居民的评价（审计）", "Rating", ctx -> {
            Input in = ApiAccess.body(ctx).onlyFields(Set.of("done", "satisfaction"));
            boolean isDone = in.bool("done").orElseThrow(() -> Input.required("done"));
            OptionalInt satisfaction = in.integer("satisfaction", 1, 5).map(n -> OptionalInt.of(n.intValue()))
                    .orElse(OptionalInt.empty());
            return rate(code(ctx), isDone, satisfaction, actor(ctx));
        });
    }

    private interface Action {
        Future<JsonObject> apply(RoutingContext ctx);
    }

    private void action(Api api, String name, String summary, String body, Action action) {
        api.post("/api/tickets/{code}/" + name, "tickets.write").summary(summary).tag("tickets").body(body).ok("ActionResult")
                .problems(404, 409).answer(ctx -> action.apply(ctx).map(Reply::ok));
    }

    private static String code(RoutingContext ctx) {
        return ctx.pathParam("code");
    }

    private static String actor(RoutingContext ctx) {
        return ApiAccess.operator(ctx).actor();
    }

    private Tuple limits() {
        return Tuple.of((double) acceptLimits[0].toSeconds(), (double) acceptLimits[1].toSeconds());
    }

    private Future<Reply> list(RoutingContext ctx) {
        List<String> where = new ArrayList<>();
        Tuple params = limits();
        filter(ctx, "status", STATUSES, "t.status", where, params);
        filter(ctx, "category", CATEGORIES, "t.category", where, params);
        filter(ctx, "urgency", URGENCIES, "t.urgency", where, params);
        filter(ctx, "channel", CHANNELS, "t.channel", where, params);
        String village = ctx.queryParams().get("village");
        if (village != null) {
            params.addValue(village);
            where.add("r.village = $" + params.size());
        }
        String since = ctx.queryParams().get("since");
        if (since != null) {
            try {
                params.addValue(OffsetDateTime.parse(since));
            } catch (DateTimeParseException e) {
                throw ApiError.query("since", "since 应当是带时区的时间，如 2026-11-01T00:00:00+08:00",
                        "since must be a time such as 2026-11-01T00:00:00+08:00");
            }
            where.add("t.created_at >= $" + params.size());
        }
        Page page = Page.of(ctx);
        params.addValue(page.before());
        where.add("t.id < $" + params.size());
        params.addValue(page.fetch());
        String sql = "SELECT " + TicketViews.COLUMNS + TicketViews.FROM + " WHERE " + String.join(" AND ", where)
                + " ORDER BY t.id DESC LIMIT $" + params.size();
        Operator operator = ApiAccess.operator(ctx);
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(views.json(r, operator)));
            return Reply.ok(page.answer(ctx, "tickets", out, t -> t.getLong("id")));
        });
    }

    /** The cursor of the queue: the position of the last ticket of a page in the queue's order. */
    private record QueueCursor(int band, int levelRank, OffsetDateTime createdAt, long id) {
        static final QueueCursor START = new QueueCursor(-1, -1, OffsetDateTime.parse("1970-01-01T00:00Z"), 0);

        String encode() {
            long micros = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, createdAt.toInstant());
            return band + "." + levelRank + "." + micros + "." + id;
        }

        static QueueCursor decode(String text) {
            try {
                String[] parts = text.split("\\.");
                long micros = Long.parseLong(parts[2]);
                return new QueueCursor(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS),
                                java.time.ZoneOffset.UTC), Long.parseLong(parts[3]));
            } catch (RuntimeException e) {
                throw ApiError.query("after", "游标 after 不对；请用上一页 next 里的链接", "the after cursor is malformed; follow the next link");
            }
        }
    }

    private Future<Reply> queue(RoutingContext ctx) {
        List<String> where = new ArrayList<>();
        // Placeholders $1..$7 are the limits, the cursor and the page size; filters follow.
        List<Object> extra = new ArrayList<>();
        for (String[] f : new String[][] {{"category", "t.category"}, {"urgency", "t.urgency"}}) {
            String value = ctx.queryParams().get(f[0]);
            if (value != null) {
                List<String> allowed = f[0].equals("category") ? CATEGORIES : URGENCIES;
                if (!allowed.contains(value.toLowerCase(Locale.ROOT))) {
                    throw unknown(f[0], value, allowed);
                }
                extra.add(value.toUpperCase(Locale.ROOT));
                where.add(f[1] + " = $" + (7 + extra.size()));
            }
        }
        String village = ctx.queryParams().get("village");
        if (village != null) {
            extra.add(village);
            where.add("r.village = $" + (7 + extra.size()));
        }
        int limit = ApiAccess.queryInt(ctx, "limit", Page.MAX_LIMIT, 1, Page.MAX_LIMIT);
        String after = ctx.queryParams().get("after");
        QueueCursor cursor = after == null ? QueueCursor.START : QueueCursor.decode(after);
        Tuple params = limits().addValue(cursor.band()).addValue(cursor.levelRank()).addValue(cursor.createdAt())
                .addValue(cursor.id()).addValue(limit + 1);
        extra.forEach(params::addValue);
        String sql = String.format(QUEUE, TicketViews.COLUMNS, TicketViews.FROM,
                where.isEmpty() ? "" : " AND " + String.join(" AND ", where));
        Operator operator = ApiAccess.operator(ctx);
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            JsonArray out = new JsonArray();
            QueueCursor last = null;
            int n = 0;
            boolean more = false;
            for (Row r : rows) {
                if (++n > limit) {
                    more = true;
                    break;
                }
                out.add(views.json(r, operator));
                last = new QueueCursor(r.getInteger("band"), r.getInteger("level_rank"), r.getOffsetDateTime("created_at"),
                        r.getLong("id"));
            }
            String next = more ? Page.link(ctx, "after", last.encode()) : null;
            if (next != null) {
                ctx.response().putHeader("Link", "<" + next + ">; rel=\"next\"");
            }
            return Reply.ok(new JsonObject().put("tickets", out).put("next", next));
        });
    }

    private Future<Reply> create(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("residentId", "phone", "heardVia", "text", "category", "urgency",
                "tellResident"));
        Optional<Long> residentId = in.integer("residentId", 1, Long.MAX_VALUE);
        Optional<String> phone = in.phone("phone");
        if (residentId.isEmpty() && phone.isEmpty()) {
            throw ApiError.field("residentId", "请选一位居民（residentId），或给出求助人的电话（phone）",
                    "give the resident (residentId) or the phone that asked (phone)");
        }
        String heardVia = in.oneOf("heardVia", DeskIntake.HEARD_VIA).orElseThrow(() -> Input.required("heardVia"));
        Optional<Category> category = in.oneOf("category", Set.copyOf(CATEGORIES)).map(c -> Category.valueOf(c.toUpperCase(Locale.ROOT)));
        Optional<Urgency> urgency = in.oneOf("urgency", Set.copyOf(URGENCIES)).map(u -> Urgency.valueOf(u.toUpperCase(Locale.ROOT)));
        DeskIntake.Request request = new DeskIntake.Request(residentId, phone, heardVia, in.requiredText("text", TEXT_MAX),
                category, urgency, in.bool("tellResident").orElse(true));
        return intake.create(request, actor(ctx)).map(Reply::created);
    }

    private Future<Reply> one(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        return find(ctx.pathParam("code")).compose(r -> {
            JsonObject ticket = views.json(r, operator);
            long id = r.getLong("id");
            boolean hidden = ticket.getBoolean("redacted");
            return pool.preparedQuery(EVENTS).execute(Tuple.of(id)).compose(events -> {
                JsonArray list = new JsonArray();
                boolean phones = operator.may("phones");
                events.forEach(e -> list.add(event(e, hidden, phones)));
                ticket.put("events", list);
                return pool.preparedQuery(OFFERS).execute(Tuple.of(id));
            }).compose(offers -> {
                JsonArray list = new JsonArray();
                offers.forEach(o -> list.add(new JsonObject().put("volunteerId", o.getLong("id"))
                        .put("volunteer", o.getString("name")).put("status", o.getString("status")).put("step", o.getString("step"))
                        .put("createdAt", TicketViews.time(o, "created_at")).put("answeredAt", TicketViews.time(o, "answered_at"))));
                ticket.put("offers", list);
                boolean confidentialRead = views.confidential(r) && !hidden;
                return confidentialRead
                        ? OperatorAudit.append(pool, operator.actor(), "ticket.read_confidential", "ticket:" + r.getString("code"),
                        new JsonObject()).map(v -> Reply.ok(ticket))
                        : Future.succeededFuture(Reply.ok(ticket));
            });
        });
    }

    private Future<Reply> events(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        Page page = Page.of(ctx);
        return find(ctx.pathParam("code")).compose(r -> {
            boolean hidden = views.hidden(r, operator);
            return pool.preparedQuery(EVENT_PAGE).execute(Tuple.of(r.getString("code"), page.before(), page.fetch())).map(rows -> {
                List<JsonObject> out = new ArrayList<>();
                boolean phones = operator.may("phones");
                rows.forEach(e -> out.add(event(e, hidden, phones)));
                return Reply.ok(page.answer(ctx, "events", out, e -> e.getLong("id")));
            });
        });
    }

    /** One event; its phone numbers masked unless the operator holds {@code phones}. */
    static JsonObject event(Row e, boolean hidden, boolean phones) {
        JsonObject detail = e.getJsonObject("detail");
        if (hidden) {
            detail.remove("matched");
        }
        return new JsonObject().put("id", e.getLong("id")).put("at", TicketViews.time(e, "at")).put("type", e.getString("type"))
                .put("actor", phones ? e.getString("actor") : PhoneRedaction.mask(e.getString("actor")))
                .put("detail", phones ? detail : PhoneRedaction.mask(detail));
    }

    private static TicketLifecycle.CloseKind closeKind(String kind) {
        try {
            return TicketLifecycle.CloseKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.field("kind", "kind 应当是 solved（已解决）、duplicate（重复）、withdrawn（撤回）或 unreachable（联系不上），现在是“"
                    + kind + "”", "field 'kind' must be one of solved, duplicate, withdrawn, unreachable; got '" + kind + "'");
        }
    }

    /** An ISO-8601 time with its offset, e.g. 2026-12-03T17:00+08:00. */
    private static OffsetDateTime dueAt(String text) {
        try {
            return OffsetDateTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiError.field("dueAt", "dueAt 应当是带时区的时间，如 2026-12-03T17:00+08:00，现在是“" + text + "”",
                    "field 'dueAt' must be a time with its offset, e.g. 2026-12-03T17:00+08:00; got '" + text + "'");
        }
    }

    /**
     * The resident's answer, taken down by the studio on a follow-up (回访): recorded exactly as
     * the rating call records it ("not done" sends a done ticket back to the studio as
     * {@code reopened}), then audited.
     */
    private Future<JsonObject> rate(String code, boolean done, OptionalInt satisfaction, String actor) {
        JsonObject detail = new JsonObject().put("done", done)
                .put("satisfaction", satisfaction.isPresent() ? satisfaction.getAsInt() : null);
        // The rating and its audit row commit together, or neither does.
        return find(code).compose(r -> Tx.run(pool, (db, after) -> calls.recordRating(db, after, code, done, satisfaction,
                                TicketLifecycle.RatingChannel.OPERATOR, actor)
                        .compose(v -> OperatorAudit.append(db, actor, "ticket.rate", "ticket:" + code, detail))))
                .compose(v -> find(code))
                .map(r -> detail.put("code", code).put("status", r.getString("status")));
    }

    Future<Row> find(String code) {
        return pool.preparedQuery(ONE).execute(limits().addValue(code)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiError.ticketNotFound(code);
            }
            return rows.iterator().next();
        });
    }

    private static void filter(RoutingContext ctx, String param, List<String> allowed, String column, List<String> where,
                               Tuple params) {
        String value = ctx.queryParams().get(param);
        if (value == null) {
            return;
        }
        if (!allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw unknown(param, value, allowed);
        }
        // Categories and urgencies are stored as enum names, statuses and channels lower-case.
        params.addValue(column.equals("t.category") || column.equals("t.urgency") ? value.toUpperCase(Locale.ROOT)
                : value.toLowerCase(Locale.ROOT));
        where.add(column + " = $" + params.size());
    }

    private static ApiError unknown(String param, String value, List<String> allowed) {
        return ApiError.query(param, "不认识的 " + param + "“" + value + "”；应当是 " + allowed + " 之一",
                "unknown " + param + " '" + value + "'; one of " + allowed);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableList());
    }
}
