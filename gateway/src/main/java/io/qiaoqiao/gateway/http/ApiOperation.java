package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code /api} operation as it is declared once: mounted on the router behind the scope
 * it names and described, with the same scope, in the OpenAPI document
 * ({@link OpenApiDocument}). Paths are written the OpenAPI way, {@code /api/tickets/{code}}.
 */
public final class ApiOperation {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");

    /** A query or path parameter. */
    public record Param(String in, String name, JsonObject schema, String description, boolean required) {
    }

    /** A documented answer: status, what it is, its media type and schema (null: no body). */
    public record Response(String status, String description, String mediaType, JsonObject schema) {
    }

    private final Router router;
    private final ApiAccess access;
    private final HttpMethod method;
    private final String path;
    private final Optional<String> scope;
    private final List<Param> params = new ArrayList<>();
    private final Map<String, Response> responses = new LinkedHashMap<>();
    private final List<Integer> problems = new ArrayList<>();
    private String summary = "";
    private String description = "";
    private String tag = "";
    private Response requestBody;
    private boolean mounted;

    ApiOperation(Router router, ApiAccess access, HttpMethod method, String path, Optional<String> scope) {
        this.router = router;
        this.access = access;
        this.method = method;
        this.path = path;
        this.scope = scope;
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            String name = m.group(1);
            boolean numeric = name.equals("id") || name.endsWith("Id");
            params.add(new Param("path", name, new JsonObject().put("type", numeric ? "integer" : "string"), "", true));
        }
    }

    public HttpMethod method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The scope the operation needs; empty for the few that need no caller (signing in). */
    public Optional<String> scope() {
        return scope;
    }

    public String summary() {
        return summary;
    }

    public String description() {
        return description;
    }

    public String tag() {
        return tag;
    }

    public List<Param> params() {
        return List.copyOf(params);
    }

    public Map<String, Response> responses() {
        return Map.copyOf(responses);
    }

    public Optional<Response> requestBody() {
        return Optional.ofNullable(requestBody);
    }

    public List<Integer> problems() {
        return List.copyOf(problems);
    }

    /** The path as Vert.x routes it: {@code /api/tickets/:code}. */
    public String routerPath() {
        return PARAM.matcher(path).replaceAll(":$1");
    }

    public ApiOperation summary(String text) {
        this.summary = text;
        return this;
    }

    public ApiOperation description(String text) {
        this.description = text;
        return this;
    }

    public ApiOperation tag(String name) {
        this.tag = name;
        return this;
    }

    public ApiOperation query(String name, String type, String text) {
        return query(name, new JsonObject().put("type", type), text);
    }

    public ApiOperation query(String name, JsonObject schema, String text) {
        params.add(new Param("query", name, schema, text, false));
        return this;
    }

    /** A query parameter with a closed set of values. */
    public ApiOperation queryOneOf(String name, List<String> values, String text) {
        return query(name, new JsonObject().put("type", "string").put("enum", new JsonArray(values)), text);
    }

    /** {@code before} and {@code limit}: a cursor-paginated list ({@link Page}). */
    public ApiOperation paged() {
        query("before", new JsonObject().put("type", "integer").put("minimum", 1), "只要编号小于它的（上一页 next 里的值）");
        return query("limit", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", Page.MAX_LIMIT)
                .put("default", Page.DEFAULT_LIMIT), "每页最多几条");
    }

    /** A JSON request body of the named schema. */
    public ApiOperation body(String schema) {
        this.requestBody = new Response("", "", "application/json", ref(schema));
        return this;
    }

    /** A request body of another media type (CSV). */
    public ApiOperation body(String mediaType, JsonObject schema) {
        this.requestBody = new Response("", "", mediaType, schema);
        return this;
    }

    /** 200 with a JSON body of the named schema. */
    public ApiOperation ok(String schema) {
        return returns("200", "成功", "application/json", ref(schema));
    }

    /** 201 with a JSON body of the named schema. */
    public ApiOperation created(String schema) {
        return returns("201", "已创建", "application/json", ref(schema));
    }

    public ApiOperation returns(String status, String text, String mediaType, JsonObject schema) {
        responses.put(status, new Response(status, text, mediaType, schema));
        return this;
    }

    /** Statuses of problem documents this operation answers with besides the guard's 401 and 403. */
    public ApiOperation problems(Integer... statuses) {
        problems.addAll(List.of(statuses));
        return this;
    }

    /** Mounts the operation: its scope first, then {@code handlers}. */
    @SafeVarargs
    public final void handler(Handler<RoutingContext>... handlers) {
        if (mounted) {
            throw new IllegalStateException(method + " " + path + " mounted twice");
        }
        mounted = true;
        if (responses.isEmpty()) {
            throw new IllegalStateException(method + " " + path + " documents no answer");
        }
        Route route = router.route(method, routerPath());
        scope.ifPresent(s -> route.handler(access.require(s)));
        for (Handler<RoutingContext> h : handlers) {
            route.handler(h);
        }
    }

    /** Mounts {@link ApiAccess#answer} of {@code action}. */
    public void answer(Function<RoutingContext, Future<Reply>> action) {
        handler(ApiAccess.answer(action));
    }

    static JsonObject ref(String schema) {
        return new JsonObject().put("$ref", "#/components/schemas/" + schema);
    }
}
