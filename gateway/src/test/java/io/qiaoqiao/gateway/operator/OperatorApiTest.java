package io.qiaoqiao.gateway.operator;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.http.ApiTokens;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator API against a whole gateway with the demo roster: tokens and scopes, clear
 * errors for bad requests, roster CRUD, the studio's ticket actions with their audit trail,
 * confidential requests and recordings, points and the monthly ranking.
 */
class OperatorApiTest {
    static final String WANG = "+8613900001001";
    static final String ZHANG = "+8613900002001";
    static final String WANG_FANG = "+8613900002002";
    static final String TOKENS = "admin:*:admin-token, clerk:tickets.read+roster.read:sha256:" + ApiTokens.hashOf("clerk-token")
            + ", desk:tickets.read+tickets.write+points.read:desk-token, points:points.read+points.write:points-token";

    private GatewayHarness h;
    private ApiClient admin;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the actions start from a ticket offered at once: outside quiet hours", Map.of("api.tokens", TOKENS)).withDemoRoster();
        admin = new ApiClient(h.gateway().httpPort(), "admin-token");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void no_token_a_wrong_token_and_a_missing_scope_are_refused_while_health_and_metrics_stay_open() {
        assertError(admin.as(null).get("/api/tickets"), 401, "missing bearer token");
        assertError(admin.as("guess").get("/api/tickets"), 401, "not valid");
        assertError(admin.as("clerk-token").post("/api/residents", "{}"), 403, "lacks the scope 'roster.write'");
        assertError(admin.as("clerk-token").post("/api/roster/import?kind=groups", "code,name,village,serves\n"), 403, "roster.write");
        assertError(admin.as("desk-token").get("/api/roster/residents.csv"), 403, "roster.read");
        assertEquals(200, admin.as("clerk-token").get("/api/roster/residents.csv").statusCode());
        assertEquals(200, admin.as("clerk-token").get("/api/tickets").statusCode());
        assertEquals(401, admin.as(null).get("/metrics").statusCode(), "the metrics name villages: a token with metrics.read");
        assertEquals(200, admin.get("/metrics").statusCode());
        assertEquals(200, admin.as(null).get("/health").statusCode());
        assertError(admin.get("/api/nothing-here"), 404, "no API endpoint GET /api/nothing-here");
        assertEquals(1, h.count("SELECT count(*) FROM operator_audit WHERE action = 'roster.export' AND operator = 'operator:clerk'"));
    }

    @Test
    void every_bad_request_gets_its_status_and_a_message_that_names_the_problem() {
        assertError(admin.post("/api/residents", "{\"name\": \"王"), 400, "not valid JSON");
        assertError(admin.post("/api/residents", "[1, 2]"), 400, "must be a JSON object");
        assertError(admin.post("/api/residents", "{\"name\":\"" + "长".repeat(70_000) + "\"}"), 413, "larger than the 64 KB");
        assertError(admin.post("/api/residents", resident("12345").encode()), 400, "'12345' is not a phone number");
        assertError(admin.post("/api/residents", resident("13812345678").put("name", "名".repeat(51)).encode()), 400,
                "'name' is longer than 50 characters");
        assertError(admin.post("/api/residents", resident("13812345678").put("age", 80).encode()), 400, "unknown field(s) [age]");
        assertError(admin.post("/api/residents", resident("13812345678").put("livesAlone", "yes").encode()), 400,
                "'livesAlone' must be true or false");
        assertError(admin.post("/api/residents", resident("13812345678").put("name", " ").encode()), 400, "'name' must not be blank");
        assertError(admin.post("/api/residents", resident("13812345678").put("village", null).encode()), 400, "'village' is required");
        assertError(admin.get("/api/tickets?status=lost"), 400, "unknown status 'lost'");
        assertError(admin.get("/api/tickets?limit=many"), 400, "limit must be a whole number");
        assertError(admin.get("/api/residents/99999"), 404, "no resident with id 99999");
        assertError(admin.get("/api/volunteers/abc"), 400, "the id in the path must be a whole number");
        assertError(admin.patch("/api/groups/99999", "{\"name\":\"新名字\"}"), 404, "no volunteer group with id 99999");
        assertError(admin.post("/api/tickets/99999/close", "{\"reason\":\"测试\"}"), 404, "no ticket with code 99999");
        assertError(admin.post("/api/tickets/99999/fly", "{}"), 404, "no API endpoint POST /api/tickets/99999/fly");
        assertError(admin.get("/api/volunteers/99999/points"), 404, "no volunteer with id 99999");
        assertError(admin.post("/api/volunteers/1/points", "{\"points\":5,\"kind\":\"penalty\",\"reason\":\"迟到\"}"), 400,
                "a penalty takes negative points");
        assertError(admin.post("/api/volunteers/1/points", "{\"points\":5,\"kind\":\"gift\",\"reason\":\"x\"}"), 400,
                "'kind' must be one of [base, penalty, reward]");
        assertError(admin.get("/api/points/ranking?month=November"), 400, "month must look like 2026-11");

        String code = openTicket();
        assertError(admin.post("/api/tickets/" + code + "/reassign", "{\"volunteerId\":99999,\"reason\":\"换人\"}"), 404,
                "no volunteer with id 99999");
        assertError(admin.post("/api/tickets/" + code + "/reassign", "{\"volunteerId\":1}"), 400, "'reason' is required");
        assertError(admin.post("/api/tickets/" + code + "/rating", "{\"done\":true,\"satisfaction\":7}"), 400,
                "'satisfaction' must be between 1 and 5");
        assertError(admin.post("/api/tickets/" + code + "/reopen", "{\"reason\":\"再看看\"}"), 409,
                "only done, closed or reopened tickets can be reopened");
        assertEquals(0, h.count("SELECT count(*) FROM residents WHERE phone = '+8613812345678'"), "nothing half-written");
    }

    @Test
    void roster_crud_normalises_phones_refuses_duplicates_and_audits_every_change() {
        HttpResponse<String> group = admin.post("/api/groups",
                "{\"code\":\"xicun-1\",\"name\":\"西村志愿小组\",\"village\":\"西村\",\"serves\":[\"一组\",\"二组\"]}");
        assertEquals(201, group.statusCode(), group.body());
        long groupId = json(group).getLong("id");
        HttpResponse<String> volunteer = admin.post("/api/volunteers",
                "{\"phone\":\"138-0013-8000\",\"name\":\"周强\",\"groupId\":" + groupId + ",\"skills\":[\"electrician\"],\"leader\":true}");
        assertEquals(201, volunteer.statusCode(), volunteer.body());
        JsonObject created = json(volunteer);
        assertEquals("+8613800138000", created.getString("phone"), "stored in E.164 with +86");
        assertEquals(true, created.getBoolean("active"));
        assertError(admin.post("/api/volunteers", "{\"phone\":\"+86 138 0013 8000\",\"name\":\"重复\",\"groupId\":" + groupId + "}"),
                409, "already exists");
        assertNoDatabaseDetail(admin.post("/api/volunteers", "{\"phone\":\"+86 138 0013 8000\",\"name\":\"重复\",\"groupId\":"
                + groupId + "}"), "0013", "8000", "Key (", "=(");

        long volunteerId = created.getLong("id");
        HttpResponse<String> patched = admin.patch("/api/volunteers/" + volunteerId, "{\"active\":false}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals(false, json(patched).getBoolean("active"));
        assertEquals("周强", json(patched).getString("name"), "fields not sent stay as they were");
        JsonArray inGroup = json(admin.get("/api/volunteers?groupId=" + groupId)).getJsonArray("volunteers");
        assertEquals(1, inGroup.size());
        assertError(admin.delete("/api/groups/" + groupId), 409, "is still referenced");

        HttpResponse<String> resident = admin.post("/api/residents", resident("０５７１-８８８８８８８").encode());
        assertEquals(201, resident.statusCode(), resident.body());
        assertEquals("+865718888888", json(resident).getString("phone"), "full-width digits and area codes normalise too");
        long residentId = json(resident).getLong("id");
        HttpResponse<String> family = admin.post("/api/family",
                "{\"residentId\":" + residentId + ",\"phone\":\"13900007777\",\"name\":\"吴小明\",\"relation\":\"孙子\"}");
        assertEquals(201, family.statusCode(), family.body());
        assertEquals(1, json(admin.get("/api/family?residentId=" + residentId)).getJsonArray("family").size());
        assertEquals(200, admin.delete("/api/family/" + json(family).getLong("id")).statusCode());
        assertError(admin.delete("/api/family/" + json(family).getLong("id")), 404, "no family contact with id");
        assertError(admin.post("/api/family", "{\"residentId\":99999,\"phone\":\"13900007778\",\"name\":\"某人\"}"), 409,
                "refers to something missing");
        assertNoDatabaseDetail(admin.post("/api/family", "{\"residentId\":99999,\"phone\":\"13900007778\",\"name\":\"某人\"}"),
                "99999", "Key (", "is not present");

        List<String> actions = strings("SELECT action FROM operator_audit WHERE operator = 'operator:admin' ORDER BY id");
        assertEquals(List.of("groups.create", "volunteers.create", "volunteers.update", "residents.create", "family.create",
                "family.delete"), actions);
    }

    @Test
    void reassign_close_and_reopen_each_leave_a_ticket_event_and_an_audit_row_with_the_operator() {
        ApiClient desk = admin.as("desk-token");
        String code = openTicket();
        long wangFang = h.count("SELECT id FROM volunteers WHERE phone = $1", WANG_FANG);

        HttpResponse<String> reassigned = desk.post("/api/tickets/" + code + "/reassign",
                "{\"volunteerId\":" + wangFang + ",\"reason\":\"张伟今天不在村里\"}");
        assertEquals(200, reassigned.statusCode(), reassigned.body());
        assertEquals("accepted", h.ticketStatus(code));
        assertEquals("【桥桥】工作人员将求助" + code + "（维修）派给您：王秀英，桥头村一组，电话13900001001。请尽快联系求助人，办完回复D "
                + code + "。", h.awaitText(WANG_FANG, 1));
        assertEquals("【桥桥】求助" + code + "已由工作人员改派其他志愿者，您无需再处理。谢谢您！", h.awaitText(ZHANG, 2),
                "the volunteer with the pending offer is told");
        assertEquals("【桥桥】您的求助" + code + "已有志愿者接单：王芳，电话13900002002，会尽快与您联系。", h.awaitText(WANG, 2));
        assertError(desk.post("/api/tickets/" + code + "/reassign", "{\"volunteerId\":" + wangFang + ",\"reason\":\"再派\"}"), 409,
                "already with volunteer");

        assertEquals(200, desk.post("/api/tickets/" + code + "/close", "{\"reason\":\"居民说已经修好了\"}").statusCode());
        assertEquals("closed", h.ticketStatus(code));
        assertEquals("【桥桥】您的求助" + code + "已由工作站办结。如有问题请拨打热线。", h.awaitText(WANG, 3),
                "a ticket the studio closes is never closed behind the resident's back");
        assertError(desk.post("/api/tickets/" + code + "/close", "{\"reason\":\"再关\"}"), 409, "already closed");

        assertEquals(200, desk.post("/api/tickets/" + code + "/reopen", "{\"reason\":\"遥控器又坏了\"}").statusCode());
        assertTrue(List.of("offered", "escalated").contains(h.ticketStatus(code)), "a reopened ticket goes back into the loop");
        assertEquals("【桥桥】您的求助" + code + "已重新受理，我们正在为您联系志愿者。", h.awaitText(WANG, 4));

        JsonObject ticket = json(desk.get("/api/tickets/" + code));
        List<String> operatorEvents = new ArrayList<>();
        for (Object e : ticket.getJsonArray("events")) {
            JsonObject event = (JsonObject) e;
            if (event.getString("actor").equals("operator:desk")) {
                operatorEvents.add(event.getString("type") + ":" + event.getJsonObject("detail").getString("reason"));
            }
        }
        assertEquals(List.of("reassigned:张伟今天不在村里", "closed:居民说已经修好了", "reopened:遥控器又坏了"), operatorEvents);
        assertEquals(List.of("ticket.reassign", "ticket.close", "ticket.reopen"),
                strings("SELECT action FROM operator_audit WHERE operator = 'operator:desk' ORDER BY id"));
        assertTrue(ticket.getJsonArray("events").stream().anyMatch(e -> ((JsonObject) e).getString("type").equals("offered")
                && ((JsonObject) e).getJsonObject("detail").containsKey("ranking")), "routing verdicts are part of the events");
        assertEquals(1, json(desk.get("/api/tickets?status=" + h.ticketStatus(code) + "&village=桥头村&category=repair"))
                .getJsonArray("tickets").size());
    }

    @Test
    void a_not_done_rating_sends_a_done_ticket_back_to_the_studio_which_puts_it_into_dispatch_again() {
        String code = openTicket();
        h.text(ZHANG, "1 " + code);
        h.awaitTexts(ZHANG, 2);
        h.text(ZHANG, "D " + code);
        Awaitility.await().until(() -> h.ticketStatus(code).equals("done"));
        HttpResponse<String> rated = admin.post("/api/tickets/" + code + "/rating", "{\"done\":false,\"satisfaction\":2}");
        assertEquals(200, rated.statusCode(), rated.body());
        assertEquals("reopened", json(rated).getString("status"), "as after the rating call: the studio looks at it");
        assertEquals(2, json(admin.get("/api/tickets/" + code)).getJsonObject("rating").getInteger("satisfaction"));
        assertEquals(200, admin.post("/api/tickets/" + code + "/reopen", "{\"reason\":\"派给别人再修\"}").statusCode());
        assertTrue(List.of("offered", "escalated").contains(h.ticketStatus(code)));
        assertEquals(List.of("created", "routed", "offered", "accepted", "done", "rated", "reopened", "reopened", "routed", "offered"),
                h.eventTypes(code).subList(0, 10));
        assertEquals(List.of("ticket.rate", "ticket.reopen"),
                strings("SELECT action FROM operator_audit WHERE operator = 'operator:admin' ORDER BY id"));
    }

    @Test
    void confidential_requests_and_recordings_need_their_scopes_and_every_read_is_audited(@TempDir Path dir) throws Exception {
        String code = openTicket();
        Path recording = dir.resolve("call-1.wav");
        byte[] audio = {82, 73, 70, 70, 1, 2, 3, 4};
        Files.write(recording, audio);
        h.sql("UPDATE tickets SET category = 'MEDIATION', recording = $2 WHERE code = $1", code, recording.toString());

        ApiClient clerk = admin.as("clerk-token");
        JsonObject hidden = json(clerk.get("/api/tickets/" + code));
        assertEquals(true, hidden.getBoolean("redacted"));
        assertNull(hidden.getString("text"));
        assertNull(hidden.getString("recording"));
        assertEquals(true, hidden.getBoolean("hasRecording"));
        assertNull(json(clerk.get("/api/tickets?category=mediation")).getJsonArray("tickets").getJsonObject(0).getString("text"));
        assertError(clerk.get("/api/tickets/" + code + "/recording"), 403, "lacks the scope 'recordings'");

        JsonObject shown = json(admin.get("/api/tickets/" + code));
        assertEquals("我家电视遥控器坏了，看不了戏曲频道", shown.getString("text"));
        assertEquals(recording.toString(), shown.getString("recording"));
        HttpResponse<byte[]> file = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + h.gateway().httpPort() + "/api/tickets/" + code + "/recording"))
                .header("Authorization", "Bearer admin-token").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertArrayEquals(audio, file.body());
        assertEquals(List.of("ticket.read_confidential", "ticket.recording"),
                strings("SELECT action FROM operator_audit WHERE operator = 'operator:admin' ORDER BY id"));
    }

    @Test
    void manual_points_count_only_once_a_second_operator_approves_them_and_the_month_is_ranked() {
        long zhang = h.count("SELECT id FROM volunteers WHERE phone = $1", ZHANG);
        long wangFang = h.count("SELECT id FROM volunteers WHERE phone = $1", WANG_FANG);
        List<Long> requests = new ArrayList<>();
        for (String[] entry : new String[][] {{String.valueOf(zhang), "3", "reward", "暴雨夜送药"}, {String.valueOf(wangFang), "5", "base", "月度值班"},
                {String.valueOf(wangFang), "-1", "penalty", "未回复派单"}}) {
            HttpResponse<String> asked = admin.post("/api/volunteers/" + entry[0] + "/points",
                    "{\"points\":" + entry[1] + ",\"kind\":\"" + entry[2] + "\",\"reason\":\"" + entry[3] + "\"}");
            assertEquals(202, asked.statusCode(), asked.body());
            assertEquals("pending", json(asked).getString("status"));
            requests.add(json(asked).getLong("id"));
        }
        assertError(admin.as("clerk-token").get("/api/points/ranking"), 403, "points.read");
        assertError(admin.as("desk-token").post("/api/volunteers/" + zhang + "/points", "{\"points\":1,\"kind\":\"reward\",\"reason\":\"x\"}"),
                403, "points.write");
        assertEquals(0, json(admin.get("/api/points/ranking")).getJsonArray("ranking").size(), "nothing counts before approval");
        assertError(admin.post("/api/points/requests/" + requests.get(0) + "/approve", "{}"), 403, "another operator must");

        ApiClient second = admin.as("points-token");
        for (long request : requests) {
            HttpResponse<String> approved = second.post("/api/points/requests/" + request + "/approve", "{\"note\":\"同意\"}");
            assertEquals(200, approved.statusCode(), approved.body());
            assertEquals("approved", json(approved).getString("status"));
            assertEquals("operator:points", json(approved).getString("decidedBy"));
        }
        assertError(second.post("/api/points/requests/" + requests.get(0) + "/approve", "{}"), 409, "already approved");
        long refused = json(admin.post("/api/volunteers/" + zhang + "/points", "{\"points\":9,\"kind\":\"reward\",\"reason\":\"重复申请\"}"))
                .getLong("id");
        assertError(second.post("/api/points/requests/" + refused + "/reject", "{}"), 400, "'note' is required");
        HttpResponse<String> rejected = second.post("/api/points/requests/" + refused + "/reject", "{\"note\":\"上周已经加过\"}");
        assertEquals("rejected", json(rejected).getString("status"), rejected.body());
        assertEquals(1, json(admin.get("/api/points/requests?status=rejected")).getJsonArray("requests").size());
        assertEquals(0, json(admin.get("/api/points/requests?status=pending")).getJsonArray("requests").size());

        JsonObject ledger = json(admin.as("desk-token").get("/api/volunteers/" + wangFang + "/points"));
        assertEquals(4, ledger.getInteger("total"));
        assertEquals(new JsonObject().put("base", 5).put("penalty", -1), ledger.getJsonObject("byKind"));
        JsonArray ranking = json(admin.get("/api/points/ranking")).getJsonArray("ranking");
        assertEquals(2, ranking.size());
        assertEquals("王芳", ranking.getJsonObject(0).getString("name"));
        assertEquals(1, ranking.getJsonObject(0).getInteger("rank"));
        assertEquals("张伟", ranking.getJsonObject(1).getString("name"));
        assertEquals(0, json(admin.get("/api/points/ranking?month=2020-01")).getJsonArray("ranking").size());
        assertEquals(List.of("points.request", "points.request", "points.request", "points.approve", "points.approve", "points.approve",
                        "points.request", "points.reject"),
                strings("SELECT action FROM operator_audit WHERE action LIKE 'points.%' ORDER BY id"));
        assertEquals(List.of("operator:admin", "operator:admin", "operator:admin", "operator:points", "operator:points", "operator:points",
                        "operator:admin", "operator:points"),
                strings("SELECT operator FROM operator_audit WHERE action LIKE 'points.%' ORDER BY id"));
    }

    private String openTicket() {
        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        return code;
    }

    private static JsonObject resident(String phone) {
        return new JsonObject().put("phone", phone).put("name", "吴奶奶").put("village", "西村").put("villageGroup", "一组")
                .put("livesAlone", true);
    }

    private List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        h.sql(sql).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    /** A 409 says what clashed in the API's words; PostgreSQL's detail (the row's values: phones, ids) stays in the database. */
    private static void assertNoDatabaseDetail(HttpResponse<String> response, String... leaks) {
        assertEquals(409, response.statusCode(), response.body());
        for (String leak : leaks) {
            assertFalse(response.body().contains(leak), "the answer repeats '" + leak + "' from the database: " + response.body());
        }
    }

    /** A problem document (RFC 9457) of this status whose English detail says {@code messagePart}. */
    static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"), response.body());
        JsonObject problem = json(response);
        assertEquals(status, problem.getInteger("status"), response.body());
        assertTrue(problem.getString("type", "").startsWith("https://qiaoqiao.io/problems/"), response.body());
        assertTrue(!problem.getString("detail", "").isBlank() && !problem.getString("title", "").isBlank(), response.body());
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), problem.getString("requestId"));
        String error = problem.getString("detail-en");
        assertTrue(error != null && error.contains(messagePart), "expected an error containing '" + messagePart + "', got: " + error);
    }
}
