package io.qiaoqiao.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers, and errors as RFC 9457 problem documents ({@code application/problem+json}). */
public final class Json {
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    private Json() {
    }

    public static void ok(RoutingContext ctx, JsonObject body) {
        send(ctx, 200, body);
    }

    public static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encodePrettily());
    }

    /**
     * The problem document of {@code error}: {@code type}, {@code title}, {@code status},
     * {@code detail} (Chinese), {@code detail-en}, {@code instance} (the path asked for),
     * {@code requestId}, then the error's own members.
     */
    public static JsonObject problem(RoutingContext ctx, ApiError error) {
        Problem p = error.problem();
        JsonObject body = new JsonObject().put("type", p.type()).put("title", p.title()).put("status", p.status())
                .put("detail", error.detail()).put("detail-en", error.getMessage())
                .put("instance", ctx.request().path()).put("requestId", RequestIds.of(ctx));
        error.members().forEach(member -> body.put(member.getKey(), member.getValue()));
        return body;
    }

    /** Answers with the problem document of {@code error}. */
    public static void fail(RoutingContext ctx, ApiError error) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(error.status()).putHeader("content-type", PROBLEM_JSON)
                .end(problem(ctx, error).encodePrettily());
    }
}
