package io.qiaoqiao.gateway.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code /api} operations are declared ({@link ApiOperation}): every route the operator
 * API has is declared here, with its scope, so the OpenAPI document lists exactly what is
 * mounted. A route mounted on the router directly is a route the document does not know, and
 * the test that walks the router's routes against the document fails.
 */
public final class Api {
    private final Router router;
    private final ApiAccess access;
    private final List<ApiOperation> operations = new ArrayList<>();
    private final JsonObject schemas = new JsonObject();

    public Api(Router router, ApiAccess access) {
        this.router = router;
        this.access = access;
    }

    public ApiAccess access() {
        return access;
    }

    public ApiOperation get(String path, String scope) {
        return declare(HttpMethod.GET, path, Optional.of(scope));
    }

    public ApiOperation post(String path, String scope) {
        return declare(HttpMethod.POST, path, Optional.of(scope));
    }

    public ApiOperation patch(String path, String scope) {
        return declare(HttpMethod.PATCH, path, Optional.of(scope));
    }

    public ApiOperation delete(String path, String scope) {
        return declare(HttpMethod.DELETE, path, Optional.of(scope));
    }

    /**
     * An operation any signed-in caller may use, whatever their scopes (their own session, their
     * own password). Still behind the guard: mount it after {@link ApiAccess#guard}.
     */
    public ApiOperation signedIn(HttpMethod method, String path) {
        return declare(method, path, Optional.of(ApiTokens.SIGNED_IN));
    }

    /** An operation that needs no caller at all (signing in, this document): mount it before the guard. */
    public ApiOperation open(HttpMethod method, String path) {
        return declare(method, path, Optional.empty());
    }

    private ApiOperation declare(HttpMethod method, String path, Optional<String> scope) {
        for (ApiOperation o : operations) {
            if (o.method().equals(method) && o.path().equals(path)) {
                throw new IllegalStateException(method + " " + path + " declared twice");
            }
        }
        ApiOperation operation = new ApiOperation(router, access, method, path, scope);
        operations.add(operation);
        return operation;
    }

    public List<ApiOperation> operations() {
        return List.copyOf(operations);
    }

    /** A schema made from declarations (a roster table's fields) rather than written in the schemas file. */
    public void schema(String name, JsonObject schema) {
        if (schemas.containsKey(name)) {
            throw new IllegalStateException("schema " + name + " declared twice");
        }
        schemas.put(name, schema);
    }

    /** The schemas declared with {@link #schema}. */
    public JsonObject schemas() {
        return schemas.copy();
    }

    /** The OpenAPI document of everything declared so far. */
    public JsonObject document() {
        return OpenApiDocument.build(operations(), schemas());
    }
}
