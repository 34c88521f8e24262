package io.qiaoqiao.gateway.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.reach.FakeTrunk.Resident;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.qiaoqiao.gateway.voice.WavHeader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broadcasts end to end on one gateway, the trunk played by the captured AMI peer and FastAGI
 * sessions, the SMSC on loopback: who is called and how often, the words on the line and in the
 * texts, the leaders' lists, quiet hours, cancelling, and an uploaded recording.
 */
class BroadcastTest {
    static final String R1 = "+8613930000001";
    static final String R2 = "+8613930000002";
    static final String R3 = "+8613930000003";
    static final String R4 = "+8613930000004";
    static final String R5 = "+8613930000005";
    static final String OUTSIDER = "+8613930000009";
    static final String LEADER_1A = "+8613940000011";
    static final String LEADER_1B = "+8613940000012";
    static final String MEMBER_1 = "+8613940000013";
    static final String LEADER_2 = "+8613940000021";
    static final String LEADER_WEST = "+8613940000031";
    static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, """
                    code,name,village,serves
                    donghe-1,东河村一组志愿小组,东河村,一组
                    donghe-2,东河村二组志愿小组,东河村,二组
                    xishan-1,西山村志愿小组,西山村,一组
                    """,
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n"
                    + LEADER_1A + ",陈组长,donghe-1,,是,是\n" + LEADER_1B + ",刘组长,donghe-1,,是,是\n"
                    + MEMBER_1 + ",张伟,donghe-1,,否,是\n" + LEADER_2 + ",王组长,donghe-2,,是,是\n"
                    + LEADER_WEST + ",西山组长,xishan-1,,是,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n"
                    + R1 + ",赵大娘,东河村,一组,,是,\n" + R2 + ",钱大爷,东河村,一组,,否,\n"
                    + R3 + ",孙奶奶,东河村,一组,,是,\n" + R4 + ",李爷爷,东河村,一组,,是,\n"
                    + R5 + ",周阿婆,东河村,二组,,是,\n" + OUTSIDER + ",吴大妈,西山村,一组,,是,\n");
    private static final String NOTICE = "今晚有大暴雨，请不要去河边。";

    @TempDir
    Path notices;
    private FakeTrunk trunk;
    private GatewayHarness h;
    private ApiClient api;

    @BeforeEach
    void trunk() throws Exception {
        SpeechTools.requireOrSkip();
        trunk = new FakeTrunk(() -> h.gateway().agiPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (trunk != null) {
            trunk.close();
        }
    }

    private void start(LocalTime at, String why, Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("ami.enabled", "true", "ami.port", String.valueOf(trunk.amiPort()),
                "ami.secret", "ami-secret", "broadcast.notice-dir", notices.toString(),
                "api.tokens", "studio:broadcasts.read+broadcasts.write:studio-token,viewer:broadcasts.read:viewer-token",
                "outbound.max-concurrent-calls", "2"));
        settings.putAll(more);
        h = GatewayHarness.startAt(at, why, settings).withRoster(ROSTER);
        api = new ApiClient(h.gateway().httpPort(), "studio-token");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.gateway().registry()
                .get("qiaoqiao.ami.connected").gauge().value() == 1);
    }

    private long create(String body) {
        HttpResponse<String> response = api.post("/api/broadcasts", body);
        assertEquals(201, response.statusCode(), response.body());
        return ApiClient.json(response).getLong("id");
    }

    private JsonObject broadcast(long id) {
        return ApiClient.json(api.get("/api/broadcasts/" + id));
    }

    private List<Integer> attempts(String phone) {
        return trunk.callsTo(phone).stream().map(FakeTrunk.Call::attempt).toList();
    }

    @Test
    void each_resident_hears_it_or_is_called_three_times_then_texted_and_the_leaders_get_the_names() throws Exception {
        start(GatewayHarness.DAYTIME, "a normal broadcast calls outside quiet hours only", Map.of());
        // Each prompt plays for 400 ms, as on a phone: an answered call holds its line for seconds, so the
        // dialer's second line is in use meanwhile however busy the machine running the test is.
        trunk.promptsTake(Duration.ofMillis(400));
        trunk.residents((phone, attempt) -> switch (phone) {
            case R1 -> Resident.PRESSES_1;
            case R2 -> attempt == 1 ? Resident.BUSY : Resident.PRESSES_1;
            case R3 -> Resident.NO_ANSWER;
            case R4 -> Resident.PRESSES_NOTHING;
            default -> Resident.HANGS_UP;
        });

        long id = create("{\"title\":\"防汛预警\",\"text\":\"" + NOTICE + "\",\"audience\":{\"villages\":[\"东河村\"]}}");
        h.letTimePass(Duration.ofHours(2), () -> "done".equals(broadcast(id).getString("status")));

        JsonObject done = broadcast(id);
        assertEquals("done", done.getString("status"), done.encodePrettily());
        assertEquals(new JsonObject().put("total", 5).put("queued", 0).put("ringing", 0).put("heard", 2).put("notReached", 3)
                .put("texted", 3).put("cancelled", 0), done.getJsonObject("counts"));
        assertEquals(List.of(1), attempts(R1));
        assertEquals(List.of(1, 2), attempts(R2), "busy the first time, called again");
        assertEquals(List.of(1, 2, 3), attempts(R3));
        assertEquals(List.of(1, 2, 3), attempts(R4), "picked up but never pressed 1: not heard");
        assertEquals(List.of(1, 2, 3), attempts(R5));
        assertEquals(List.of(), attempts(OUTSIDER), "another village is not in the audience");
        assertEquals(2, trunk.mostLinesInUse(), "paced by the trunk's two lines, and using both");
        assertEquals(List.of(), trunk.failures());

        // What Asterisk was asked to play on the call that was heard, written out by hand.
        String sound = done.getJsonObject("sound").getString("kind");
        assertEquals("speech", sound);
        Path wav = Files.list(notices).filter(p -> p.getFileName().toString().startsWith("speech-")).findFirst().orElseThrow();
        String file = wav.toAbsolutePath().toString().replaceAll("\\.wav$", "");
        assertEquals(List.of("ANSWER", "STREAM FILE \"qiaoqiao/broadcast-intro\" \"\"", "STREAM FILE \"" + file + "\" \"\"",
                "STREAM FILE \"qiaoqiao/broadcast-again\" \"\"", "STREAM FILE \"" + file + "\" \"\"",
                "GET DATA \"qiaoqiao/broadcast-heard\" 5000 1", "STREAM FILE \"qiaoqiao/broadcast-thanks\" \"\"", "HANGUP"),
                trunk.commandsOf(trunk.callsTo(R1).getFirst().callId()));
        WavHeader header = WavHeader.read(wav);
        assertTrue(header.isTelephonePcm(), "8 kHz mono 16-bit PCM: " + header);
        assertTrue(header.seconds() > 2, "the notice is spoken, slowly: " + header.seconds() + " s");

        for (String phone : List.of(R3, R4, R5)) {
            h.awaitTexts(phone, 1);
            h.assertUcs2Delivered(phone, 1, "【桥桥】通知：今晚有大暴雨，请不要去河边。");
            assertEquals(1, h.smsc.textsTo(phone).size(), phone);
        }
        for (String phone : List.of(R1, R2, OUTSIDER, MEMBER_1, LEADER_WEST)) {
            assertEquals(List.of(), h.smsc.textsTo(phone), phone + " gets no text");
        }
        for (String leader : List.of(LEADER_1A, LEADER_1B)) {
            h.awaitTexts(leader, 1);
            assertEquals(List.of("【桥桥】通知“防汛预警”有2位居民电话没有接通，已发短信，请上门告知：孙奶奶（东河村一组）、李爷爷（东河村一组）"),
                    h.smsc.textsTo(leader));
        }
        h.awaitTexts(LEADER_2, 1);
        assertEquals(List.of("【桥桥】通知“防汛预警”有1位居民电话没有接通，已发短信，请上门告知：周阿婆（东河村二组）"), h.smsc.textsTo(LEADER_2));

        // The tries of one resident are spaced by broadcast.retry-interval on the studio clock.
        var spacing = h.sql("""
                SELECT extract(epoch FROM o.created_at - lag(o.created_at) OVER (ORDER BY o.try_no))::bigint AS seconds
                FROM outbox o JOIN broadcast_recipients r ON r.id = o.reach_id
                WHERE o.reach_kind = 'broadcast' AND r.phone = $1 ORDER BY o.try_no""", R3);
        var rows = spacing.iterator();
        rows.next();
        assertTrue(rows.next().getLong("seconds") >= 600 && rows.next().getLong("seconds") >= 600, "ten minutes apart");
        JsonObject recipients = ApiClient.json(api.get("/api/broadcasts/" + id + "/recipients?status=not_reached"));
        assertEquals(List.of("周阿婆", "李爷爷", "孙奶奶"), recipients.getJsonArray("recipients").stream()
                .map(r -> ((JsonObject) r).getString("name")).toList(), "the last on the list first");
        assertNull(recipients.getString("next"));
        JsonObject firstTwo = ApiClient.json(api.get("/api/broadcasts/" + id + "/recipients?status=not_reached&limit=2"));
        assertEquals(List.of("周阿婆", "李爷爷"), firstTwo.getJsonArray("recipients").stream()
                .map(r -> ((JsonObject) r).getString("name")).toList());
        long second = firstTwo.getJsonArray("recipients").getJsonObject(1).getLong("id");
        String next = firstTwo.getString("next");
        assertEquals("/api/broadcasts/" + id + "/recipients", next.substring(0, next.indexOf('?')));
        assertEquals(java.util.Set.of("status=not_reached", "limit=2", "before=" + second),
                java.util.Set.of(next.substring(next.indexOf('?') + 1).split("&")), "the same query, before the last of this page");
        JsonObject rest = ApiClient.json(api.get(firstTwo.getString("next")));
        assertEquals(List.of("孙奶奶"), rest.getJsonArray("recipients").stream().map(r -> ((JsonObject) r).getString("name")).toList());
        assertNull(rest.getString("next"));
        assertEquals(1, h.count("SELECT count(*) FROM operator_audit WHERE operator = 'operator:studio' AND action = 'broadcast.create'"
                + " AND target = $1", "broadcast:" + id));
    }

    @Test
    void an_emergency_broadcast_at_eleven_at_night_goes_out_and_a_normal_one_waits_for_the_morning() throws Exception {
        start(LocalTime.of(23, 0), "quiet hours (21:00-07:00) are the subject", Map.of());
        long normal = create("{\"title\":\"医保缴费\",\"text\":\"本月底前请缴纳医保。\",\"audience\":{\"villageGroups\":"
                + "[{\"village\":\"东河村\",\"group\":\"一组\"}]}}");
        long emergency = create("{\"title\":\"山洪预警\",\"text\":\"山洪要来了，请马上到村委会避险。\",\"emergency\":true,"
                + "\"audience\":{\"villageGroups\":[{\"village\":\"东河村\",\"group\":\"二组\"}]}}");

        ZonedDateTime startsAt = ZonedDateTime.parse(broadcast(normal).getString("startsAt")).withZoneSameInstant(StudioTime.STUDIO);
        assertEquals(LocalTime.of(7, 0), startsAt.toLocalTime(), "the normal one is set for the end of quiet hours");
        h.letTimePass(Duration.ofMinutes(30), () -> "done".equals(broadcast(emergency).getString("status")));
        assertEquals("done", broadcast(emergency).getString("status"));
        assertEquals(List.of(1), attempts(R5), "the emergency one called its resident at 23:00");
        assertEquals("scheduled", broadcast(normal).getString("status"));
        for (String phone : List.of(R1, R2, R3, R4)) {
            assertEquals(List.of(), attempts(phone), phone + " is not called at night");
        }

        h.letTimePass(Duration.ofHours(10), () -> "done".equals(broadcast(normal).getString("status")));
        JsonObject morning = broadcast(normal);
        assertEquals("done", morning.getString("status"));
        ZonedDateTime started = ZonedDateTime.parse(morning.getString("startedAt")).withZoneSameInstant(StudioTime.STUDIO);
        assertEquals(7, started.getHour(), "started at seven: " + started);
        for (String phone : List.of(R1, R2, R3, R4)) {
            assertEquals(List.of(1), attempts(phone), phone + " heard it in the morning");
        }
    }

    @Test
    void a_normal_broadcast_still_calling_at_nine_at_night_stops_and_goes_on_at_seven() throws Exception {
        start(LocalTime.of(20, 58), "quiet hours begin at 21:00 while the broadcast is calling",
                Map.of("outbound.max-concurrent-calls", "1"));
        trunk.promptsTake(Duration.ofMillis(300));
        long id = create("{\"title\":\"电费通知\",\"text\":\"本月电费请在二十五号前缴纳。\",\"audience\":{\"villages\":[\"东河村\"]}}");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> trunk.calls().size() >= 1);
        h.advance(Duration.ofMinutes(3));
        h.awaitNothingDue();
        int evening = trunk.calls().size();
        assertTrue(evening < 5, "quiet hours stopped the round: " + evening + " called");
        var waiting = h.sql("SELECT DISTINCT next_attempt_at FROM outbox WHERE reach_kind = 'broadcast' AND status = 'pending'");
        assertEquals(1, waiting.size(), "every try left waits for one time");
        ZonedDateTime resumes = waiting.iterator().next().getOffsetDateTime(0).atZoneSameInstant(StudioTime.STUDIO);
        assertEquals(LocalTime.of(7, 0), resumes.toLocalTime(), "the end of quiet hours");
        assertEquals(1, h.count("SELECT count(*) FROM timers WHERE kind = 'reach_resume' AND status = 'pending'"));

        h.letTimePass(Duration.ofHours(11), () -> "done".equals(broadcast(id).getString("status")));
        assertEquals("done", broadcast(id).getString("status"));
        for (String phone : List.of(R1, R2, R3, R4, R5)) {
            assertEquals(List.of(1), attempts(phone), phone + " called once, in the evening or at seven");
        }
    }

    @Test
    void a_cancelled_broadcast_calls_nobody_more_and_its_pending_tries_are_withdrawn() throws Exception {
        start(GatewayHarness.DAYTIME, "a normal broadcast calls outside quiet hours only", Map.of("outbound.max-concurrent-calls", "1"));
        // Every call lasts a second (five prompts of 200 ms) on the one line: the cancel comes mid-round.
        trunk.residents((phone, attempt) -> Resident.PRESSES_NOTHING);
        trunk.promptsTake(Duration.ofMillis(200));
        long id = create("{\"title\":\"停水通知\",\"text\":\"明天上午停水。\",\"audience\":{\"villages\":[\"东河村\"]}}");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> trunk.calls().size() >= 2);

        assertEquals(403, api.as("viewer-token").post("/api/broadcasts/" + id + "/cancel", "{\"reason\":\"x\"}").statusCode());
        HttpResponse<String> cancelled = api.post("/api/broadcasts/" + id + "/cancel", "{\"reason\":\"水管修好了\"}");
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        h.awaitNothingDue();
        int placed = trunk.calls().size();
        h.letTimePass(Duration.ofHours(2), () -> false);

        assertEquals(placed, trunk.calls().size(), "no call after the cancel");
        assertTrue(placed < 5, "the first round was cut short: " + placed);
        JsonObject after = broadcast(id);
        assertEquals("cancelled", after.getString("status"));
        assertEquals(5, after.getJsonObject("counts").getInteger("cancelled"));
        assertEquals(0, h.count("SELECT count(*) FROM outbox WHERE reach_kind = 'broadcast' AND status = 'pending'"));
        assertEquals(5 - placed, h.count("SELECT count(*) FROM outbox WHERE reach_kind = 'broadcast' AND status = 'withdrawn'"));
        assertEquals(0, h.count("SELECT count(*) FROM timers WHERE kind LIKE 'broadcast%' AND status = 'pending'"));
        assertEquals(List.of(), h.smsc.textsTo(R3), "nobody is texted the notice of a cancelled broadcast");
        assertEquals(1, h.count("SELECT count(*) FROM operator_audit WHERE action = 'broadcast.cancel' AND detail->>'reason' = '水管修好了'"));
        HttpResponse<String> again = api.post("/api/broadcasts/" + id + "/cancel", "{\"reason\":\"again\"}");
        assertEquals(409, again.statusCode());
        assertEquals("https://qiaoqiao.io/problems/broadcast-ended", ApiClient.json(again).getString("type"));
    }

    @Test
    void an_uploaded_recording_is_converted_for_the_telephone_and_played_in_place_of_speech() throws Exception {
        start(GatewayHarness.DAYTIME, "a normal broadcast calls outside quiet hours only", Map.of());
        Path studio = Files.createTempFile("studio-recording", ".wav");
        Process sox = new ProcessBuilder("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", studio.toString(), "synth", "3", "sine", "440")
                .redirectErrorStream(true).start();
        assertEquals(0, sox.waitFor());
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + h.gateway().httpPort() + "/api/broadcasts/recordings"))
                .header("Authorization", "Bearer studio-token").header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofFile(studio)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        long recording = ApiClient.json(uploaded).getLong("recordingId");
        assertEquals(3.0, ApiClient.json(uploaded).getDouble("seconds"), 0.01);

        long id = create("{\"title\":\"村支书讲话\",\"text\":\"村里组织体检，请到卫生室。\",\"recordingId\":" + recording
                + ",\"audience\":{\"residentIds\":[" + h.count("SELECT id FROM residents WHERE phone = $1", R1) + "]}}");
        h.letTimePass(Duration.ofMinutes(30), () -> "done".equals(broadcast(id).getString("status")));

        Path converted = Files.list(notices).filter(p -> p.getFileName().toString().startsWith("recording-")).findFirst().orElseThrow();
        WavHeader header = WavHeader.read(converted);
        assertTrue(header.isTelephonePcm(), header.toString());
        assertEquals(3.0, header.seconds(), 0.01);
        assertTrue(trunk.commandsOf(trunk.callsTo(R1).getFirst().callId())
                .contains("STREAM FILE \"" + converted.toAbsolutePath().toString().replaceAll("\\.wav$", "") + "\" \"\""));
        assertEquals(List.of(1), attempts(R1));
        assertEquals(List.of(), attempts(R2), "only the listed resident");
        HttpResponse<String> video = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + h.gateway().httpPort() + "/api/broadcasts/recordings"))
                .header("Authorization", "Bearer studio-token").header("Content-Type", "video/mp4")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, video.statusCode());
        assertEquals("https://qiaoqiao.io/problems/recording-type-unsupported", ApiClient.json(video).getString("type"));
    }

    @Test
    void a_broadcast_must_name_its_audience_and_needs_the_write_scope() throws Exception {
        start(GatewayHarness.DAYTIME, "no call is placed; any hour would do, daytime keeps it simple", Map.of());
        HttpResponse<String> nobody = api.post("/api/broadcasts", "{\"title\":\"t\",\"text\":\"x\",\"audience\":{}}");
        assertEquals(400, nobody.statusCode());
        assertTrue(nobody.body().contains("names nobody"), nobody.body());
        assertEquals("https://qiaoqiao.io/problems/invalid-field", ApiClient.json(nobody).getString("type"));
        assertEquals("audience", ApiClient.json(nobody).getString("field"));
        HttpResponse<String> missing = api.get("/api/broadcasts/999999");
        assertEquals(404, missing.statusCode());
        assertEquals("https://qiaoqiao.io/problems/broadcast-not-found", ApiClient.json(missing).getString("type"));
        assertEquals(403, api.as("viewer-token").post("/api/broadcasts",
                "{\"title\":\"t\",\"text\":\"x\",\"audience\":{\"everyone\":true}}").statusCode());
        assertEquals(400, api.post("/api/broadcasts", "{\"title\":\"t\",\"text\":\"x\",\"audience\":{\"everyone\":true},\"when\":1}")
                .statusCode());
        assertEquals(0, h.count("SELECT count(*) FROM broadcasts"));
    }
}
