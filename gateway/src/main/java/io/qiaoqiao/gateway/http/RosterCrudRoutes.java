package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.operator.RosterTable;
import io.qiaoqiao.gateway.operator.RosterTables;
import io.qiaoqiao.gateway.roster.RosterRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * Roster CRUD over JSON, one set of routes per table ({@code residents}, {@code family},
 * {@code groups}, {@code volunteers}): {@code GET /api/{t}?filter=..&limit=&offset=},
 * {@code GET /api/{t}/{id}}, {@code POST /api/{t}}, {@code PATCH /api/{t}/{id}},
 * {@code DELETE /api/{t}/{id}}. Reads need {@code roster.read}, changes {@code roster.write}.
 * The CSV import and export ({@link RosterRoutes}) need the same scopes.
 */
public final class RosterCrudRoutes {
    private final Pool pool;
    private final ApiAccess access;

    public RosterCrudRoutes(Pool pool, ApiAccess access) {
        this.pool = pool;
        this.access = access;
    }

    public void mount(Router router) {
        for (RosterTable table : RosterTables.all()) {
            String base = "/api/" + table.name();
            router.get(base).handler(access.require("roster.read")).handler(ApiAccess.answer(ctx -> table.list(pool,
                            ctx.queryParams()::get, ApiAccess.queryInt(ctx, "limit", 100, 1, 500),
                            ApiAccess.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE))
                    .map(rows -> Reply.ok(new JsonObject().put(table.name(), rows)))));
            router.get(base + "/:id").handler(access.require("roster.read"))
                    .handler(ApiAccess.answer(ctx -> table.get(pool, ApiAccess.pathId(ctx, "id")).map(Reply::ok)));
            router.post(base).handler(ApiAccess.jsonBody()).handler(access.require("roster.write"))
                    .handler(ApiAccess.answer(ctx -> table.create(pool, ApiAccess.body(ctx), actor(ctx))
                            .onSuccess(v -> changed(ctx, table)).map(Reply::created)));
            router.patch(base + "/:id").handler(ApiAccess.jsonBody()).handler(access.require("roster.write"))
                    .handler(ApiAccess.answer(ctx -> table.update(pool, ApiAccess.pathId(ctx, "id"), ApiAccess.body(ctx), actor(ctx))
                            .onSuccess(v -> changed(ctx, table)).map(Reply::ok)));
            router.delete(base + "/:id").handler(access.require("roster.write"))
                    .handler(ApiAccess.answer(ctx -> table.delete(pool, ApiAccess.pathId(ctx, "id"), actor(ctx))
                            .onSuccess(v -> changed(ctx, table)).map(Reply::ok)));
        }
    }

    private static void changed(RoutingContext ctx, RosterTable table) {
        ctx.vertx().eventBus().publish(RosterRoutes.CHANGED_ADDRESS, new JsonObject().put(table.name(), 1));
    }

    private static String actor(RoutingContext ctx) {
        return ApiAccess.operator(ctx).actor();
    }
}
