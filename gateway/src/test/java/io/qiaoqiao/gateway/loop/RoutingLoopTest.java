package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in plugins end to end with the demo roster of 桥头村: urgent fan-out to whoever is
 * on duty at night, quiet hours, the three-level triage chain, confidential matters, and a
 * reload over HTTP that is refused.
 */
class RoutingLoopTest {
    static final String WANG = "+8613900001001";       // 王秀英, 桥头村一组
    static final String ZHANG = "+8613900002001";      // 张伟, member, group serving 一组
    static final String WANG_FANG = "+8613900002002";  // 王芳, same group
    static final String LI_QIANG = "+8613900002003";   // 李强, same group
    static final String ZHOU_TING = "+8613900002011";  // 周婷, group serving 二组三组
    static final String CHEN_JING = "+8613900002101";  // 陈静, leader of the group serving 一组
    static final String LIU_YANG = "+8613900002102";   // 刘洋, leader, same group
    static final String COMMITTEE = "+8613900008001";  // 桥头村村委会 duty phone
    static final String TOWNSHIP = "+8613900008002";   // 清河镇综治中心 duty phone

    @TempDir
    Path dir;
    private GatewayHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void everyDay(String phone, String from, String to) {
        for (int day = 1; day <= 7; day++) {
            h.sql("INSERT INTO volunteer_shifts (volunteer_id, day_of_week, starts, ends) "
                    + "SELECT id, $2, $3, $4 FROM volunteers WHERE phone = $1", phone, day, LocalTime.parse(from), LocalTime.parse(to));
        }
    }

    private List<JsonObject> events(String code, String type) {
        List<JsonObject> out = new ArrayList<>();
        h.sql("SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 AND e.type = $2 "
                + "ORDER BY e.id", code, type).forEach(r -> out.add((JsonObject) r.getValue(0)));
        return out;
    }

    private boolean offeredTo(String phone, String code) {
        return h.smsc.textsTo(phone).stream().anyMatch(t -> t.contains(code));
    }

    @Test
    void an_urgent_text_at_night_reaches_the_volunteers_on_duty_at_once() throws Exception {
        h = GatewayHarness.startAt(LocalTime.of(2, 0), "the night shift (22:00-06:00) is what the test is about",
                Map.of("plugin.schedules.unscheduled", "off-call")).withDemoRoster();
        everyDay(ZHANG, "22:00", "06:00");
        everyDay(WANG_FANG, "22:00", "06:00");
        everyDay(ZHOU_TING, "22:00", "06:00");
        everyDay(LI_QIANG, "08:00", "18:00");

        h.text(WANG, "老伴摔倒了，起不来，快来人");
        String code = codeIn(h.awaitText(WANG, 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> offeredTo(ZHANG, code) && offeredTo(WANG_FANG, code));
        assertEquals("【桥桥】新求助" + code + "（其他）：王秀英，桥头村一组，电话13900001001。“老伴摔倒了，起不来，快来人”。接单回复1 " + code
                + "，不接回复2 " + code + "。", h.awaitText(WANG_FANG, 1), "the same offer to both neighbours on duty");
        JsonObject offered = events(code, "offered").get(0);
        assertEquals(2, offered.getInteger("fanOut"), "one decision, both of the resident's own neighbours on duty at once");
        assertEquals(2, offered.getJsonArray("offers").size());
        assertFalse(offeredTo(ZHOU_TING, code), "a volunteer of another village group is not a neighbour of this resident");
        assertEquals("ok", offered.getJsonObject("rules").getJsonObject("schedules").getString("verdict"));
        assertEquals("schedules", offered.getJsonObject("rejected").getString(
                String.valueOf(h.count("SELECT id FROM volunteers WHERE phone = $1", LI_QIANG))));
        assertFalse(offeredTo(LI_QIANG, code), "off duty at night");
        assertFalse(offeredTo(CHEN_JING, code), "leaders are off duty too (no shifts)");

        h.text(WANG_FANG, "1 " + code);
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(h.ticketStatus(code)));
        assertEquals("【桥桥】求助" + code + "已由其他志愿者接单，谢谢您！", h.awaitText(ZHANG, 2));
        assertEquals("【桥桥】您的求助" + code + "已有志愿者接单：王芳，电话13900002002，会尽快与您联系。", h.awaitText(WANG, 2),
                "the resident hears who comes, and no quiet-hours note");
    }

    @Test
    void quiet_hours_hold_a_normal_text_until_morning() throws Exception {
        h = GatewayHarness.startAt(LocalTime.of(23, 0), "quiet hours are what the test is about", Map.of()).withDemoRoster();

        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        assertEquals("【桥桥】您的求助" + code + "已登记。现在是夜间，志愿者将于07:00后与您联系；如有急事请拨打120或110。",
                h.awaitText(WANG, 2));
        assertEquals(List.of("created", "held"), h.eventTypes(code));
        assertEquals("held", h.ticketStatus(code));
        assertEquals(List.of("quiet-hours"), events(code, "held").get(0).getJsonArray("by").getList());
        long hoursAhead = h.count("SELECT round(extract(epoch FROM t.due_at - studio_now()) / 3600)::bigint FROM timers t "
                + "JOIN tickets k ON k.id = t.ticket_id WHERE k.code = $1 AND t.kind = 'hold_release' AND t.status = 'pending'", code);
        assertEquals(8, hoursAhead, "a durable timer wakes the ticket at 07:00");
        assertTrue(h.smsc.textsTo(ZHANG).isEmpty(), "no volunteer is woken");

        h.advance(Duration.ofHours(8)); // morning: the timer falls due
        assertEquals("【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组，电话13900001001。“我家电视遥控器坏了，看不了戏曲频道”。接单回复1 "
                + code + "，不接回复2 " + code + "。", h.awaitText(ZHANG, 1));
        assertEquals(List.of("created", "held", "released", "routed", "offered"), h.eventTypes(code));
    }

    @Test
    void an_offer_that_expires_into_quiet_hours_holds_the_ticket_until_morning_and_then_offers_it_again() throws Exception {
        h = GatewayHarness.startAt(LocalTime.of(20, 55), "an offer made before quiet hours expires inside them",
                Map.of("plugin.triage.neighbours.normal.offer-timeout", "PT10M")).withDemoRoster();
        h.text(WANG, "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);

        h.advance(Duration.ofMinutes(10)); // 21:05: the offer runs out inside quiet hours
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.eventTypes(code).contains("held"));
        assertEquals("held", h.ticketStatus(code), "held until the morning release");

        h.advance(Duration.ofHours(10)); // 07:05
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "offered".equals(h.ticketStatus(code)));
        assertTrue(h.eventTypes(code).containsAll(List.of("offer_expired", "held", "released")), h.eventTypes(code).toString());
    }

    @Test
    void nobody_accepting_walks_the_triage_chain_to_the_township_centre() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("plugin.schedules.unscheduled", "off-call"));
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the chain starts with a normal request offered at once: outside quiet hours", settings).withDemoRoster();
        everyDay(ZHANG, "00:00", "00:00");
        h.sql("UPDATE volunteers SET skills = array_append(skills, 'liaison') WHERE phone = $1", LI_QIANG);
        h.sql("INSERT INTO duty_phones (kind, village, name, phone) VALUES ('village-committee', '桥头村', '桥头村村委会', $1), "
                + "('township-centre', '', '清河镇综治中心', $2)", COMMITTEE, TOWNSHIP);

        h.text(WANG, "帮我问问低保怎么申请");
        String code = codeIn(h.awaitText(WANG, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> offeredTo(ZHANG, code));
        h.text(ZHANG, "2 " + code);

        h.letTimePass(Duration.ofDays(2), () -> h.eventTypes(code).contains("escalation_ended"));
        assertEquals(List.of("created", "routed", "offered", "declined"), h.eventTypes(code).subList(0, 4),
                "the one neighbour on duty declines: nobody is left at the first step");
        List<String> steps = events(code, "escalated").stream().map(e -> e.getString("step") + "@" + e.getString("level")).toList();
        assertEquals(List.of("liaison@private", "village-leaders@village", "village-committee@village",
                "township-centre@township"), steps);
        var row = h.sql("SELECT status, level, escalation_step FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(List.of("escalated", "township", "township-centre"),
                List.of(row.getString(0), row.getString(1), row.getString(2)));

        String details = "：王秀英，桥头村一组，电话13900001001。“帮我问问低保怎么申请”。";
        assertEquals("【桥桥】求助" + code + "（代言）暂无志愿者接单，请民情联络员协调" + details + "接单回复1 " + code + "。",
                h.awaitText(LI_QIANG, 1));
        for (String leader : List.of(CHEN_JING, LIU_YANG)) {
            assertEquals("【桥桥】求助" + code + "（代言）暂无志愿者接单，请组长协调" + details + "接单回复1 " + code + "。",
                    h.awaitText(leader, 1));
        }
        assertEquals("【桥桥】求助" + code + "（代言）暂无志愿者接单，已转交桥头村村委会" + details + "请尽快处理并回复居民，办结后回复“办结 "
                + code + "”。", h.awaitText(COMMITTEE, 1));
        assertEquals("【桥桥】求助" + code + "（代言）暂无志愿者接单，已转交清河镇综治中心" + details + "请尽快处理并回复居民，办结后回复“办结 "
                + code + "”。", h.awaitText(TOWNSHIP, 1));
        List<String> toResident = h.awaitTexts(WANG, 5).subList(1, 5);
        assertEquals(List.of("【桥桥】您的求助" + code + "已转交民情联络员处理，请保持电话畅通。",
                "【桥桥】您的求助" + code + "已转交组长处理，请保持电话畅通。",
                "【桥桥】您的求助" + code + "已转交桥头村村委会处理，请保持电话畅通。",
                "【桥桥】您的求助" + code + "已转交清河镇综治中心处理，请保持电话畅通。"), toResident,
                "the resident is told at each hand-over");
    }

    @Test
    void matchmaking_goes_to_a_group_leader_with_the_details_hidden() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the leader's offer goes out at once only outside quiet hours", Map.of()).withDemoRoster();
        h.text(WANG, "想请人给我孙子说媒");
        String code = codeIn(h.awaitText(WANG, 1));
        String offer = h.awaitText(CHEN_JING, 1);
        assertEquals("【桥桥】新求助" + code + "（代言，保密事项）：桥头村一组，电话13900001001。详情请电话了解，切勿转告他人。接单回复1 "
                + code + "，不接回复2 " + code + "。", offer);
        assertFalse(offer.contains("说媒") || offer.contains("王秀英"));
        assertTrue(h.smsc.textsTo(ZHANG).isEmpty(), "members never see it");
        assertEquals(1L, h.count("SELECT count(*) FROM tickets WHERE code = $1 AND confidential", code));
    }

    @Test
    void a_reload_with_invalid_settings_is_rejected_over_http_and_the_running_set_stays() throws Exception {
        Path file = dir.resolve("qiaoqiao.properties");
        Files.writeString(file, "routing.weight.proximity=1.0\n");
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "no text may go out during the reload test", 
                Map.of("api.tokens", "ops:plugins.read+plugins.write:ops-token"), file);
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + h.gateway().httpPort());
        String loadedAt = new JsonObject(http.send(HttpRequest.newBuilder(base.resolve("/api/plugins")).header("Authorization", "Bearer ops-token").build(),
                HttpResponse.BodyHandlers.ofString()).body()).getString("loadedAt");

        Files.writeString(file, "routing.weight.proximity=2.0\nplugin.schedules.holidays=2026-02-30\n");
        HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(base.resolve("/api/plugins/reload")).header("Authorization", "Bearer ops-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, rejected.statusCode(), rejected.body());
        JsonObject answer = new JsonObject(rejected.body());
        assertFalse(answer.getBoolean("applied"));
        assertTrue(answer.getString("message").contains("plugin.schedules.holidays"), answer.getString("message"));
        assertEquals(loadedAt, answer.getJsonObject("running").getString("loadedAt"), "the running set stays");
        assertEquals(1.0, h.gateway().plugins().current().engine().weight("proximity"));

        Files.writeString(file, "routing.weight.proximity=2.0\n");
        HttpResponse<String> applied = http.send(HttpRequest.newBuilder(base.resolve("/api/plugins/reload")).header("Authorization", "Bearer ops-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals(2.0, h.gateway().plugins().current().engine().weight("proximity"));
        assertTrue(h.smsc.textsTo(WANG).isEmpty());
    }
}
