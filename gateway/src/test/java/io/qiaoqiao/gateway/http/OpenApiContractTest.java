package io.qiaoqiao.gateway.http;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.desk.OperatorAccounts;
import io.qiaoqiao.gateway.desk.PasswordHash;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.DeskClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /api/openapi.json} against the running gateway: every
 * {@code /api} route of the Vert.x router is in the document and every documented operation is a
 * route; the scope each operation documents is the one the gateway enforces (a token holding
 * every scope but that one is refused, a token holding all is let through); and real answers
 * validate against the schemas the document gives them (with a JSON Schema 2020-12 validator
 * that is not the gateway's code).
 */
class OpenApiContractTest {
    private static final List<String> SCOPES = ApiTokens.SCOPES.stream().filter(s -> !s.equals("*")).sorted().toList();
    private static GatewayHarness h;
    private static ApiClient admin;
    private static JsonObject document;

    @BeforeAll
    static void start() throws Exception {
        List<String> tokens = new ArrayList<>(List.of("admin:*:admin-token"));
        for (String scope : SCOPES) {
            String others = SCOPES.stream().filter(s -> !s.equals(scope)).collect(Collectors.joining("+"));
            tokens.add("no-" + scope + ":" + others + ":without-" + scope);
        }
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a ticket is offered at once: outside quiet hours",
                Map.of("api.tokens", String.join(",", tokens))).withDemoRoster();
        admin = new ApiClient(h.gateway().httpPort(), "admin-token");
        HttpResponse<String> served = admin.as(null).get("/api/openapi.json");
        assertEquals(200, served.statusCode(), "the document needs no token");
        document = json(served);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** method + " " + OpenAPI path of every operation the document lists. */
    private static Set<String> documented() {
        Set<String> out = new TreeSet<>();
        document.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames()
                .forEach(m -> out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        return out;
    }

    @Test
    void every_api_route_of_the_router_is_documented_and_every_documented_operation_is_a_route() {
        Set<String> routed = new TreeSet<>();
        for (Route route : h.gateway().router().getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith("/api/") || path.endsWith("*") || route.methods() == null || route.methods().isEmpty()) {
                continue;
            }
            String openApiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
            route.methods().forEach(m -> routed.add(m.name() + " " + openApiPath));
        }
        assertTrue(routed.size() > 60, "the router's /api routes: " + routed);
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented());
        assertEquals(Set.of(), undocumented, "routes the document does not describe");
        Set<String> unrouted = new TreeSet<>(documented());
        unrouted.removeAll(routed);
        assertEquals(Set.of(), unrouted, "documented operations no route serves");
    }

    @Test
    void the_document_is_openapi_3_1_with_a_scope_and_unique_id_for_every_operation_and_every_reference_resolves() {
        assertEquals("3.1.0", document.getString("openapi"));
        Set<String> ids = new HashSet<>();
        for (String operation : documented()) {
            JsonObject op = operation(operation);
            assertTrue(ids.add(op.getString("operationId")), "operationId of " + operation + " is unique");
            assertFalse(op.getString("summary", "").isBlank(), operation + " has a summary");
            String scope = op.getString("x-scope");
            boolean open = operation.equals("POST /api/session") || operation.equals("GET /api/openapi.json");
            assertEquals(open, scope == null, operation + " x-scope " + scope);
            if (scope != null) {
                assertTrue(SCOPES.contains(scope) || scope.equals(ApiTokens.SIGNED_IN), operation + ": " + scope);
            }
            assertNotNull(op.getJsonObject("responses").getJsonObject("default"), operation + " documents its problems");
        }
        JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
        Matcher refs = Pattern.compile("\"\\$ref\":\"#/components/schemas/([A-Za-z]+)\"").matcher(document.encode());
        int count = 0;
        while (refs.find()) {
            count++;
            assertTrue(schemas.containsKey(refs.group(1)), "no schema " + refs.group(1));
        }
        assertTrue(count > 100, count + " references");
        Set<String> types = new HashSet<>();
        document.getJsonArray("x-problem-types").forEach(p -> types.add(((JsonObject) p).getString("type")));
        assertTrue(types.containsAll(List.of("https://qiaoqiao.io/problems/ticket-not-found", "https://qiaoqiao.io/problems/csrf-token-invalid",
                "https://qiaoqiao.io/problems/already-exists", "https://qiaoqiao.io/problems/account-locked")), types.toString());
    }

    @Test
    void the_scope_each_operation_documents_is_the_scope_the_gateway_enforces() {
        List<String> checked = new ArrayList<>();
        for (String operation : documented()) {
            JsonObject op = operation(operation);
            String scope = op.getString("x-scope");
            String method = operation.substring(0, operation.indexOf(' '));
            String path = concrete(operation.substring(operation.indexOf(' ') + 1));
            String body = method.equals("POST") || method.equals("PATCH") ? "{}" : null;
            if (scope != null && SCOPES.contains(scope)) {
                HttpResponse<String> refused = admin.as("without-" + scope).send(method, path, body);
                assertEquals(403, refused.statusCode(), operation + " without " + scope + ": " + refused.body());
                assertEquals(scope, json(refused).getString("scope"), operation);
                checked.add(operation);
            }
            boolean stream = op.getJsonObject("responses").getJsonObject("200") != null
                    && op.getJsonObject("responses").getJsonObject("200").getJsonObject("content").containsKey("text/event-stream");
            if (stream) {
                continue;
            }
            HttpResponse<String> allowed = (scope == null ? admin.as(null) : admin).send(method, path, body);
            assertFalse(allowed.statusCode() == 401 || allowed.statusCode() == 403, operation + " with every scope: " + allowed.body());
            if (allowed.statusCode() == 404) {
                assertFalse(json(allowed).getString("type").endsWith("/no-such-endpoint"), operation + " is routed");
            }
        }
        assertTrue(checked.size() > 60, checked.size() + " operations checked");
    }

    @Test
    void the_contract_for_the_console_lists_every_operation_with_its_scope() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.isRegularFile(dir.resolve("ops/DESK-API.md"))) {
            dir = dir.getParent();
        }
        Map<String, String> listed = new java.util.TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z]+ /api/[^`]+)` \\| ([a-z.*-]+|—) \\|$")
                .matcher(java.nio.file.Files.readString(dir.resolve("ops/DESK-API.md")));
        while (row.find()) {
            listed.put(row.group(1), row.group(2));
        }
        Map<String, String> documented = new java.util.TreeMap<>();
        for (String operation : documented()) {
            documented.put(operation, operation(operation).getString("x-scope", "—"));
        }
        assertEquals(documented, listed, "ops/DESK-API.md's table of every operation");
    }

    private static String concrete(String path) {
        return path.replace("{code}", "999999").replace("{id}", "999999").replace("{file}", "nothing.csv");
    }

    @Test
    void real_answers_validate_against_their_documented_schemas() {
        h.text("+8613900001001", "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText("+8613900001001", 1));
        h.awaitText("+8613900002001", 1);
        GatewayHarness.await(h.gateway().pool().withTransaction(db -> OperatorAccounts.create(db, "张站长",
                PasswordHash.hash("桥头村 2026 春"), List.of("*"), "test")));
        DeskClient desk = new DeskClient(h.gateway().httpPort());
        assertValid("POST", "/api/session", "201", desk.signIn("张站长", "桥头村 2026 春"));
        assertValid("GET", "/api/session", "200", desk.get("/api/session"));
        assertValid("POST", "/api/tickets/{code}/note", "200", desk.post("/api/tickets/" + code + "/note", "{\"text\":\"已电话联系\"}"));

        Map<String, String> calls = new java.util.LinkedHashMap<>();
        calls.put("/api/tickets", "/api/tickets");
        calls.put("/api/tickets/{code}", "/api/tickets/" + code);
        calls.put("/api/tickets/{code}/events", "/api/tickets/" + code + "/events?limit=2");
        calls.put("/api/tickets/{code}/sent", "/api/tickets/" + code + "/sent");
        calls.put("/api/tickets/{code}/received", "/api/tickets/" + code + "/received");
        calls.put("/api/tickets/{code}/candidates", "/api/tickets/" + code + "/candidates");
        calls.put("/api/queue", "/api/queue");
        calls.put("/api/residents", "/api/residents?limit=3");
        calls.put("/api/residents/search", "/api/residents/search?q=" + java.net.URLEncoder.encode("王", java.nio.charset.StandardCharsets.UTF_8));
        calls.put("/api/volunteers/{id}", "/api/volunteers/" + h.count("SELECT min(id) FROM volunteers"));
        calls.put("/api/holidays", "/api/holidays");
        calls.put("/api/operators", "/api/operators");
        calls.put("/api/audit", "/api/audit");
        calls.put("/api/ledger", "/api/ledger");
        calls.put("/api/points/ranking", "/api/points/ranking?year=2026");
        calls.put("/api/points/printable", "/api/points/printable");
        calls.put("/api/plugins", "/api/plugins");
        calls.put("/api/logging", "/api/logging");
        long resident = h.count("SELECT min(id) FROM residents");
        JsonObject item = json(assertValid("POST", "/api/help-ledger/items", "201",
                admin.post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"电费 每月5日\"}")));
        assertValid("PATCH", "/api/help-ledger/items/{id}", "200",
                admin.patch("/api/help-ledger/items/" + item.getLong("id"), "{\"notes\":\"放在门口\",\"volunteerId\":null}"));
        JsonObject plan = json(assertValid("POST", "/api/checkins/plans", "201",
                admin.post("/api/checkins/plans", "{\"residentId\":" + resident + ",\"schedule\":\"每天上午\"}")));
        calls.put("/api/broadcasts", "/api/broadcasts");
        calls.put("/api/help-ledger/items", "/api/help-ledger/items");
        calls.put("/api/help-ledger/items/{id}", "/api/help-ledger/items/" + item.getLong("id"));
        calls.put("/api/help-ledger/residents/{id}", "/api/help-ledger/residents/" + resident);
        calls.put("/api/help-ledger/occurrences", "/api/help-ledger/occurrences");
        calls.put("/api/checkins", "/api/checkins");
        calls.put("/api/checkins/plans", "/api/checkins/plans?limit=1");
        calls.put("/api/checkins/plans/{id}", "/api/checkins/plans/" + plan.getLong("id"));
        calls.put("/api/residents/{id}/checkins", "/api/residents/" + resident + "/checkins");
        calls.forEach((template, path) -> assertValid("GET", template, "200", admin.get(path)));
        assertValid("GET", "/api/broadcasts/{id}", "404", admin.get("/api/broadcasts/999999"));
        assertValid("GET", "/api/tickets/{code}", "404", admin.get("/api/tickets/999999"));
        assertValid("POST", "/api/residents", "400", admin.post("/api/residents", "{\"age\": 3}"));
    }

    @Test
    void the_validator_used_here_refuses_an_answer_that_breaks_its_schema() {
        OutputUnit result = validator(new JsonObject().put("$ref", "#/components/schemas/TicketPage"))
                .validate(new JsonObject().put("tickets", "not a list").put("next", null));
        assertFalse(result.getValid(), "a string where a list belongs must not validate");
        OutputUnit missing = validator(new JsonObject().put("$ref", "#/components/schemas/Problem"))
                .validate(new JsonObject().put("type", "https://qiaoqiao.io/problems/x").put("status", 400));
        assertFalse(missing.getValid(), "a problem without title and detail must not validate");
    }

    private static JsonObject operation(String operation) {
        String method = operation.substring(0, operation.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
        return document.getJsonObject("paths").getJsonObject(operation.substring(operation.indexOf(' ') + 1)).getJsonObject(method);
    }

    private static HttpResponse<String> assertValid(String method, String template, String status, HttpResponse<String> answer) {
        assertEquals(Integer.parseInt(status), answer.statusCode(), method + " " + template + ": " + answer.body());
        JsonObject response = operation(method + " " + template).getJsonObject("responses").getJsonObject(status);
        if (response == null) {
            response = operation(method + " " + template).getJsonObject("responses").getJsonObject("default");
        }
        JsonObject content = response.getJsonObject("content");
        String mediaType = content.fieldNames().iterator().next();
        assertTrue(answer.headers().firstValue("content-type").orElse("").startsWith(mediaType), method + " " + template + " is " + mediaType);
        OutputUnit result = validator(content.getJsonObject(mediaType).getJsonObject("schema")).validate(new JsonObject(answer.body()));
        assertTrue(result.getValid(), method + " " + template + " " + status + " does not match its schema: " + errors(result) + "\n"
                + answer.body());
        return answer;
    }

    private static Validator validator(JsonObject schema) {
        // The document's components become the schema's $defs, so its references resolve inside it.
        String defs = document.getJsonObject("components").getJsonObject("schemas").encode().replace("#/components/schemas/", "#/$defs/");
        JsonObject root = new JsonObject(schema.encode().replace("#/components/schemas/", "#/$defs/")).put("$defs", new JsonObject(defs));
        return Validator.create(JsonSchema.of(root), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://qiaoqiao.io/openapi.json"));
    }

    private static String errors(OutputUnit result) {
        JsonArray out = new JsonArray();
        if (result.getErrors() != null) {
            result.getErrors().forEach(e -> out.add(e.getInstanceLocation() + ": " + e.getError()));
        }
        return out.encodePrettily();
    }
}
