package io.qiaoqiao.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/** The read-only ticket API: lists by status, and one ticket with its events and offers. */
public final class TicketRoutes {
    private static final Set<String> STATUSES = Set.of("open", "offered", "escalated", "accepted", "done", "closed");
    private static final int MAX_LIMIT = 500;
    private static final String COLUMNS = """
            t.id, t.code, t.channel, t.kind, t.category, t.urgency, t.status, t.text, t.incomplete, t.registered,
            t.on_behalf, t.created_at, t.accepted_at, t.done_at, t.escalated_at,
            r.name AS resident_name, r.village, r.village_group, v.name AS volunteer_name""";
    private static final String FROM = """
             FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id LEFT JOIN volunteers v ON v.id = t.accepted_by""";
    private static final String LIST_ALL = "SELECT " + COLUMNS + " " + FROM + " ORDER BY t.id DESC LIMIT $1";
    private static final String LIST_BY_STATUS = "SELECT " + COLUMNS + " " + FROM + " WHERE t.status = $2 ORDER BY t.id DESC LIMIT $1";
    private static final String ONE = "SELECT " + COLUMNS + " " + FROM + " WHERE t.code = $1";
    private static final String EVENTS = "SELECT at, type, actor, detail FROM ticket_events WHERE ticket_id = $1 ORDER BY id";
    private static final String OFFERS = """
            SELECT o.status, o.created_at, o.answered_at, v.name FROM offers o JOIN volunteers v ON v.id = o.volunteer_id
            WHERE o.ticket_id = $1 ORDER BY o.id""";

    private final Pool pool;

    public TicketRoutes(Pool pool) {
        this.pool = pool;
    }

    public void mount(Router router) {
        router.get("/api/tickets").handler(this::list);
        router.get("/api/tickets/:code").handler(this::one);
    }

    private void list(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        int limit;
        try {
            limit = Math.min(MAX_LIMIT, Integer.parseInt(ctx.queryParams().contains("limit") ? ctx.queryParams().get("limit") : "100"));
        } catch (NumberFormatException e) {
            Json.error(ctx, 400, "limit must be a whole number");
            return;
        }
        if (status != null && !STATUSES.contains(status)) {
            Json.error(ctx, 400, "unknown status '" + status + "'; one of " + STATUSES);
            return;
        }
        Future<io.vertx.sqlclient.RowSet<Row>> rows = status == null
                ? pool.preparedQuery(LIST_ALL).execute(Tuple.of(limit))
                : pool.preparedQuery(LIST_BY_STATUS).execute(Tuple.of(limit, status));
        rows.onSuccess(rs -> {
            JsonArray out = new JsonArray();
            rs.forEach(r -> out.add(ticket(r)));
            Json.ok(ctx, new JsonObject().put("tickets", out));
        }).onFailure(e -> Json.error(ctx, 503, "database unavailable: " + e.getMessage()));
    }

    private void one(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        pool.preparedQuery(ONE).execute(Tuple.of(code)).compose(rows -> {
            if (rows.size() == 0) {
                Json.error(ctx, 404, "no ticket with code " + code);
                return Future.succeededFuture();
            }
            Row r = rows.iterator().next();
            JsonObject ticket = ticket(r);
            long id = r.getLong("id");
            return pool.preparedQuery(EVENTS).execute(Tuple.of(id)).compose(events -> {
                JsonArray list = new JsonArray();
                events.forEach(e -> list.add(new JsonObject().put("at", String.valueOf(e.getOffsetDateTime("at")))
                        .put("type", e.getString("type")).put("actor", e.getString("actor"))
                        .put("detail", e.getJsonObject("detail"))));
                ticket.put("events", list);
                return pool.preparedQuery(OFFERS).execute(Tuple.of(id));
            }).map(offers -> {
                JsonArray list = new JsonArray();
                offers.forEach(o -> list.add(new JsonObject().put("volunteer", o.getString("name"))
                        .put("status", o.getString("status")).put("createdAt", String.valueOf(o.getOffsetDateTime("created_at")))
                        .put("answeredAt", o.getOffsetDateTime("answered_at") == null ? null : String.valueOf(o.getOffsetDateTime("answered_at")))));
                ticket.put("offers", list);
                Json.ok(ctx, ticket);
                return null;
            });
        }).onFailure(e -> Json.error(ctx, 503, "database unavailable: " + e.getMessage()));
    }

    private static JsonObject ticket(Row r) {
        return new JsonObject()
                .put("code", r.getString("code"))
                .put("channel", r.getString("channel"))
                .put("kind", r.getString("kind"))
                .put("category", r.getString("category"))
                .put("urgency", r.getString("urgency"))
                .put("status", r.getString("status"))
                .put("text", r.getString("text"))
                .put("incomplete", r.getBoolean("incomplete"))
                .put("registered", r.getBoolean("registered"))
                .put("onBehalf", r.getBoolean("on_behalf"))
                .put("resident", r.getString("resident_name"))
                .put("village", r.getString("village"))
                .put("villageGroup", r.getString("village_group"))
                .put("volunteer", r.getString("volunteer_name"))
                .put("createdAt", time(r, "created_at"))
                .put("acceptedAt", time(r, "accepted_at"))
                .put("doneAt", time(r, "done_at"))
                .put("escalatedAt", time(r, "escalated_at"));
    }

    private static String time(Row r, String column) {
        return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toString();
    }
}
