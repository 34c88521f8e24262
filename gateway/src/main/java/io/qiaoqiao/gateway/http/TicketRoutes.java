package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.operator.TicketActions;
import io.qiaoqiao.gateway.intake.CallIntake;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ticket API: list with filters, one ticket with its events (routing verdicts included),
 * offers and rating, its recording, and the studio's actions (reassign, close, reopen, rate).
 * Requests of a confidential category (matchmaking, disputes) show their text only to holders
 * of the {@code confidential} scope; recordings need {@code recordings}. Both reads are audited.
 * Phone numbers in the events are masked unless the operator holds {@code phones}.
 */
public final class TicketRoutes {
    private static final Set<String> STATUSES = Set.of("open", "offered", "escalated", "accepted", "done", "closed", "reopened");
    private static final Set<String> CATEGORIES = names(Category.values());
    private static final Set<String> URGENCIES = names(Urgency.values());
    private static final Set<String> CHANNELS = Set.of("sms", "voice");
    private static final int MAX_LIMIT = 500;
    private static final int REASON_MAX = 500;
    private static final String COLUMNS = """
            t.id, t.code, t.channel, t.kind, t.category, t.urgency, t.status, t.text, t.incomplete, t.registered,
            t.on_behalf, t.recording, t.created_at, t.accepted_at, t.done_at, t.escalated_at, t.closed_at, t.reopened_at,
            t.reopen_count, t.rating_done, t.rating_satisfaction, t.rated_at, r.name AS resident_name, r.village, r.village_group, v.name AS volunteer_name,
            t.accepted_by AS volunteer_id""";
    private static final String FROM =
            " FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id LEFT JOIN volunteers v ON v.id = t.accepted_by";
    private static final String ONE = "SELECT " + COLUMNS + FROM + " WHERE t.code = $1";
    private static final String EVENTS = "SELECT at, type, actor, detail FROM ticket_events WHERE ticket_id = $1 ORDER BY id";
    private static final String OFFERS = """
            SELECT o.status, o.created_at, o.answered_at, v.id, v.name FROM offers o JOIN volunteers v ON v.id = o.volunteer_id
            WHERE o.ticket_id = $1 ORDER BY o.id""";

    private final Pool pool;
    private final ApiAccess access;
    private final TicketActions actions;
    private final CallIntake desk;
    private final Set<String> confidential;

    /** @param confidentialCategories category names (ADVICE, MEDIATION, ...) whose text needs the confidential scope */
    public TicketRoutes(Pool pool, ApiAccess access, TicketActions actions, CallIntake desk, Set<String> confidentialCategories) {
        this.pool = pool;
        this.access = access;
        this.actions = actions;
        this.desk = desk;
        this.confidential = confidentialCategories;
    }

    public void mount(Router router) {
        router.get("/api/tickets").handler(access.require("tickets.read")).handler(ApiAccess.answer(this::list));
        router.get("/api/tickets/:code").handler(access.require("tickets.read")).handler(ApiAccess.answer(this::one));
        router.get("/api/tickets/:code/recording").handler(access.require("recordings")).handler(this::recording);
        router.post("/api/tickets/:code/:action").handler(ApiAccess.jsonBody()).handler(access.require("tickets.write"))
                .handler(ApiAccess.answer(this::act));
    }

    private Future<Reply> list(RoutingContext ctx) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filter(ctx, "status", STATUSES, "t.status", where, params);
        filter(ctx, "category", CATEGORIES, "t.category", where, params);
        filter(ctx, "urgency", URGENCIES, "t.urgency", where, params);
        filter(ctx, "channel", CHANNELS, "t.channel", where, params);
        String village = ctx.queryParams().get("village");
        if (village != null) {
            params.add(village);
            where.add("r.village = $" + params.size());
        }
        String since = ctx.queryParams().get("since");
        if (since != null) {
            try {
                params.add(OffsetDateTime.parse(since));
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("since must be a time such as 2026-11-01T00:00:00+08:00");
            }
            where.add("t.created_at >= $" + params.size());
        }
        params.add(ApiAccess.queryInt(ctx, "limit", 100, 1, MAX_LIMIT));
        String sql = "SELECT " + COLUMNS + FROM + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY t.id DESC LIMIT $" + params.size();
        Operator operator = ApiAccess.operator(ctx);
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> out.add(ticket(r, operator)));
            return Reply.ok(new JsonObject().put("tickets", out));
        });
    }

    private Future<Reply> one(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        return find(ctx.pathParam("code")).compose(r -> {
            JsonObject ticket = ticket(r, operator);
            long id = r.getLong("id");
            boolean hidden = ticket.getBoolean("redacted");
            return pool.preparedQuery(EVENTS).execute(Tuple.of(id)).compose(events -> {
                JsonArray list = new JsonArray();
                boolean phones = operator.may("phones");
                events.forEach(e -> {
                    JsonObject detail = e.getJsonObject("detail");
                    if (hidden) {
                        detail.remove("matched");
                    }
                    list.add(new JsonObject().put("at", String.valueOf(e.getOffsetDateTime("at")))
                            .put("type", e.getString("type"))
                            .put("actor", phones ? e.getString("actor") : PhoneRedaction.mask(e.getString("actor")))
                            .put("detail", phones ? detail : PhoneRedaction.mask(detail)));
                });
                ticket.put("events", list);
                return pool.preparedQuery(OFFERS).execute(Tuple.of(id));
            }).compose(offers -> {
                JsonArray list = new JsonArray();
                offers.forEach(o -> list.add(new JsonObject().put("volunteerId", o.getLong("id"))
                        .put("volunteer", o.getString("name")).put("status", o.getString("status"))
                        .put("createdAt", time(o, "created_at")).put("answeredAt", time(o, "answered_at"))));
                ticket.put("offers", list);
                boolean confidentialRead = isConfidential(r) && !hidden;
                return confidentialRead
                        ? OperatorAudit.append(pool, operator.actor(), "ticket.read_confidential", "ticket:" + r.getString("code"),
                        new JsonObject()).map(v -> Reply.ok(ticket))
                        : Future.succeededFuture(Reply.ok(ticket));
            });
        });
    }

    private void recording(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        find(ctx.pathParam("code")).compose(r -> {
            if (isConfidential(r) && !operator.may("confidential")) {
                throw new ApiError(403, "this ticket's category is confidential; the recording also needs the scope 'confidential'");
            }
            String recording = r.getString("recording");
            if (recording == null) {
                throw ApiError.notFound("ticket " + r.getString("code") + " has no recording");
            }
            // The recordings folder may be a network mount: ask without blocking the event loop.
            return ctx.vertx().fileSystem().props(recording)
                    .recover(e -> Future.failedFuture(ApiError.notFound("the recording of ticket " + r.getString("code")
                            + " is not on this node's disk")))
                    .compose(props -> props.isRegularFile()
                            ? OperatorAudit.append(pool, operator.actor(), "ticket.recording", "ticket:" + r.getString("code"),
                                    new JsonObject()).map(recording)
                            : Future.failedFuture(ApiError.notFound("the recording of ticket " + r.getString("code")
                                    + " is not a file")));
        }).onSuccess(file -> ctx.response().putHeader("Content-Type", file.endsWith(".wav") ? "audio/wav" : "application/octet-stream")
                .sendFile(file)).onFailure(e -> ApiAccess.error(ctx, e));
    }

    private Future<Reply> act(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        String actor = ApiAccess.operator(ctx).actor();
        Input in = ApiAccess.body(ctx);
        Future<JsonObject> done = switch (ctx.pathParam("action")) {
            case "reassign" -> {
                in.onlyFields(Set.of("volunteerId", "reason"));
                yield actions.reassign(code, in.requiredInteger("volunteerId", 1, Long.MAX_VALUE), actor,
                        in.requiredText("reason", REASON_MAX));
            }
            case "close" -> {
                in.onlyFields(Set.of("reason", "kind"));
                yield actions.close(code, closeKind(in.text("kind", 20).orElse("solved")), actor, in.requiredText("reason", REASON_MAX));
            }
            case "deadline" -> {
                in.onlyFields(Set.of("dueAt", "reason"));
                yield actions.setDeadline(code, dueAt(in.requiredText("dueAt", 64)), actor, in.requiredText("reason", REASON_MAX));
            }
            case "reopen" -> actions.reopen(code, actor, in.onlyFields(Set.of("reason")).requiredText("reason", REASON_MAX));
            case "rating" -> {
                in.onlyFields(Set.of("done", "satisfaction"));
                boolean isDone = in.bool("done").orElseThrow(() -> ApiError.badRequest("field 'done' is required"));
                OptionalInt satisfaction = in.integer("satisfaction", 1, 5).map(n -> OptionalInt.of(n.intValue()))
                        .orElse(OptionalInt.empty());
                yield rate(code, isDone, satisfaction, actor);
            }
            default -> throw ApiError.notFound("no ticket action '" + ctx.pathParam("action")
                    + "'; one of reassign, deadline, close, reopen, rating");
        };
        return done.map(Reply::ok);
    }

    private static TicketLifecycle.CloseKind closeKind(String kind) {
        try {
            return TicketLifecycle.CloseKind.valueOf(kind.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("field 'kind' must be one of solved, duplicate, withdrawn, unreachable; got '" + kind + "'");
        }
    }

    /** An ISO-8601 time with its offset, e.g. 2026-12-03T17:00+08:00. */
    private static java.time.OffsetDateTime dueAt(String text) {
        try {
            return java.time.OffsetDateTime.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiError.badRequest("field 'dueAt' must be a time with its offset, e.g. 2026-12-03T17:00+08:00; got '" + text + "'");
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
        return find(code).compose(r -> Tx.run(pool, (db, after) -> desk.recordRating(db, after, code, done, satisfaction,
                                TicketLifecycle.RatingChannel.OPERATOR, actor)
                        .compose(v -> OperatorAudit.append(db, actor, "ticket.rate", "ticket:" + code, detail))))
                .compose(v -> find(code))
                .map(r -> detail.put("code", code).put("status", r.getString("status")));
    }

    private Future<Row> find(String code) {
        return pool.preparedQuery(ONE).execute(Tuple.of(code)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiError.notFound("no ticket with code " + code);
            }
            return rows.iterator().next();
        });
    }

    private boolean isConfidential(Row r) {
        return confidential.contains(r.getString("category"));
    }

    private JsonObject ticket(Row r, Operator operator) {
        boolean redacted = isConfidential(r) && !operator.may("confidential");
        return new JsonObject()
                .put("code", r.getString("code"))
                .put("channel", r.getString("channel"))
                .put("kind", r.getString("kind"))
                .put("category", r.getString("category"))
                .put("urgency", r.getString("urgency"))
                .put("status", r.getString("status"))
                .put("text", redacted ? null : r.getString("text"))
                .put("redacted", redacted)
                .put("incomplete", r.getBoolean("incomplete"))
                .put("registered", r.getBoolean("registered"))
                .put("onBehalf", r.getBoolean("on_behalf"))
                .put("hasRecording", r.getString("recording") != null)
                .put("recording", operator.may("recordings") && !redacted ? r.getString("recording") : null)
                .put("resident", r.getString("resident_name"))
                .put("village", r.getString("village"))
                .put("villageGroup", r.getString("village_group"))
                .put("volunteerId", r.getLong("volunteer_id"))
                .put("volunteer", r.getString("volunteer_name"))
                .put("reopenCount", r.getInteger("reopen_count"))
                .put("rating", rating(r))
                .put("createdAt", time(r, "created_at"))
                .put("acceptedAt", time(r, "accepted_at"))
                .put("doneAt", time(r, "done_at"))
                .put("escalatedAt", time(r, "escalated_at"))
                .put("closedAt", time(r, "closed_at"))
                .put("reopenedAt", time(r, "reopened_at"));
    }

    private static JsonObject rating(Row r) {
        return r.getOffsetDateTime("rated_at") == null ? null : new JsonObject().put("done", r.getBoolean("rating_done"))
                .put("satisfaction", r.getInteger("rating_satisfaction")).put("ratedAt", time(r, "rated_at"));
    }

    private static void filter(RoutingContext ctx, String param, Set<String> allowed, String column, List<String> where,
                               List<Object> params) {
        String value = ctx.queryParams().get(param);
        if (value == null) {
            return;
        }
        if (!allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw ApiError.badRequest("unknown " + param + " '" + value + "'; one of " + allowed);
        }
        // Categories and urgencies are stored as enum names, statuses and channels lower-case.
        params.add(column.equals("t.category") || column.equals("t.urgency") ? value.toUpperCase(Locale.ROOT)
                : value.toLowerCase(Locale.ROOT));
        where.add(column + " = $" + params.size());
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    static String time(Row r, String column) {
        return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toString();
    }
}
