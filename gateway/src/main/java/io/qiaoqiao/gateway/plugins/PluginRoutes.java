package io.qiaoqiao.gateway.plugins;

import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Problem;

import io.qiaoqiao.gateway.http.Json;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/plugins}: what is in use (plugins, rules with weights, escalation policy,
 * locale, problems). {@code POST /api/plugins/reload}: re-read the configuration and the plugin
 * directory; 200 with the new set, or 422 with the reason and the running set unchanged.
 */
public final class PluginRoutes {
    private final Vertx vertx;
    private final PluginRegistry registry;

    public PluginRoutes(Vertx vertx, PluginRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    /** Mounted inside the operator API, after its token guard: reading needs plugins.read, reloading plugins.write. */
    public void mount(Api api) {
        api.get("/api/plugins", "plugins.read").summary("在用的插件、规则和权重").tag("plugins").ok("Plugins")
                .handler(ctx -> Json.ok(ctx, describe(registry.current())));
        api.post("/api/plugins/reload", "plugins.write").summary("重新读取配置和插件目录").tag("plugins").ok("PluginReload")
                .problems(422).handler(this::reload);
    }

    private void reload(RoutingContext ctx) {
        // Reading files and loading classes blocks: the registry does it on a thread of its own.
        io.vertx.core.Future.fromCompletionStage(registry.requestReload(), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                ApiAccess.error(ctx, ar.cause());
                return;
            }
            PluginRegistry.Reload r = ar.result();
            if (!r.applied()) {
                Json.fail(ctx, new ApiError(Problem.PLUGIN_RELOAD_REFUSED, "新的配置或插件有问题，没有换上：" + r.message(), r.message())
                        .with("applied", false).with("message", r.message()).with("running", describe(r.running())));
                return;
            }
            Json.send(ctx, 200, new JsonObject().put("applied", true)
                    .put("message", r.message()).put("running", describe(r.running())));
        });
    }

    static JsonObject describe(PluginSet set) {
        JsonArray plugins = new JsonArray();
        set.plugins().forEach(p -> plugins.add(new JsonObject().put("id", p.id()).put("source", p.source())
                .put("builtin", p.builtin()).put("class", p.plugin().getClass().getName())));
        JsonArray rules = new JsonArray();
        set.engine().rules().forEach(r -> rules.add(new JsonObject().put("id", r.id()).put("plugin", r.pluginId())
                .put("weight", set.engine().weight(r.id()))));
        JsonArray problems = new JsonArray();
        set.problems().forEach(p -> problems.add(new JsonObject().put("source", p.source()).put("kind", p.kind())
                .put("message", p.message())));
        return new JsonObject().put("plugins", plugins).put("rules", rules).put("escalation", set.escalation().id())
                .put("locale", set.locale().toLanguageTag()).put("problems", problems)
                .put("loadedAt", set.loadedAt().toString());
    }
}
