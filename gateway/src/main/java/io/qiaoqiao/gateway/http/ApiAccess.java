package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards {@code /api/*}. A caller is either a script with a bearer token ({@code api.tokens})
 * or a person signed in at the desk, whose browser sends the session cookie; a signed-in page
 * must also send its session's CSRF token in {@code X-CSRF-Token} with every change (a cookie
 * alone, which another site can make a browser send, changes nothing). Each route names the
 * scope it needs (403 without it); bodies are read before the guard and limited in size (413);
 * every refusal and failure is answered as a problem document ({@link Json#fail}) that never
 * carries a database's own words.
 */
public final class ApiAccess {
    private static final Logger log = LoggerFactory.getLogger(ApiAccess.class);
    /** Operator requests are small JSON documents; CSV imports have their own, larger limit. */
    public static final long JSON_BODY_LIMIT = 64 * 1024;
    /** 5 MB holds about 50,000 resident rows. */
    public static final long IMPORT_BODY_LIMIT = 5L * 1024 * 1024;
    public static final String IMPORT_PATH = "/api/roster/import";
    public static final String SESSION_COOKIE = "qiaoqiao_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String OPERATOR = "qiaoqiao.operator";
    private static final String VIA_SESSION = "qiaoqiao.session";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** A desk session found by its cookie: who is signed in, the CSRF token of the session, its id. */
    public record SignedIn(Operator operator, String csrfToken, String sessionId) {
    }

    /** Finds the live session a cookie names, if there is one (and notes that it was used). */
    @FunctionalInterface
    public interface SessionLookup {
        Future<Optional<SignedIn>> find(String cookieValue);

        /** Whether the session is still live, without counting the question as a use (a long-lived stream asks it). */
        default Future<Boolean> alive(String sessionId) {
            return Future.succeededFuture(false);
        }

        SessionLookup NONE = cookie -> Future.succeededFuture(Optional.empty());
    }

    private final ApiTokens tokens;
    private final GatewayMetrics metrics;
    private final SessionLookup sessions;
    /** Uploads whose bodies may be larger than a JSON document, by path. */
    private final Map<String, Long> largerBodies = new LinkedHashMap<>(Map.of(IMPORT_PATH, IMPORT_BODY_LIMIT));

    public ApiAccess(ApiTokens tokens, GatewayMetrics metrics, SessionLookup sessions) {
        this.tokens = tokens;
        this.metrics = metrics;
        this.sessions = sessions;
    }

    public ApiAccess(ApiTokens tokens, GatewayMetrics metrics) {
        this(tokens, metrics, SessionLookup.NONE);
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

    /**
     * Mount before the routes that need no caller (signing in, the OpenAPI document): reads every
     * {@code /api} body, within its limit, before anything asynchronous runs (Vert.x drops body
     * bytes that arrive while an asynchronous handler runs before the body handler).
     */
    public void bodies(Router router) {
        largerBodies.forEach((path, limit) -> router.route(path).handler(BodyHandler.create(false).setBodyLimit(limit)));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT));
    }

    /** Lets the body sent to {@code path} (an upload) be up to {@code limit} bytes; call before {@link #bodies}. */
    public void allowLargerBody(String path, long limit) {
        largerBodies.put(path, limit);
    }

    /** Mount after {@link #bodies} and the open routes: authenticates every other {@code /api} request. */
    public void guard(Router router) {
        router.route("/api/*").handler(this::authenticate);
    }

    /** Mount last: problem documents for unknown API paths and for failures no route answered. */
    public void fallbacks(Router router) {
        router.route("/api/*").handler(ctx -> Json.fail(ctx, new ApiError(Problem.NO_SUCH_ENDPOINT,
                "没有这个接口：" + ctx.request().method() + " " + ctx.request().path(),
                "no API endpoint " + ctx.request().method() + " " + ctx.request().path())));
        router.route("/api/*").failureHandler(this::failed);
    }

    private void authenticate(RoutingContext ctx) {
        if (!urlEncoded(ctx)) {
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header != null) {
            bearer(ctx, header);
            return;
        }
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        if (cookie != null && !cookie.getValue().isEmpty()) {
            session(ctx, cookie.getValue());
            return;
        }
        metrics.apiRefused("missing_token");
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"qiaoqiao\"");
        Json.fail(ctx, tokens.isEmpty()
                ? new ApiError(Problem.NOT_SIGNED_IN, "请先登录工作站", "sign in at the desk, or send a bearer token"
                        + " (no api.tokens are configured on this gateway)")
                : new ApiError(Problem.NOT_SIGNED_IN, "请先登录工作站，或带上令牌",
                        "missing bearer token: send 'Authorization: Bearer <token>', or sign in at the desk"));
    }

    private void bearer(RoutingContext ctx, String header) {
        var operator = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(header.substring(7).strip()) : Optional.<Operator>empty();
        if (operator.isEmpty()) {
            metrics.apiRefused("bad_token");
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"qiaoqiao\", error=\"invalid_token\"");
            Json.fail(ctx, new ApiError(Problem.INVALID_TOKEN, "令牌无效", "the bearer token is not valid"));
            return;
        }
        ctx.put(OPERATOR, operator.get());
        ctx.next();
    }

    private void session(RoutingContext ctx, String cookie) {
        sessions.find(cookie).onComplete(found -> {
            if (found.failed()) {
                error(ctx, found.cause());
                return;
            }
            if (found.result().isEmpty()) {
                metrics.apiRefused("session_expired");
                Json.fail(ctx, new ApiError(Problem.SESSION_EXPIRED, "登录已失效（超时或已退出），请重新登录",
                        "the session has expired or ended; sign in again"));
                return;
            }
            SignedIn signedIn = found.result().get();
            if (!SAFE.contains(ctx.request().method()) && !sameToken(ctx.request().getHeader(CSRF_HEADER), signedIn.csrfToken())) {
                metrics.apiRefused("csrf");
                Json.fail(ctx, new ApiError(Problem.CSRF_TOKEN_INVALID, "页面令牌不对：请刷新页面后再试",
                        "a change made with the session cookie needs the session's " + CSRF_HEADER + " header"));
                return;
            }
            ctx.put(OPERATOR, signedIn.operator());
            ctx.put(VIA_SESSION, signedIn);
            ctx.next();
        });
    }

    private static boolean sameToken(String presented, String expected) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
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
            Json.fail(ctx, new ApiError(Problem.INVALID_QUERY, "查询参数的编码不对：每个 % 后面要跟两位十六进制数",
                    "the query string is not URL-encoded: every '%' must begin a two-digit hex escape of UTF-8"));
            return false;
        }
    }

    /** A handler that lets the request through only when the operator holds {@code scope}. */
    public Handler<RoutingContext> require(String scope) {
        if (scope.equals(ApiTokens.SIGNED_IN)) {
            return RoutingContext::next;
        }
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
            Json.fail(ctx, new ApiError(Problem.SCOPE_MISSING, "“" + operator.name() + "”没有这项权限（需要 " + scope + "）",
                    "operator '" + operator.name() + "' lacks the scope '" + scope + "' this request needs").with("scope", scope));
        };
    }

    public static Operator operator(RoutingContext ctx) {
        Operator operator = ctx.get(OPERATOR);
        if (operator == null) {
            throw new IllegalStateException("route mounted outside the API guard");
        }
        return operator;
    }

    public SessionLookup sessions() {
        return sessions;
    }

    /** The desk session the request came with, when it came with one rather than a token. */
    public static Optional<SignedIn> session(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(VIA_SESSION));
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

    /** Bodies are read for every API route before the guard ({@link #bodies}); kept for routes that say so. */
    public static Handler<RoutingContext> jsonBody() {
        return BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
    }

    /** The request body as a JSON object, or a 400 that says what is wrong with it. */
    public static Input body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new ApiError(Problem.INVALID_JSON, "请求需要一个 JSON 对象", "the request needs a JSON object body");
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(text);
            if (parsed instanceof JsonObject object) {
                return new Input(object);
            }
        } catch (DecodeException e) {
            throw new ApiError(Problem.INVALID_JSON, "请求内容不是有效的 JSON",
                    "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        throw new ApiError(Problem.INVALID_JSON, "请求内容必须是一个 JSON 对象（{...}）", "the body must be a JSON object ({...})");
    }

    /** A numeric id from the path, or a 400 naming the parameter. */
    public static long pathId(RoutingContext ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new ApiError(Problem.INVALID_PATH, "路径中的 " + name + " 必须是整数，现在是“" + ctx.pathParam(name) + "”",
                    "the " + name + " in the path must be a whole number, got '" + ctx.pathParam(name) + "'").with("parameter", name);
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
        throw ApiError.query(name, "查询参数 " + name + " 必须是 " + min + " 到 " + max + " 之间的整数",
                "query parameter " + name + " must be a whole number between " + min + " and " + max);
    }

    /** Runs an API action and answers with its reply or its error. */
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

    /**
     * Answers a failure: an {@link ApiError} as it says; a database's refusal (a duplicate, a
     * missing or still-used reference, a value out of range) in the console's words, never the
     * database's own (which name columns and echo the values, phones included); anything else as
     * a 500 whose details go to the log, with the request id.
     */
    public static void error(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiError api) {
            Json.fail(ctx, api);
        } else if (e instanceof PgException pg && DatabaseRefusals.known(pg)) {
            Json.fail(ctx, DatabaseRefusals.toError(pg, ctx.request().method() == HttpMethod.DELETE));
        } else if (e instanceof HttpClosedException) {
            // The client went away before its request was whole (a body shorter than its Content-Length): nobody to answer.
            log.info("API request {} {} abandoned by the client: connection closed", ctx.request().method(), ctx.request().path());
        } else if (e instanceof HttpException http && http.getStatusCode() < 500) {
            Json.fail(ctx, http.getCause() instanceof IllegalArgumentException
                    ? new ApiError(Problem.INVALID_QUERY, "查询参数的编码不对：每个 % 后面要跟两位十六进制数",
                            "the query string is not URL-encoded: every '%' must begin a two-digit hex escape of UTF-8")
                    : new ApiError(Problem.BAD_REQUEST, "请求有误（HTTP " + http.getStatusCode() + "）",
                            "bad request (HTTP " + http.getStatusCode() + ")"));
        } else if (io.qiaoqiao.gateway.store.DatabaseAway.is(e)) {
            // PostgreSQL restarting, a connection cut, the pool's wait over: nothing is wrong with the request, and
            // nothing was done; the desk tries again. Logged once per interval, not once per request.
            databaseAwayLog.warn("API requests answered 503: the database cannot be reached (" + e + ")");
            retryLater(ctx, new ApiError(Problem.DATABASE_UNAVAILABLE, "数据库暂时连不上，请几秒钟后再试；这次什么都没有改",
                    "the database cannot be reached right now; nothing was changed; try again in a few seconds"));
        } else if (e instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
            // Class 22, data exception: a value from the request the database cannot hold or compare.
            log.info("API request {} {} refused: data exception {}", ctx.request().method(), ctx.request().path(), pg.getSqlState());
            Json.fail(ctx, unstorable(pg.getSqlState()));
        } else {
            try (LogContext scope = LogContext.request(RequestIds.of(ctx))) {
                log.error("API request {} {} failed", ctx.request().method(), ctx.request().path(), e);
            }
            Json.fail(ctx, new ApiError(Problem.INTERNAL_ERROR, "网关内部出错，请把请求编号 " + RequestIds.of(ctx) + " 告诉管理员",
                    "the request failed inside the gateway; the log has the details under request " + RequestIds.of(ctx)));
        }
    }

    /** A 503 problem the caller may try again after a few seconds: the database is away or not answering. */
    static void retryLater(RoutingContext ctx, ApiError error) {
        ctx.response().putHeader("Retry-After", "5");
        Json.fail(ctx, error);
    }

    private static final io.qiaoqiao.gateway.logging.ThrottledLog databaseAwayLog =
            new io.qiaoqiao.gateway.logging.ThrottledLog(log, java.time.Duration.ofSeconds(10));

    /** What is wrong with a value PostgreSQL refused, in words (SQLSTATE class 22). */
    private static ApiError unstorable(String sqlState) {
        return switch (sqlState) {
            case "22021" -> new ApiError(Problem.INVALID_FIELD, "请求里有文字含空字符（\\u0000）或不是 UTF-8",
                    "a text in the request holds a NUL character (\\u0000) or is not UTF-8");
            case "22P05" -> new ApiError(Problem.INVALID_FIELD, "请求里有文字含不成对的代理字符（如 \\ud800）",
                    "a text in the request holds an unpaired surrogate (such as \\ud800), which is not a character");
            case "22003" -> new ApiError(Problem.INVALID_FIELD, "请求里有数字超出范围", "a number in the request is out of range");
            case "22007", "22008" -> new ApiError(Problem.INVALID_FIELD, "请求里的日期或时间不对", "a date or time in the request is not valid");
            case "22001" -> new ApiError(Problem.INVALID_FIELD, "请求里有文字超过了字段允许的长度",
                    "a text in the request is longer than its field allows");
            default -> new ApiError(Problem.INVALID_FIELD, "请求里有数值不符合字段的要求",
                    "a value in the request is not valid for its field (SQLSTATE " + sqlState + ")");
        };
    }

    private void failed(RoutingContext ctx) {
        if (ctx.failure() != null) {
            error(ctx, ctx.failure());
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            boolean importing = ctx.request().path().equals(IMPORT_PATH);
            long bytes = largerBodies.getOrDefault(ctx.request().path(), JSON_BODY_LIMIT);
            boolean megabytes = bytes >= 1024 * 1024;
            long limit = megabytes ? bytes / (1024 * 1024) : bytes / 1024;
            String unit = megabytes ? " MB" : " KB";
            Json.fail(ctx, new ApiError(Problem.BODY_TOO_LARGE, "请求内容超过了 " + limit + unit + (importing ? "，请把文件分成几份" : ""),
                    "the request body is larger than the " + limit + unit + " this endpoint accepts"));
        } else if (status >= 400 && status < 500) {
            Json.fail(ctx, new ApiError(Problem.BAD_REQUEST, "请求有误（HTTP " + status + "）", "bad request (HTTP " + status + ")"));
        } else {
            error(ctx, new IllegalStateException("HTTP " + status + " without a cause"));
        }
    }
}
