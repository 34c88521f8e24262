package io.qiaoqiao.gateway.desk;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the desk does with tickets, through the API against a whole gateway with the demo
 * roster and the simulated SMSC: find the resident by name or by a phone someone gave, enter a
 * request heard in person (it is routed like a text, and the volunteer's offer goes out at the
 * SMSC), see whom routing would pick without anyone being asked, note, set a deadline, read the
 * texts that went out and came in, walk the pages of the timeline — each change audited.
 */
class DeskTicketsTest {
    private static final String WANG = "+8613900001001";
    private static final String ZHANG = "+8613900002001";
    private GatewayHarness h;
    private ApiClient desk;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a request is offered at once only outside quiet hours",
                Map.of("api.tokens", "desk:tickets.read+tickets.write+roster.read:desk-token")).withDemoRoster();
        desk = new ApiClient(h.gateway().httpPort(), "desk-token");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private JsonArray search(String q) {
        HttpResponse<String> found = desk.get("/api/residents/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertEquals(200, found.statusCode(), found.body());
        return json(found).getJsonArray("residents");
    }

    @Test
    void a_resident_is_found_by_part_of_the_name_by_their_phone_or_by_a_family_members_phone() {
        assertEquals(List.of("王秀英"), names(search("秀英")));
        assertEquals(List.of("王秀英"), names(search("139-0000-1001")), "digits however they were written");
        assertEquals(List.of("王秀英"), names(search("+86 139 0000 1001")));
        JsonArray bySon = search("13900009001");
        assertEquals(List.of("王秀英"), names(bySon));
        assertEquals("李建国", bySon.getJsonObject(0).getString("viaFamily"), "found through her son's phone");
        assertEquals(List.of(), names(search("李%")), "a % is a character, not a wildcard");
        assertEquals(400, desk.get("/api/residents/search?q=").statusCode());
    }

    @Test
    void a_request_heard_in_person_is_routed_like_a_text_and_its_offer_goes_out_at_the_smsc() {
        long wang = search("王秀英").getJsonObject(0).getLong("id");
        HttpResponse<String> created = desk.post("/api/tickets", new JsonObject().put("residentId", wang).put("heardVia", "in_person")
                .put("text", "电视遥控器坏了").encode());
        assertEquals(201, created.statusCode(), created.body());
        JsonObject ticket = json(created);
        String code = ticket.getString("code");
        assertEquals("desk", ticket.getString("channel"));
        assertEquals("REPAIR", ticket.getString("category"), "classified like a text: 遥控器 is a repair");
        assertEquals("offered", ticket.getString("status"));
        assertEquals("【桥桥】已收到您的求助，编号" + code + "。正在为您联系志愿者，请保持电话畅通。", h.awaitText(WANG, 1));
        String offer = h.awaitText(ZHANG, 1);
        assertTrue(offer.startsWith("【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组"), offer);

        JsonObject shown = json(desk.get("/api/tickets/" + code));
        assertEquals("desk", shown.getString("channel"));
        JsonObject intake = events(shown, "desk_intake").get(0);
        assertEquals("in_person", intake.getJsonObject("detail").getString("heardVia"));
        assertEquals("operator:desk", intake.getString("actor"));
        assertEquals("operator:desk", events(shown, "created").get(0).getString("actor"));
        assertEquals(List.of("ticket.create"), audit("SELECT action FROM operator_audit WHERE target = $1", "ticket:" + code));
    }

    @Test
    void a_phone_call_from_an_unknown_number_and_a_wechat_message_with_the_studios_own_category() {
        HttpResponse<String> unknown = desk.post("/api/tickets", "{\"phone\":\"0571-8888 7777\",\"heardVia\":\"phone\",\"text\":\"路灯不亮\","
                + "\"tellResident\":false}");
        assertEquals(201, unknown.statusCode(), unknown.body());
        assertEquals(false, json(unknown).getBoolean("registered"));
        assertEquals(0, h.smsc.textsTo("+8657188887777").size(), "tellResident false: no receipt");

        HttpResponse<String> son = desk.post("/api/tickets", "{\"phone\":\"13900009001\",\"heardVia\":\"wechat\",\"text\":\"帮我妈交电费\","
                + "\"category\":\"errand\",\"urgency\":\"urgent\"}");
        assertEquals(201, son.statusCode(), son.body());
        assertEquals(true, json(son).getBoolean("registered"), "the son's phone finds his mother");
        assertEquals(true, json(son).getBoolean("onBehalf"));
        assertEquals("ERRAND", json(son).getString("category"));
        assertEquals("URGENT", json(son).getString("urgency"));

        HttpResponse<String> neither = desk.post("/api/tickets", "{\"heardVia\":\"phone\",\"text\":\"x\"}");
        assertEquals(400, neither.statusCode());
        assertEquals("residentId", json(neither).getString("field"));
        assertEquals(404, desk.post("/api/tickets", "{\"residentId\":99999,\"heardVia\":\"phone\",\"text\":\"x\"}").statusCode());
        assertEquals(400, desk.post("/api/tickets", "{\"residentId\":1,\"heardVia\":\"letter\",\"text\":\"x\"}").statusCode());
    }

    @Test
    void the_candidates_are_routings_ranking_with_distance_and_load_and_asking_for_them_offers_nothing() {
        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        long offersBefore = h.count("SELECT count(*) FROM offers");
        long eventsBefore = h.count("SELECT count(*) FROM ticket_events");

        HttpResponse<String> answer = desk.get("/api/tickets/" + code + "/candidates");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonArray ranked = json(answer).getJsonArray("ranked");
        assertTrue(ranked.size() >= 5, ranked.encodePrettily());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            JsonObject c = ranked.getJsonObject(i);
            names.add(c.getString("name"));
            assertEquals(i + 1, c.getInteger("rank"));
            assertTrue(List.of("same-village-group", "same-village").contains(c.getString("distance")), c.encode());
            assertEquals(0, c.getInteger("openTickets"), "nobody has accepted work yet");
            if (i > 0) {
                assertTrue(ranked.getJsonObject(i - 1).getDouble("score") >= c.getDouble("score"), "best first");
            }
        }
        assertFalse(names.contains("张伟"), "张伟 was already offered this ticket");
        assertFalse(names.contains("何平"), "何平 is not active");
        JsonObject wangFang = ranked.stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals("王芳")).findFirst().orElseThrow();
        assertEquals("same-village-group", wangFang.getString("distance"), "qiaotou-1 serves 一组, where 王秀英 lives");
        assertEquals(true, wangFang.getBoolean("inScope"));
        JsonObject zhouTing = ranked.stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals("周婷")).findFirst().orElseThrow();
        assertEquals("same-village", zhouTing.getString("distance"), "qiaotou-2 serves 二组 and 三组");
        assertEquals(false, zhouTing.getBoolean("inScope"), "the neighbours step asks those serving her village group first");
        assertEquals(offersBefore, h.count("SELECT count(*) FROM offers"), "no offer made");
        assertEquals(eventsBefore, h.count("SELECT count(*) FROM ticket_events"), "no event written");

        HttpResponse<String> reassigned = desk.post("/api/tickets/" + code + "/reassign",
                "{\"volunteerId\":" + wangFang.getLong("volunteerId") + ",\"reason\":\"从候选人中选了离得最近的\"}");
        assertEquals(200, reassigned.statusCode(), reassigned.body());
        JsonObject after = json(desk.get("/api/tickets/" + code + "/candidates"));
        JsonObject loaded = after.getJsonArray("rejected").stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals("王芳"))
                .findFirst().orElse(null);
        assertNull(loaded, "王芳 has the ticket now: she is no candidate any more");
    }

    @Test
    void notes_deadlines_and_the_texts_of_a_ticket_are_on_its_timeline_and_audited() {
        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        assertEquals(200, desk.post("/api/tickets/" + code + "/note", "{\"text\":\"打电话确认过，下午在家\"}").statusCode());
        assertEquals(409, desk.post("/api/tickets/" + code + "/deadline", "{\"dueAt\":\"2030-01-01T17:00+08:00\",\"reason\":\"x\"}").statusCode(),
                "only accepted work has a deadline");
        h.text(ZHANG, "1 " + code);
        Awaitility.await().until(() -> h.ticketStatus(code).equals("accepted"));
        String due = ZonedDateTime.ofInstant(h.studioNow(), ZoneId.of("Asia/Shanghai")).plusDays(1).withHour(17).withMinute(0).withSecond(0)
                .withNano(0).toOffsetDateTime().toString();
        HttpResponse<String> deadline = desk.post("/api/tickets/" + code + "/deadline", "{\"dueAt\":\"" + due + "\",\"reason\":\"居民说明天下午再来\"}");
        assertEquals(200, deadline.statusCode(), deadline.body());

        JsonObject ticket = json(desk.get("/api/tickets/" + code));
        assertEquals("打电话确认过，下午在家", events(ticket, "note").get(0).getJsonObject("detail").getString("text"));
        assertEquals(java.time.OffsetDateTime.parse(due).toInstant().toString(), ticket.getString("dueAt"));
        assertEquals(List.of("ticket.note", "ticket.deadline"), audit("SELECT action FROM operator_audit WHERE target = $1 ORDER BY id",
                "ticket:" + code));

        Awaitility.await().until(() -> json(desk.get("/api/tickets/" + code + "/sent")).getJsonArray("sent").stream()
                .map(JsonObject.class::cast).filter(m -> m.getString("purpose").equals("received")).anyMatch(m -> !m.getString("status").equals("pending")));
        JsonArray sent = json(desk.get("/api/tickets/" + code + "/sent")).getJsonArray("sent");
        JsonObject receipt = sent.stream().map(JsonObject.class::cast).filter(m -> m.getString("purpose").equals("received")).findFirst().orElseThrow();
        assertEquals("+86139****1001", receipt.getString("to"));
        assertEquals("王秀英", receipt.getString("toName"));
        assertTrue(receipt.getString("body").contains("编号" + code));
        assertTrue(sent.stream().map(JsonObject.class::cast).anyMatch(m -> "张伟".equals(m.getString("toName"))), "the offer to 张伟");
        JsonArray received = json(desk.get("/api/tickets/" + code + "/received")).getJsonArray("received");
        assertEquals(1, received.size(), "the request text (张伟's accept is his reply, not the ticket's text)");
        assertEquals("我家电视遥控器坏了，看不了戏曲频道", received.getJsonObject(0).getString("body"));
        assertEquals("+86139****1001", received.getJsonObject(0).getString("from"));
    }

    @Test
    void the_timeline_is_read_a_page_at_a_time_by_following_next_until_it_is_null() {
        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        for (int i = 0; i < 4; i++) {
            desk.post("/api/tickets/" + code + "/note", "{\"text\":\"第" + i + "次记录\"}");
        }
        List<Long> whole = new ArrayList<>();
        json(desk.get("/api/tickets/" + code)).getJsonArray("events").forEach(e -> whole.add(((JsonObject) e).getLong("id")));
        List<Long> paged = new ArrayList<>();
        String next = "/api/tickets/" + code + "/events?limit=3";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = desk.get(next);
            assertEquals(200, page.statusCode(), page.body());
            JsonArray events = json(page).getJsonArray("events");
            assertTrue(events.size() <= 3);
            events.forEach(e -> paged.add(((JsonObject) e).getLong("id")));
            next = json(page).getString("next");
            if (next != null) {
                assertEquals("<" + next + ">; rel=\"next\"", page.headers().firstValue("Link").orElse(""));
                assertTrue(next.contains("limit=3") && next.contains("before="), next);
            }
            pages++;
        }
        assertEquals(whole.reversed(), paged, "every event exactly once, newest first");
        assertEquals((whole.size() + 2) / 3, pages);
        assertEquals(400, desk.get("/api/tickets?limit=501").statusCode(), "a page larger than the maximum is refused, not cut");
    }

    private static List<String> names(JsonArray residents) {
        List<String> out = new ArrayList<>();
        residents.forEach(r -> out.add(((JsonObject) r).getString("name")));
        return out;
    }

    private static List<JsonObject> events(JsonObject ticket, String type) {
        return ticket.getJsonArray("events").stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals(type)).toList();
    }

    private List<String> audit(String sql, Object... params) {
        List<String> out = new ArrayList<>();
        h.sql(sql, params).forEach(r -> out.add(r.getString(0)));
        return out;
    }
}
