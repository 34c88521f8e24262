package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.BuildInfo;
import io.qiaoqiao.gateway.http.ApiOperation.Param;
import io.qiaoqiao.gateway.http.ApiOperation.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 document of the operator API, served at {@code /api/openapi.json}: the
 * operations as declared ({@link Api}), each with the scope it needs (as {@code x-scope} and in
 * its security requirements), and the schemas of requests and answers, written by hand in
 * {@value #SCHEMAS} (JSON Schema 2020-12, which OpenAPI 3.1 uses). Every error is a problem
 * document; {@code x-problem-types} lists every type with its status and title.
 */
public final class OpenApiDocument {
    static final String SCHEMAS = "/qiaoqiao/openapi-schemas.json";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final String PROBLEM = "application/problem+json";

    private OpenApiDocument() {
    }

    public static JsonObject build(List<ApiOperation> operations, JsonObject declaredSchemas) {
        JsonObject paths = new JsonObject();
        Set<String> tags = new TreeSet<>();
        for (ApiOperation o : operations) {
            JsonObject path = paths.getJsonObject(o.path());
            if (path == null) {
                path = new JsonObject();
                paths.put(o.path(), path);
            }
            path.put(o.method().name().toLowerCase(Locale.ROOT), operation(o));
            if (!o.tag().isEmpty()) {
                tags.add(o.tag());
            }
        }
        JsonArray problems = new JsonArray();
        Problem.known().forEach(p -> problems.add(new JsonObject().put("type", p.type()).put("status", p.status())
                .put("title", p.title())));
        JsonObject components = schemas();
        JsonObject schemas = components.getJsonObject("schemas");
        declaredSchemas.forEach(e -> {
            if (schemas.containsKey(e.getKey())) {
                throw new IllegalStateException("schema " + e.getKey() + " is both declared and in " + SCHEMAS);
            }
            schemas.put(e.getKey(), e.getValue());
        });
        components.put("securitySchemes", new JsonObject()
                .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer")
                        .put("description", "api.tokens 中的令牌；x-scope 是所需的权限"))
                .put("session", new JsonObject().put("type", "apiKey").put("in", "cookie").put("name", ApiAccess.SESSION_COOKIE)
                        .put("description", "POST /api/session 登录后浏览器带上的会话 cookie"))
                .put("csrf", new JsonObject().put("type", "apiKey").put("in", "header").put("name", ApiAccess.CSRF_HEADER)
                        .put("description", "用会话 cookie 做任何修改时都要带上会话的 csrfToken")));
        JsonArray tagList = new JsonArray();
        tags.forEach(t -> tagList.add(new JsonObject().put("name", t)));
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema")
                .put("info", new JsonObject().put("title", "桥桥 Qiaoqiao operator API").put("version", BuildInfo.current().version())
                        .put("description", "工作站和脚本使用的接口。所有错误都是 RFC 9457 problem+json；列表按编号从新到旧分页"
                                + "（before、limit、next）；每个回答都带 X-Request-Id。"))
                .put("tags", tagList)
                .put("paths", paths)
                .put("components", components)
                .put("x-problem-types", problems);
    }

    private static JsonObject operation(ApiOperation o) {
        JsonObject op = new JsonObject()
                .put("operationId", operationId(o))
                .put("summary", o.summary());
        if (!o.description().isEmpty()) {
            op.put("description", o.description());
        }
        if (!o.tag().isEmpty()) {
            op.put("tags", new JsonArray().add(o.tag()));
        }
        JsonArray security = new JsonArray();
        o.scope().ifPresent(scope -> {
            op.put("x-scope", scope);
            JsonArray scopes = scope.equals(ApiTokens.SIGNED_IN) ? new JsonArray() : new JsonArray().add(scope);
            security.add(new JsonObject().put("bearer", scopes));
            JsonObject session = new JsonObject().put("session", scopes.copy());
            if (!SAFE.contains(o.method())) {
                session.put("csrf", new JsonArray());
            }
            security.add(session);
        });
        op.put("security", security);
        JsonArray params = new JsonArray();
        for (Param p : o.params()) {
            JsonObject param = new JsonObject().put("name", p.name()).put("in", p.in()).put("required", p.required())
                    .put("schema", p.schema());
            if (!p.description().isEmpty()) {
                param.put("description", p.description());
            }
            params.add(param);
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        o.requestBody().ifPresent(b -> op.put("requestBody", new JsonObject().put("required", true)
                .put("content", new JsonObject().put(b.mediaType(), new JsonObject().put("schema", b.schema())))));
        JsonObject responses = new JsonObject();
        for (Response r : o.responses().values().stream().sorted(java.util.Comparator.comparing(Response::status)).toList()) {
            JsonObject response = new JsonObject().put("description", r.description());
            if (r.mediaType() != null) {
                response.put("content", new JsonObject().put(r.mediaType(), new JsonObject().put("schema", r.schema())));
            }
            response.put("headers", new JsonObject().put(RequestIds.HEADER, new JsonObject().put("schema",
                    new JsonObject().put("type", "string")).put("description", "请求编号")));
            responses.put(r.status(), response);
        }
        Set<Integer> statuses = new TreeSet<>(o.problems());
        if (o.requestBody().isPresent() || o.params().stream().anyMatch(p -> p.in().equals("query") || p.in().equals("path"))) {
            statuses.add(400);
        }
        if (o.scope().isPresent()) {
            statuses.add(401);
            statuses.add(403);
        }
        for (int status : statuses) {
            responses.put(String.valueOf(status), problemResponse(status));
        }
        responses.put("default", new JsonObject().put("description", "其他错误（problem+json）")
                .put("content", new JsonObject().put(PROBLEM, new JsonObject().put("schema", ApiOperation.ref("Problem")))));
        return op.put("responses", responses);
    }

    private static JsonObject problemResponse(int status) {
        JsonArray types = new JsonArray();
        Problem.known().stream().filter(p -> p.status() == status).forEach(p -> types.add(p.type()));
        return new JsonObject().put("description", "problem+json：" + types.encode())
                .put("content", new JsonObject().put(PROBLEM, new JsonObject().put("schema", ApiOperation.ref("Problem"))));
    }

    private static String operationId(ApiOperation o) {
        StringBuilder id = new StringBuilder(o.method().name().toLowerCase(Locale.ROOT));
        for (String part : o.path().substring("/api/".length()).split("[/.{}-]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    private static JsonObject schemas() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(SCHEMAS)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMAS + " is missing from the jar");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
