package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards {@code /api/*}: a bearer token is required (401 without one or with a wrong one), each
 * route names the scope it needs (403 without it), JSON bodies are limited in size (413) and
 * parsed with a clear 400 when malformed, and every failure is answered as {@code {"error": ...}}.
 * {@code /health} and {@code /metrics} are outside {@code /api} and stay open.
 */
public final class ApiAccess {
    private static final Logger log = LoggerFactory.getLogger(ApiAccess.class);
    /** Operator requests are small JSON documents; CSV imports have their own, larger limit. */
    public static final long JSON_BODY_LIMIT = 64 * 1024;
    private static final String OPERATOR = "qiaoqiao.operator";

    private final ApiTokens tokens;
    private final GatewayMetrics metrics;

    public ApiAccess(ApiTokens tokens, GatewayMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
    }

    /** The status and body of a successful API call. */
    public record Reply(int status, JsonObject body) {
        public static Reply ok(JsonObject body) {
            return new Reply(200, body);
        }

        public static Reply created(JsonObject body) {
            return new Reply(201, body);
        }
    }

    /** Mount first: authenticates every {@code /api} request. */
    public void guard(Router router) {
        router.route("/api/*").handler(this::authenticate);
    }

    /** Mount last: JSON for unknown API paths and for failures no route answered. */
    public void fallbacks(Router router) {
        router.route("/api/*").handler(ctx -> Json.error(ctx, 404, "no API endpoint " + ctx.request().method() + " "
                + ctx.request().path()));
        router.route("/api/*").failureHandler(ApiAccess::failed);
    }

    private void authenticate(RoutingContext ctx) {
        if (!urlEncoded(ctx)) {
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            metrics.apiRefused("missing_token");
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"qiaoqiao\"");
            Json.error(ctx, 401, tokens.isEmpty()
                    ? "the operator API is closed: no api.tokens are configured on this gateway"
                    : "missing bearer token: send 'Authorization: Bearer <token>'");
            return;
        }
        var operator = tokens.authenticate(header.substring(7).strip());
        if (operator.isEmpty()) {
            metrics.apiRefused("bad_token");
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"qiaoqiao\", error=\"invalid_token\"");
            Json.error(ctx, 401, "the bearer token is not valid");
            return;
        }
        ctx.put(OPERATOR, operator.get());
        ctx.next();
    }

    /**
     * A query string whose {@code %} escapes do not decode is refused here with a 400: routing a
     * path with parameters decodes the query too, and a failure there would be the router's 500.
     * The message never repeats the query (it may hold a phone number).
     */
    private static boolean urlEncoded(RoutingContext ctx) {
        try {
            ctx.request().params();
            return true;
        } catch (IllegalArgumentException e) {
            Json.error(ctx, 400, "the query string is not URL-encoded: every '%' must begin a two-digit hex escape of UTF-8");
            return false;
        }
    }

    /** A handler that lets the request through only when the operator holds {@code scope}. */
    public Handler<RoutingContext> require(String scope) {
        if (!ApiTokens.SCOPES.contains(scope)) {
            throw new IllegalArgumentException("unknown scope " + scope);
        }
        return ctx -> {
            Operator operator = operator(ctx);
            if (operator.may(scope)) {
                ctx.next();
                return;
            }
            metrics.apiRefused("forbidden");
            Json.error(ctx, 403, "operator '" + operator.name() + "' lacks the scope '" + scope + "' this request needs");
        };
    }

    public static Operator operator(RoutingContext ctx) {
        Operator operator = ctx.get(OPERATOR);
        if (operator == null) {
            throw new IllegalStateException("route mounted outside the API guard");
        }
        return operator;
    }

    /**
     * A handler that records who attempted {@code action} (operator audit), then passes the
     * request on. Asynchronous: mount it after any body handler of the route.
     */
    public static Handler<RoutingContext> audited(SqlClient db, String action, String target,
                                                  Function<RoutingContext, JsonObject> detail) {
        return ctx -> OperatorAudit.append(db, operator(ctx).actor(), action, target, detail.apply(ctx))
                .onSuccess(v -> ctx.next())
                .onFailure(e -> error(ctx, e));
    }

    /** Reads request bodies up to {@link #JSON_BODY_LIMIT}; a larger one ends in 413. */
    public static Handler<RoutingContext> jsonBody() {
        return BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
    }

    /** The request body as a JSON object, or a 400 that says what is wrong with it. */
    public static Input body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("the request needs a JSON object body");
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(text);
            if (parsed instanceof JsonObject object) {
                return new Input(object);
            }
        } catch (DecodeException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        throw ApiError.badRequest("the body must be a JSON object ({...})");
    }

    /** A numeric id from the path, or a 400 naming the parameter. */
    public static long pathId(RoutingContext ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("the " + name + " in the path must be a whole number, got '" + ctx.pathParam(name) + "'");
        }
    }

    /** A whole-number query parameter within bounds, or its default when absent. */
    public static int queryInt(RoutingContext ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("query parameter " + name + " must be a whole number between " + min + " and " + max);
    }

    /** Runs an API action and answers with its reply or its error as JSON. */
    public static Handler<RoutingContext> answer(Function<RoutingContext, Future<Reply>> action) {
        return ctx -> {
            Future<Reply> reply;
            try {
                reply = action.apply(ctx);
            } catch (RuntimeException e) {
                reply = Future.failedFuture(e);
            }
            reply.onSuccess(r -> Json.send(ctx, r.status(), r.body())).onFailure(e -> error(ctx, e));
        };
    }

    static void error(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiError api) {
            Json.error(ctx, api.status(), api.getMessage());
        } else if (e instanceof HttpClosedException) {
            // The client went away before its request was whole (a body shorter than its Content-Length): nobody to answer.
            log.info("API request {} {} abandoned by the client: connection closed", ctx.request().method(), ctx.request().path());
        } else if (e instanceof HttpException http && http.getStatusCode() < 500) {
            Json.error(ctx, http.getStatusCode(), http.getCause() instanceof IllegalArgumentException
                    ? "the query string is not URL-encoded: every '%' must begin a two-digit hex escape of UTF-8"
                    : "bad request (HTTP " + http.getStatusCode() + ")");
        } else if (e instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
            // Class 22, data exception: a value from the request the database cannot hold or compare.
            log.info("API request {} {} refused: data exception {}", ctx.request().method(), ctx.request().path(), pg.getSqlState());
            Json.error(ctx, 400, unstorable(pg.getSqlState()));
        } else if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            // PostgreSQL's detail repeats the row's values (a resident's phone): it stays out of the answer and the log.
            log.info("API request {} {} refused: unique constraint {}", ctx.request().method(), ctx.request().path(),
                    pg.getConstraint());
            Json.error(ctx, 409, "already exists: it repeats a value that must be unique (" + constraint(pg) + ")");
        } else if (e instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            log.info("API request {} {} refused: foreign key {}", ctx.request().method(), ctx.request().path(),
                    pg.getConstraint());
            Json.error(ctx, 409, "still referenced or referring to something missing (" + constraint(pg) + ")");
        } else {
            log.error("API request {} {} failed", ctx.request().method(), ctx.request().path(), e);
            Json.error(ctx, 500, "the request failed inside the gateway; the log has the details");
        }
    }

    /** What is wrong with a value PostgreSQL refused, in words (SQLSTATE class 22). */
    private static String unstorable(String sqlState) {
        return switch (sqlState) {
            case "22021" -> "a text in the request holds a NUL character (\\u0000) or is not UTF-8";
            case "22P05" -> "a text in the request holds an unpaired surrogate (such as \\ud800), which is not a character";
            case "22003" -> "a number in the request is out of range";
            case "22007", "22008" -> "a date or time in the request is not valid";
            case "22001" -> "a text in the request is longer than its field allows";
            default -> "a value in the request is not valid for its field (SQLSTATE " + sqlState + ")";
        };
    }

    /** The constraint's name: the schema's words, never a row's value. */
    private static String constraint(PgException pg) {
        return pg.getConstraint() == null ? "a constraint of the schema" : pg.getConstraint();
    }

    private static void failed(RoutingContext ctx) {
        if (ctx.failure() != null) {
            error(ctx, ctx.failure());
            return;
        }
        int status = ctx.statusCode();
        Json.error(ctx, status, switch (status) {
            case 413 -> "the request body is larger than the " + JSON_BODY_LIMIT / 1024 + " KB this endpoint accepts";
            case 400 -> "bad request";
            default -> "request failed (HTTP " + status + ")";
        });
    }
}
