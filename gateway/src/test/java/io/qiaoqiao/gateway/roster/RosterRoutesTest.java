package io.qiaoqiao.gateway.roster;

import static io.qiaoqiao.gateway.roster.RosterDatabase.await;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiTokens;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CSV routes as the gateway mounts them: behind the API guard (token, scope, audit), driven
 * with an ordinary HTTP client.
 */
class RosterRoutesTest {
    private static final String TOKENS = "clerk:roster.read+roster.write:clerk-token,viewer:roster.read:viewer-token";
    private static final String GROUPS = "code,name,village,serves\nqiaotou-1,桥头村一组志愿小组,桥头村,一组\n";

    private RosterDatabase db;
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        db = new RosterDatabase();
        Router router = Router.router(db.vertx);
        ApiAccess access = new ApiAccess(ApiTokens.parse(TOKENS), new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        access.bodies(router);
        Api api = new Api(router, access);
        access.guard(router);
        new RosterRoutes(db.pool, ZoneId.of("Asia/Shanghai")).mount(api);
        access.fallbacks(router);
        server = await(db.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() throws Exception {
        await(server.close());
        db.close();
        client.close();
    }

    private HttpResponse<String> post(String query, byte[] body) throws Exception {
        return post(query, body, "clerk-token");
    }

    private HttpResponse<String> post(String query, byte[] body, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(uri("/api/roster/import" + query))
                .header("Content-Type", "text/csv; charset=utf-8").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer viewer-token").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    @Test
    void a_good_csv_is_imported_and_answered_with_the_counts() throws Exception {
        HttpResponse<String> response = post("?kind=groups", GROUPS.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(new JsonObject().put("imported", new JsonObject().put("groups",
                new JsonObject().put("inserted", 1).put("updated", 0).put("unchanged", 0))), new JsonObject(response.body()));
        assertEquals(1, db.count("volunteer_groups"));
    }

    @Test
    void a_large_file_arrives_whole_through_the_guard_and_its_audit() throws Exception {
        // About 200 KB: the body arrives in many chunks while the audit row is being written.
        StringBuilder residents = new StringBuilder("phone,name,village,village_group,grid,lives_alone,notes\n");
        for (int i = 0; i < 2500; i++) {
            residents.append(String.format("+86139%08d,居民%d,桥头村,一组,网格一,否,每天上午在家，下午去田里，请先打电话再来找她老人家谢谢\n", i, i));
        }
        byte[] body = residents.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 200_000, "body of " + body.length + " bytes");

        HttpResponse<String> response = post("?kind=residents", body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2500, db.count("residents"));
        assertEquals(1, await(db.pool.query("SELECT count(*) FROM operator_audit WHERE operator = 'operator:clerk' AND action = 'roster.import'")
                .execute()).iterator().next().getLong(0));
    }

    @Test
    void importing_needs_a_token_with_roster_write() throws Exception {
        assertEquals(401, post("?kind=groups", GROUPS.getBytes(StandardCharsets.UTF_8), "no-such-token").statusCode());
        HttpResponse<String> viewer = post("?kind=groups", GROUPS.getBytes(StandardCharsets.UTF_8), "viewer-token");
        assertEquals(403, viewer.statusCode());
        assertTrue(viewer.body().contains("roster.write"), viewer.body());
        assertEquals(0, db.count("volunteer_groups"));
    }

    @Test
    void a_bad_csv_is_answered_422_with_every_bad_row_and_imports_nothing() throws Exception {
        post("?kind=groups", GROUPS.getBytes(StandardCharsets.UTF_8));
        String volunteers = """
                phone,name,group_code,skills,leader,active
                +8613900002001,张伟,qiaotou-1,tv-repair,否,是
                not-a-phone,李强,qiaotou-1,driver,否,是
                +8613900002003,王芳,qiaotou-1,bank-papers,也许,是
                """;

        HttpResponse<String> response = post("?kind=volunteers", volunteers.getBytes(StandardCharsets.UTF_8));

        assertEquals(422, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        JsonArray rows = body.getJsonArray("rows");
        assertEquals(List.of(3, 4), rows.stream().map(r -> ((JsonObject) r).getInteger("line")).toList());
        assertTrue(rows.getJsonObject(1).getString("message").contains("也许"), rows.encode());
        assertEquals("https://qiaoqiao.io/problems/roster-rows-invalid", body.getString("type"));
        assertTrue(body.getString("detail-en").contains("nothing was imported"), body.encode());
        assertEquals("有 2 行不对，什么都没有导入；请改好后重新上传", body.getString("detail"));
        assertEquals(0, db.count("volunteers"));
    }

    @Test
    void an_unknown_kind_is_a_bad_request() throws Exception {
        assertEquals(400, post("?kind=cats", GROUPS.getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(400, post("", GROUPS.getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void a_body_over_the_limit_is_refused() throws Exception {
        byte[] huge = new byte[(int) RosterRoutes.BODY_LIMIT + 1];
        Arrays.fill(huge, (byte) 'a');

        HttpResponse<String> response = post("?kind=groups", huge);

        assertEquals(413, response.statusCode());
        assertEquals(0, db.count("volunteer_groups"));
    }

    @Test
    void a_gbk_file_is_refused_with_the_line_to_fix() throws Exception {
        HttpResponse<String> response = post("?kind=groups", GROUPS.getBytes(Charset.forName("GBK")));

        assertEquals(422, response.statusCode());
        JsonObject row = new JsonObject(response.body()).getJsonArray("rows").getJsonObject(0);
        assertEquals(2, row.getInteger("line"));
        assertTrue(row.getString("message").contains("UTF-8"));
    }

    @Test
    void an_applied_import_is_announced_on_the_event_bus() throws Exception {
        List<JsonObject> announced = new CopyOnWriteArrayList<>();
        await(db.vertx.eventBus().<JsonObject>consumer(RosterRoutes.CHANGED_ADDRESS, m -> announced.add(m.body())).completion());

        post("?kind=groups", GROUPS.getBytes(StandardCharsets.UTF_8));

        await().until(() -> !announced.isEmpty());
        assertEquals(1, announced.getFirst().getJsonObject("groups").getInteger("inserted"));
    }

    @Test
    void each_kind_is_exported_as_csv_that_imports_back_unchanged() throws Exception {
        await(DemoRoster.importWith(new RosterImporter(db.pool)));

        for (RosterKind kind : RosterKind.values()) {
            HttpResponse<String> export = get("/api/roster/" + kind.id() + ".csv");
            assertEquals(200, export.statusCode());
            assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            // Excel on Chinese Windows reads a CSV as UTF-8 only after the byte order mark EF BB BF.
            assertTrue(export.body().startsWith("\uFEFF" + String.join(",", kind.columns()) + "\r\n"), export.body());

            HttpResponse<String> reimport = post("?kind=" + kind.id(), export.body().getBytes(StandardCharsets.UTF_8));
            assertEquals(200, reimport.statusCode(), reimport.body());
            assertEquals(new JsonObject().put("inserted", 0).put("updated", 0).put("unchanged", new JsonObject(reimport.body())
                    .getJsonObject("imported").getJsonObject(kind.id()).getInteger("unchanged")), new JsonObject(reimport.body())
                    .getJsonObject("imported").getJsonObject(kind.id()), reimport.body());
        }
        // A phone begins with '+': a spreadsheet would read it as a formula, so it is written with a ' in front.
        assertTrue(get("/api/roster/residents.csv").body().contains("\r\n'+8613900001001,王秀英,桥头村,一组"));
        assertEquals(404, get("/api/roster/cats.csv").statusCode());
    }
}
