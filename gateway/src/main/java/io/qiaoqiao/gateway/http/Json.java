package io.qiaoqiao.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON responses, with errors always shaped {"error": "..."}. */
public final class Json {
    private Json() {
    }

    public static void ok(RoutingContext ctx, JsonObject body) {
        send(ctx, 200, body);
    }

    public static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("error", message));
    }

    public static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encodePrettily());
    }
}
