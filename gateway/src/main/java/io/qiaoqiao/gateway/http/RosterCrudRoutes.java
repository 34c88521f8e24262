package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.operator.RosterTable;
import io.qiaoqiao.gateway.operator.RosterTables;
import io.qiaoqiao.gateway.roster.RosterRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Roster CRUD over JSON, one set of routes per table ({@link RosterTables}: residents, family,
 * groups, volunteers, shifts, schedule-exceptions, holidays, duty-phones):
 * {@code GET /api/{t}?<filter>=..&before=&limit=}, {@code GET /api/{t}/{id}},
 * {@code POST /api/{t}}, {@code PATCH /api/{t}/{id}}, {@code DELETE /api/{t}/{id}}. Reads need
 * {@code roster.read}, changes {@code roster.write}. The CSV download and import
 * ({@link RosterRoutes}) need the same scopes.
 */
public final class RosterCrudRoutes {
    private final Pool pool;

    public RosterCrudRoutes(Pool pool) {
        this.pool = pool;
    }

    public void mount(Api api) {
        for (RosterTable table : RosterTables.all()) {
            String base = "/api/" + table.name();
            String schema = table.schemaName();
            api.schema(schema, table.schema());
            api.schema(schema + "Create", table.inputSchema(true));
            api.schema(schema + "Change", table.inputSchema(false));
            api.schema(schema + "Page", new JsonObject().put("type", "object")
                    .put("properties", new JsonObject()
                            .put(table.name(), new JsonObject().put("type", "array").put("items", ApiOperation.ref(schema)))
                            .put("next", ApiOperation.ref("Next")))
                    .put("required", new JsonArray(List.of(table.name(), "next"))));
            ApiOperation list = api.get(base, "roster.read").summary(table.noun() + "：列表（新的在前）").tag("roster").paged();
            for (RosterTable.Field f : table.fields()) {
                if (f.filter()) {
                    list.query(f.json(), "string", "只要" + f.label() + "等于它的");
                }
            }
            list.ok(schema + "Page").answer(ctx -> {
                Page page = Page.of(ctx);
                return table.list(pool, ctx.queryParams()::get, page).map(rows -> Reply.ok(page.answer(ctx, table.name(),
                        rows.stream().map(JsonObject.class::cast).toList(), r -> r.getLong("id"))));
            });
            api.get(base + "/{id}", "roster.read").summary(table.noun() + "：一条").tag("roster").ok(schema).problems(404)
                    .answer(ctx -> table.get(pool, ApiAccess.pathId(ctx, "id")).map(Reply::ok));
            api.post(base, "roster.write").summary(table.noun() + "：新增（审计）").tag("roster").body(schema + "Create")
                    .created(schema).problems(409)
                    .answer(ctx -> table.create(pool, ApiAccess.body(ctx), actor(ctx)).onSuccess(v -> changed(ctx, table))
                            .map(Reply::created));
            api.patch(base + "/{id}", "roster.write").summary(table.noun() + "：修改给出的字段（审计）").tag("roster")
                    .body(schema + "Change").ok(schema).problems(404, 409)
                    .answer(ctx -> table.update(pool, ApiAccess.pathId(ctx, "id"), ApiAccess.body(ctx), actor(ctx))
                            .onSuccess(v -> changed(ctx, table)).map(Reply::ok));
            api.delete(base + "/{id}", "roster.write").summary(table.noun() + "：删除（审计）").tag("roster").ok("Deleted")
                    .problems(404, 409)
                    .answer(ctx -> table.delete(pool, ApiAccess.pathId(ctx, "id"), actor(ctx))
                            .onSuccess(v -> changed(ctx, table)).map(Reply::ok));
        }
    }

    private static void changed(RoutingContext ctx, RosterTable table) {
        ctx.vertx().eventBus().publish(RosterRoutes.CHANGED_ADDRESS, new JsonObject().put(table.name(), 1));
    }

    private static String actor(RoutingContext ctx) {
        return ApiAccess.operator(ctx).actor();
    }
}
