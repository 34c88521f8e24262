package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/audit}: the operator audit trail, newest first, filtered by operator, action or target. */
public final class AuditRoutes {
    private static final String PAGE = """
            SELECT id, at, operator, action, target, detail FROM operator_audit
            WHERE ($1::text IS NULL OR operator = $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR target = $3)
              AND id < $4 ORDER BY id DESC LIMIT $5""";

    private final Pool pool;

    public AuditRoutes(Pool pool) {
        this.pool = pool;
    }

    public void mount(Api api) {
        api.get("/api/audit", "audit.read").summary("工作人员操作记录（新的在前）").tag("audit")
                .query("operator", "string", "谁，如 operator:张站长").query("action", "string", "做了什么，如 ticket.close")
                .query("target", "string", "对什么，如 ticket:1001").paged().ok("AuditPage").answer(this::page);
    }

    private Future<Reply> page(RoutingContext ctx) {
        Page page = Page.of(ctx);
        var q = ctx.queryParams();
        return pool.preparedQuery(PAGE).execute(Tuple.of(q.get("operator"), q.get("action"), q.get("target"), page.before(), page.fetch()))
                .map(rows -> {
                    List<JsonObject> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("at", TicketViews.time(r, "at"))
                            .put("operator", r.getString("operator")).put("action", r.getString("action"))
                            .put("target", r.getString("target")).put("detail", r.getJsonObject("detail"))));
                    return Reply.ok(page.answer(ctx, "audit", out, a -> a.getLong("id")));
                });
    }
}
