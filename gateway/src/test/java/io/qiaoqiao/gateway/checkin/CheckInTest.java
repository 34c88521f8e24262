package io.qiaoqiao.gateway.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.reach.FakeTrunk.Resident;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check-in calls for everyone living alone (checkin.who=living-alone), every morning, on a
 * simulated studio clock with the trunk played by the captured AMI peer and FastAGI sessions: an
 * answered one is kept; three calls nobody answers bring an urgent ticket to a volunteer near the
 * resident and a text to the family; 2 is an urgent request at once.
 */
class CheckInTest {
    static final String ALONE = "+8613980000001";
    static final String WITH_FAMILY = "+8613980000002";
    static final String SON = "+8613980009001";
    static final String NEAR_A = "+8613990000001";
    static final String NEAR_B = "+8613990000002";
    static final String LEADER = "+8613990000011";
    static final String FAR = "+8613990000021";
    static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\nbeiwan-1,北湾村一组志愿小组,北湾村,一组\nbeiwan-3,北湾村三组志愿小组,北湾村,三组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + NEAR_A + ",许强,beiwan-1,,否,是\n"
                    + NEAR_B + ",马丽,beiwan-1,,否,是\n" + LEADER + ",田组长,beiwan-1,,是,是\n" + FAR + ",远方,beiwan-3,,否,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n" + ALONE + ",孙奶奶,北湾村,一组,,是,\n"
                    + WITH_FAMILY + ",韩大爷,北湾村,一组,,否,\n",
            RosterKind.FAMILY, "resident_phone,phone,name,relation\n" + ALONE + "," + SON + ",孙军,儿子\n");

    private FakeTrunk trunk;
    private GatewayHarness h;
    private ApiClient api;
    private final AtomicReference<Resident> answers = new AtomicReference<>(Resident.PRESSES_1);

    @BeforeEach
    void start() throws Exception {
        trunk = new FakeTrunk(() -> h.gateway().agiPort());
        trunk.residents((phone, attempt) -> answers.get());
        // The roster is there before the gateway starts: its first sync makes the plans of those living alone.
        h = GatewayHarness.startAt(LocalTime.of(8, 0), "the morning's check-in at 09:00 is still to come",
                Map.of("ami.enabled", "true", "ami.port", String.valueOf(trunk.amiPort()), "ami.secret", "ami-secret",
                        "checkin.who", "living-alone", "api.tokens", "studio:checkins.read+checkins.write:studio-token"));
        h.withRoster(ROSTER);
        h.restartGateway();
        api = new ApiClient(h.gateway().httpPort(), "studio-token");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.gateway().registry()
                .get("qiaoqiao.ami.connected").gauge().value() == 1);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        trunk.close();
    }

    private long resident(String phone) {
        return h.count("SELECT id FROM residents WHERE phone = $1", phone);
    }

    private List<String> checkins() {
        List<String> out = new ArrayList<>();
        for (Row r : h.sql("SELECT status FROM checkins ORDER BY id")) {
            out.add(r.getString(0));
        }
        return out;
    }

    @Test
    void three_unanswered_calls_bring_an_urgent_ticket_to_a_neighbour_and_a_text_to_the_family() {
        JsonObject plans = ApiClient.json(api.get("/api/checkins/plans"));
        assertEquals(1, plans.getJsonArray("plans").size(), "a plan for the one resident living alone: " + plans.encode());
        assertEquals("每天上午", plans.getJsonArray("plans").getJsonObject(0).getString("scheduleText"));

        h.letTimePass(Duration.ofDays(1), () -> checkins().equals(List.of("ok")));
        assertEquals(List.of("ok"), checkins(), "the morning's call, answered with 1");
        FakeTrunk.Call first = trunk.callsTo(ALONE).getFirst();
        assertEquals("checkin", first.script());
        assertEquals(List.of("ANSWER", "GET DATA \"qiaoqiao/checkin-ask\" 5000 1", "STREAM FILE \"qiaoqiao/checkin-ok\" \"\"", "HANGUP"),
                trunk.commandsOf(first.callId()));
        assertEquals(List.of(), trunk.callsTo(WITH_FAMILY), "only those living alone");

        answers.set(Resident.NO_ANSWER);
        h.letTimePass(Duration.ofDays(2), () -> checkins().equals(List.of("ok", "missed")));
        List<FakeTrunk.Call> secondDay = trunk.callsTo(ALONE).subList(1, trunk.callsTo(ALONE).size());
        assertEquals(List.of(1, 2, 3), secondDay.stream().map(FakeTrunk.Call::attempt).toList(), "three calls, then it counts as missed");

        Row ticket = h.sql("SELECT code, kind, channel, urgency, text, created_at FROM tickets WHERE kind = 'check_on'").iterator().next();
        String code = ticket.getString("code");
        assertEquals("checkin", ticket.getString("channel"));
        assertEquals("URGENT", ticket.getString("urgency"));
        ZonedDateTime opened = ticket.getOffsetDateTime("created_at").atZoneSameInstant(StudioTime.STUDIO);
        assertEquals(LocalTime.of(9, 30), opened.toLocalTime().withSecond(0).withNano(0),
                "the third call at 09:30, fifteen minutes after the second, and the ticket at once");
        List<String> offered = h.offeredTo(code);
        assertTrue(offered.containsAll(List.of(NEAR_A, NEAR_B)) && !offered.contains(FAR),
                "the volunteers of the resident's own group, not another's: " + offered);
        h.awaitTexts(NEAR_A, 1);
        h.assertUcs2Delivered(NEAR_A, 1, "【桥桥】新求助" + code + "（其他）：孙奶奶，北湾村一组，电话13980000001。"
                + "“（定时问候电话打了3次都没有人接听，请上门看看居民是否安好）”。接单回复1 " + code + "，不接回复2 " + code + "。");
        h.awaitTexts(SON, 1);
        h.assertUcs2Delivered(SON, 1, "【桥桥】您的家人孙奶奶今天的问候电话打了3次都没有接听，已请志愿者上门看看（编号" + code + "）。");
        assertEquals(1, h.smsc.textsTo(SON).size());

        JsonObject history = ApiClient.json(api.get("/api/residents/" + resident(ALONE) + "/checkins"));
        JsonArray list = history.getJsonArray("checkins");
        assertEquals("missed", list.getJsonObject(0).getString("status"));
        assertEquals(code, list.getJsonObject(0).getString("ticket"));
        assertEquals(3, list.getJsonObject(0).getInteger("tries"));
        JsonObject last = history.getJsonObject("lastAnswered");
        assertEquals("ok", last.getString("status"), "the last answered check-in is the first morning's");
        assertEquals(list.getJsonObject(1).getLong("id"), last.getLong("id"));
        JsonObject newest = ApiClient.json(api.get("/api/residents/" + resident(ALONE) + "/checkins?limit=1"));
        assertEquals(1, newest.getJsonArray("checkins").size());
        assertEquals("/api/residents/" + resident(ALONE) + "/checkins?limit=1&before=" + list.getJsonObject(0).getLong("id"),
                newest.getString("next"), "one check-in a page, and a link to the older ones");
    }

    @Test
    void pressing_2_opens_an_urgent_request_at_once() {
        answers.set(Resident.PRESSES_2);
        h.letTimePass(Duration.ofDays(1), () -> checkins().equals(List.of("help")));
        Row ticket = h.sql("SELECT code, kind, urgency, text FROM tickets").iterator().next();
        assertEquals("request", ticket.getString("kind"));
        assertEquals("URGENT", ticket.getString("urgency"));
        assertEquals("（定时问候电话中按2求助，请尽快与居民联系）", ticket.getString("text"));
        assertEquals(List.of("ANSWER", "GET DATA \"qiaoqiao/checkin-ask\" 5000 1", "STREAM FILE \"qiaoqiao/checkin-help\" \"\"", "HANGUP"),
                trunk.commandsOf(trunk.callsTo(ALONE).getFirst().callId()));
        assertEquals(1, trunk.callsTo(ALONE).size(), "answered: not called again");
        assertEquals(List.of(), h.smsc.textsTo(SON), "the family is texted when nobody answers, not when help is on its way");
    }

    @Test
    void a_resident_signed_up_by_the_studio_is_called_on_their_own_schedule_and_can_be_stopped() {
        long other = resident(WITH_FAMILY);
        var created = api.post("/api/checkins/plans", "{\"residentId\":" + other + ",\"schedule\":\"每周一、三、五下午\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject plan = ApiClient.json(created);
        assertEquals("opt_in", plan.getString("source"));
        assertEquals("每周一、三、五下午", plan.getString("scheduleText"));
        ZonedDateTime next = ZonedDateTime.parse(plan.getString("nextDueAt")).withZoneSameInstant(StudioTime.STUDIO);
        assertEquals(LocalTime.of(14, 30), next.toLocalTime());
        assertTrue(List.of(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.WEDNESDAY, java.time.DayOfWeek.FRIDAY)
                .contains(next.getDayOfWeek()), next.toString());
        var stopped = api.patch("/api/checkins/plans/" + plan.getLong("id"), "{\"active\":false}");
        assertEquals(200, stopped.statusCode(), stopped.body());
        assertNull(ApiClient.json(stopped).getString("nextDueAt"));
        assertEquals(2, h.count("SELECT count(*) FROM operator_audit WHERE action = 'checkin.plan'"));
        HttpResponse<String> vague = api.post("/api/checkins/plans", "{\"residentId\":" + other + ",\"schedule\":\"偶尔\"}");
        assertEquals(400, vague.statusCode());
        assertEquals("https://qiaoqiao.io/problems/invalid-field", ApiClient.json(vague).getString("type"));
        assertEquals("schedule", ApiClient.json(vague).getString("field"));
        HttpResponse<String> missing = api.patch("/api/checkins/plans/999999", "{\"active\":false}");
        assertEquals(404, missing.statusCode());
        assertEquals("https://qiaoqiao.io/problems/checkin-plan-not-found", ApiClient.json(missing).getString("type"));
    }
}
