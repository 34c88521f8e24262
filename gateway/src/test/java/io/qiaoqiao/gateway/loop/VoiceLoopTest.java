package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.outbound.FakeAmiServer;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The telephone as a first-class channel on the same spine: Asterisk is played at the wire
 * level (FastAGI from a fake Asterisk, AMI by a fake manager), texts go through the simulated
 * SMSC, tickets into PostgreSQL.
 */
class VoiceLoopTest {
    static final String WANG = "+8613900001001";      // 王秀英 (demo roster)
    static final String WANG_SON = "+8613900009001";
    static final String ZHANG = "+8613900002001";     // 张伟, first volunteer for 一组
    static final String AMI_SECRET = "ami-secret";
    static final String READER_TOKEN = "reader-token";
    private static final AtomicInteger CALL_IDS = new AtomicInteger();

    private FakeAmiServer ami;
    private GatewayHarness h;

    private GatewayHarness gateway(Map<String, String> extra) throws Exception {
        ami = new FakeAmiServer("qiaoqiao", AMI_SECRET);
        Map<String, String> c = new HashMap<>(Map.of(
                "api.tokens", "reader:tickets.read:" + READER_TOKEN,
                "ami.enabled", "true",
                "ami.port", String.valueOf(ami.port()),
                "ami.secret", AMI_SECRET,
                "ami.reconnect-min-ms", "100",
                "ami.reconnect-max-ms", "300",
                "outbound.rating-delay", "PT0S",
                "outbound.call-retry-interval", "PT0.3S",
                // quiet hours that never begin, unless a test says otherwise
                "quiet-hours.start", "00:00",
                "quiet-hours.end", "00:00"));
        c.putAll(extra);
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "calls end in offers to volunteers, made at once only outside quiet hours", c).withDemoRoster();
        await().atMost(Duration.ofSeconds(30)).until(() -> ami.goodLogins() > 0);
        return h;
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (ami != null) {
            ami.close();
        }
    }

    private FakeAsteriskAgiClient call(String script, String callerId) {
        return new FakeAsteriskAgiClient(script, callerId, "1795368349." + CALL_IDS.incrementAndGet());
    }

    private List<String> complete(FakeAsteriskAgiClient client) throws Exception {
        return client.dial(h.gateway().agiPort()).get(30, TimeUnit.SECONDS);
    }

    private Row ticketOf(String phone) {
        return h.sql("SELECT * FROM tickets WHERE requester_phone = $1 ORDER BY id DESC LIMIT 1", phone).iterator().next();
    }

    private List<Map<String, List<String>>> originatesFor(String code, String script) {
        return ami.actions("Originate").stream()
                .filter(a -> a.getOrDefault("Variable", List.of()).stream().anyMatch(v -> v.contains("QQ_TICKET=" + code))
                        && a.getOrDefault("Variable", List.of()).stream().anyMatch(v -> v.contains("QQ_SCRIPT=" + script)))
                .toList();
    }

    @Test
    void known_caller_pressing_2_gets_a_repair_ticket_and_a_confirmation_call_once_a_volunteer_accepts() throws Exception {
        gateway(Map.of());
        List<String> commands = complete(call("hotline", WANG).press('2'));
        Row ticket = ticketOf(WANG);
        String code = ticket.getString("code");
        assertEquals("REPAIR", ticket.getString("category"));
        assertEquals("voice", ticket.getString("channel"));
        assertEquals(2, commands.stream().filter(c -> c.startsWith("SAY DIGITS \"" + code + "\"")).count(), "the code is read back twice");

        assertTrue(h.awaitText(ZHANG, 1).startsWith("【桥桥】新求助" + code + "（维修）：王秀英"));
        h.text(ZHANG, "1 " + code);
        await().atMost(Duration.ofSeconds(20)).until(() -> originatesFor(code, "confirm").size() == 1);
        Map<String, List<String>> originate = originatesFor(code, "confirm").get(0);
        assertEquals("qiaoqiao-outbound", FakeAmiServer.first(originate, "Context"));
        assertEquals("PJSIP/13900001001@trunk", FakeAmiServer.first(originate, "Channel"));
        assertEquals("true", FakeAmiServer.first(originate, "Async"));

        // Asterisk runs the confirm script on the answered call, passing the ticket code.
        List<String> confirm = complete(call("confirm", WANG).variable("QQ_TICKET", code));
        assertEquals(2, confirm.stream().filter(c -> c.startsWith("SAY DIGITS \"" + code + "\"")).count());
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(
                "SELECT count(*) FROM outbox WHERE channel = 'call' AND status = 'sent' AND call_result = 'ANSWERED'") == 1);
        assertTrue(h.gateway().registry().scrape().contains("qiaoqiao_confirmation_call_delay_seconds_count 1"));
    }

    @Test
    void caller_pressing_0_gets_an_urgent_ticket_with_the_urgent_offer_timeout() throws Exception {
        gateway(Map.of("plugin.triage.neighbours.urgent.offer-timeout", "PT2M", "plugin.triage.neighbours.normal.offer-timeout", "PT30M"));
        complete(call("hotline", WANG).press('0'));
        Row ticket = ticketOf(WANG);
        assertEquals("URGENT", ticket.getString("urgency"));
        // Urgent tickets fan out: the best three volunteers are offered it at once.
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count("SELECT count(*) FROM offers") == 3);
        for (String bound : List.of("min", "max")) {
            long seconds = h.count("SELECT " + bound + "(extract(epoch FROM expires_at - created_at))::bigint FROM offers");
            assertTrue(seconds >= 119 && seconds <= 121, "urgent offers expire after 2 minutes, not 30: " + seconds);
        }
    }

    @Test
    void caller_who_presses_nothing_leaves_a_message_that_becomes_a_ticket_with_the_recording() throws Exception {
        gateway(Map.of());
        List<String> commands = complete(call("hotline", WANG).pressNothing().speakThenHash(48000));
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("RECORD FILE")));
        Row ticket = ticketOf(WANG);
        assertTrue(ticket.getString("recording").endsWith(".wav"), ticket.getString("recording"));
        assertEquals("request", ticket.getString("kind"));
        assertTrue(h.awaitText(ZHANG, 1).contains("语音留言"), "the volunteer is told there is a message to hear");
    }

    @Test
    void caller_hanging_up_during_the_greeting_gets_a_callback_ticket() throws Exception {
        gateway(Map.of());
        complete(call("hotline", WANG).hangUpAt("STREAM FILE"));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count("SELECT count(*) FROM tickets WHERE kind = 'callback'") == 1);
        Row ticket = ticketOf(WANG);
        assertTrue(h.awaitText(ZHANG, 1).contains("请回电"), "a volunteer is asked to call back");
        assertEquals("offered", ticket.getString("status"));
    }

    @Test
    void unknown_caller_gets_a_ticket_flagged_unregistered() throws Exception {
        gateway(Map.of());
        complete(call("hotline", "+8613655556666").press('1'));
        Row ticket = ticketOf("+8613655556666");
        assertEquals(false, ticket.getBoolean("registered"));
        assertEquals("ERRAND", ticket.getString("category"));
    }

    @Test
    void a_call_opens_one_ticket_even_if_asterisk_asks_twice_for_the_same_call() throws Exception {
        gateway(Map.of());
        FakeAsteriskAgiClient first = new FakeAsteriskAgiClient("hotline", WANG, "1795368349.999").press('3');
        FakeAsteriskAgiClient again = new FakeAsteriskAgiClient("hotline", WANG, "1795368349.999").press('3');
        complete(first);
        complete(again);
        assertEquals(1, h.count("SELECT count(*) FROM tickets WHERE call_id = '1795368349.999'"));
    }

    @Test
    void volunteer_line_accepts_an_offer_by_key_with_the_same_effects_as_a_text() throws Exception {
        gateway(Map.of());
        h.text(WANG, "电视遥控器坏了");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        List<String> commands = complete(call("volunteer", ZHANG).press('1'));
        assertTrue(commands.stream().anyMatch(c -> c.contains("offer-accepted")), commands.toString());
        assertEquals("accepted", h.ticketStatus(code));
        assertEquals("【桥桥】您的求助" + code + "已有志愿者接单：张伟，电话13900002001，会尽快与您联系。", h.awaitText(WANG, 2));
        assertTrue(h.awaitText(WANG_SON, 1).contains(code));
    }

    @Test
    void volunteer_pressing_accept_after_another_accepted_by_text_hears_it_is_taken() throws Exception {
        gateway(Map.of());
        h.withRoster(SmallRoster.CSV);
        h.text(SmallRoster.RESIDENT, "灯泡坏了");
        String code = codeIn(h.awaitText(SmallRoster.RESIDENT, 1));
        h.letTimePass(Duration.ofHours(1), () -> "escalated".equals(h.ticketStatus(code)));
        h.text(SmallRoster.LEADER_C, "1 " + code);
        await().atMost(Duration.ofSeconds(10)).until(() -> "accepted".equals(h.ticketStatus(code)));
        List<String> commands = complete(call("volunteer", SmallRoster.LEADER_D).press('1'));
        // D's offer was withdrawn when C accepted: the line has nothing for D, or says it is taken.
        assertTrue(commands.stream().anyMatch(c -> c.contains("offer-taken") || c.contains("volunteer-no-offers")), commands.toString());
        assertEquals(SmallRoster.LEADER_C, h.sql("SELECT v.phone FROM tickets t JOIN volunteers v ON v.id = t.accepted_by WHERE t.code = $1", code)
                .iterator().next().getString(0));
    }

    private String acceptedAndDone() {
        h.text(WANG, "电视遥控器坏了");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        h.text(ZHANG, "1 " + code);
        h.awaitText(ZHANG, 2);
        h.text(ZHANG, "D " + code);
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(h.ticketStatus(code)));
        return code;
    }

    @Test
    void a_done_ticket_gets_a_rating_call_and_not_done_reopens_it() throws Exception {
        gateway(Map.of());
        String code = acceptedAndDone();
        await().atMost(Duration.ofSeconds(20)).until(() -> originatesFor(code, "rating").size() == 1);
        complete(call("rating", WANG).variable("QQ_TICKET", code).press('2'));
        await().atMost(Duration.ofSeconds(10)).until(() -> "reopened".equals(h.ticketStatus(code)));
        assertTrue(h.eventTypes(code).containsAll(List.of("rated", "reopened")));
        assertEquals(false, h.sql("SELECT rating_done FROM tickets WHERE code = $1", code).iterator().next().getBoolean(0));
    }

    @Test
    void a_satisfied_rating_is_stored_on_the_ticket() throws Exception {
        gateway(Map.of());
        String code = acceptedAndDone();
        await().atMost(Duration.ofSeconds(20)).until(() -> originatesFor(code, "rating").size() == 1);
        complete(call("rating", WANG).variable("QQ_TICKET", code).press('1').press('5'));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count("SELECT count(*) FROM tickets WHERE rating_satisfaction = 5") == 1);
        assertEquals("done", h.ticketStatus(code));
    }

    @Test
    void a_rating_call_nobody_answers_three_times_is_replaced_by_a_text_to_the_family() throws Exception {
        gateway(Map.of());
        ami.phone("PJSIP/13900001001@trunk", FakeAmiServer.Phone.RINGS_OUT);
        String code = acceptedAndDone();
        String askSon = "【桥桥】您家人王秀英的求助" + code + "已办结。请回复数字评价：5很满意，4满意，3一般，2不满意，1没有办好。";
        await().atMost(Duration.ofSeconds(30)).until(() -> h.smsc.textsTo(WANG_SON).contains(askSon));
        assertEquals(3, originatesFor(code, "rating").size(), "three tries, then the family");

        await().atMost(Duration.ofSeconds(10)).until(() -> callEvents(code, "family_texted").size() == 1);
        // The confirmation call rang out too; these are the rating call's.
        List<JsonObject> attempts = callEvents(code, "call_attempt", "rating");
        assertEquals(List.of(1, 2, 3), attempts.stream().map(e -> e.getJsonObject("detail").getInteger("attempt")).toList());
        for (JsonObject attempt : attempts) {
            assertEquals(new JsonObject("{\"script\":\"rating\",\"attempt\":" + attempt.getJsonObject("detail").getInteger("attempt")
                    + ",\"maxAttempts\":3,\"to\":\"+86139****1001\"}"), attempt.getJsonObject("detail"));
        }
        List<JsonObject> outcomes = callEvents(code, "call_outcome", "rating");
        assertEquals(List.of("retry", "retry", "given_up"),
                outcomes.stream().map(e -> e.getJsonObject("detail").getString("next")).toList());
        JsonObject last = outcomes.getLast().getJsonObject("detail");
        assertEquals(new JsonObject("{\"script\":\"rating\",\"attempt\":3,\"result\":\"no_answer\",\"amiReason\":3,"
                + "\"amiReasonText\":\"rang out\",\"hangupCause\":19,\"hangupCauseText\":\"User alerting, no answer\","
                + "\"next\":\"given_up\"}"), last);
        assertTrue(outcomes.getFirst().getJsonObject("detail").containsKey("retryAt"));
        assertEquals(new JsonObject("{\"script\":\"rating\",\"attempts\":3,\"result\":\"no_answer\"}"),
                callEvents(code, "call_gave_up", "rating").getFirst().getJsonObject("detail"));
        assertEquals(new JsonObject("{\"script\":\"rating\",\"count\":1,\"to\":[\"+86139****9001\"]}"),
                callEvents(code, "family_texted").getFirst().getJsonObject("detail"));

        // The son rates by replying to that text.
        int before = h.smsc.textsTo(WANG_SON).size();
        h.text(WANG_SON, "4");
        assertEquals("【桥桥】谢谢您的评价！", h.awaitText(WANG_SON, before + 1));
        Row rated = h.sql("SELECT rating_done, rating_satisfaction, rating_channel, status FROM tickets WHERE code = $1", code)
                .iterator().next();
        assertEquals(List.of(true, 4, "sms", "done"), List.of(rated.getBoolean(0), rated.getInteger(1), rated.getString(2),
                rated.getString(3)));
    }

    @Test
    void a_confirmation_call_its_outcome_and_how_the_resident_heard_it_are_on_the_ticket() throws Exception {
        gateway(Map.of());
        String code = acceptTicketFrom(WANG, ZHANG);
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                "SELECT count(*) FROM outbox WHERE channel = 'call' AND script = 'confirm' AND status = 'sent'") == 1);
        // Asterisk runs the dialplan's AGI line on the answered call.
        complete(call("confirm?ticket=" + code + "&attempt=1", WANG));
        await().atMost(Duration.ofSeconds(10)).until(() -> callEvents(code, "call_script").size() == 1);

        JsonObject ticket = ApiClient.json(new ApiClient(h.gateway().httpPort(), READER_TOKEN).get("/api/tickets/" + code));
        List<JsonObject> calls = ticket.getJsonArray("events").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").startsWith("call_")).toList();
        assertEquals(List.of("call_attempt", "call_outcome", "call_script"), calls.stream().map(e -> e.getString("type")).toList());
        assertEquals(new JsonObject("{\"script\":\"confirm\",\"attempt\":1,\"maxAttempts\":3,\"to\":\"+86139****1001\"}"),
                calls.get(0).getJsonObject("detail"));
        assertEquals(new JsonObject("{\"script\":\"confirm\",\"attempt\":1,\"result\":\"answered\",\"amiReason\":4,"
                + "\"amiReasonText\":\"answered\",\"next\":\"done\"}"), calls.get(1).getJsonObject("detail"));
        assertEquals(new JsonObject("{\"script\":\"confirm\",\"result\":\"completed\",\"attempt\":1,"
                + "\"lastPrompt\":\"help-is-coming\"}"), calls.get(2).getJsonObject("detail"));
        for (JsonObject event : calls) {
            assertTrue(OffsetDateTime.parse(event.getString("at")).isAfter(OffsetDateTime.parse(ticket.getString("createdAt"))),
                    "each event says when: " + event);
        }
    }

    @Test
    void a_resident_who_hangs_up_on_the_confirmation_call_is_on_the_ticket_too() throws Exception {
        gateway(Map.of());
        ami.phone("PJSIP/13900001001@trunk", FakeAmiServer.Phone.ANSWERS_THEN_HANGS_UP);
        String code = acceptTicketFrom(WANG, ZHANG);
        await().atMost(Duration.ofSeconds(20)).until(() -> callEvents(code, "call_outcome").size() == 1);
        complete(call("confirm?ticket=" + code + "&attempt=1", WANG).hangUpAt("SAY DIGITS"));
        await().atMost(Duration.ofSeconds(10)).until(() -> callEvents(code, "call_script").size() == 1);

        assertEquals("answered", callEvents(code, "call_outcome").getFirst().getJsonObject("detail").getString("result"));
        JsonObject script = callEvents(code, "call_script").getFirst().getJsonObject("detail");
        assertEquals("hung_up", script.getString("result"));
        assertEquals("digits", script.getString("lastPrompt"), "the resident hung up while the code was read");
    }

    @Test
    void a_busy_line_then_an_answer_are_two_attempts_on_the_ticket() throws Exception {
        // Long enough to switch the phone from busy to answering before the second attempt.
        gateway(Map.of("outbound.call-retry-interval", "PT3S"));
        ami.phone("PJSIP/13900001001@trunk", FakeAmiServer.Phone.BUSY);
        String code = acceptTicketFrom(WANG, ZHANG);
        await().atMost(Duration.ofSeconds(20)).until(() -> callEvents(code, "call_outcome").size() == 1);
        ami.phone("PJSIP/13900001001@trunk", FakeAmiServer.Phone.ANSWERS);
        await().atMost(Duration.ofSeconds(20)).until(() -> callEvents(code, "call_outcome").size() == 2);

        List<JsonObject> outcomes = callEvents(code, "call_outcome");
        assertEquals(new JsonObject("{\"script\":\"confirm\",\"attempt\":1,\"result\":\"busy\",\"amiReason\":5,"
                + "\"amiReasonText\":\"busy\",\"hangupCause\":17,\"hangupCauseText\":\"User busy\",\"next\":\"retry\","
                + "\"retryAt\":\"" + outcomes.get(0).getJsonObject("detail").getString("retryAt") + "\"}"),
                outcomes.get(0).getJsonObject("detail"));
        assertEquals("answered", outcomes.get(1).getJsonObject("detail").getString("result"));
        assertEquals(2, outcomes.get(1).getJsonObject("detail").getInteger("attempt"));
        assertEquals(List.of(1, 2), callEvents(code, "call_attempt").stream()
                .map(e -> e.getJsonObject("detail").getInteger("attempt")).toList());
    }

    /** The ticket's events of one type about one script's calls. */
    private List<JsonObject> callEvents(String code, String type, String script) {
        return callEvents(code, type).stream().filter(e -> script.equals(e.getJsonObject("detail").getString("script"))).toList();
    }

    /** The ticket's events of one type, through the API as an operator sees them. */
    private List<JsonObject> callEvents(String code, String type) {
        JsonObject ticket = ApiClient.json(new ApiClient(h.gateway().httpPort(), READER_TOKEN).get("/api/tickets/" + code));
        return ticket.getJsonArray("events").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals(type)).toList();
    }

    @Test
    void rating_calls_wait_for_the_end_of_quiet_hours() throws Exception {
        // The studio's one quiet-hours definition (21:00-07:00); the work is done at 10:00 and the
        // rating call is due twelve hours later, at 22:00: it waits for 07:00 the next morning.
        // No spread (outbound.rating-spread, CallsOnATrunkTest): this test's subject is the end of quiet hours itself.
        gateway(Map.of("quiet-hours.start", "21:00", "quiet-hours.end", "07:00", "outbound.rating-delay", "PT12H",
                "outbound.rating-spread", "PT0S"));
        String code = acceptedAndDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count("""
                SELECT count(*) FROM outbox WHERE channel = 'call' AND script = 'rating'
                  AND (next_attempt_at AT TIME ZONE 'Asia/Shanghai')::time = '07:00'
                  AND next_attempt_at > studio_now() + interval '20 hours'""") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> originatesFor(code, "confirm").size() == 1); // not held back
        assertEquals(0, originatesFor(code, "rating").size());
    }

    @Test
    void calls_queued_while_the_ami_link_is_down_are_each_placed_once_after_it_returns() throws Exception {
        gateway(Map.of());
        ami.acceptSecret("rotated-by-mistake");
        ami.dropConnections();
        String first = acceptTicketFrom(WANG, ZHANG);
        String second = acceptTicketFrom("+8613900001002", "+8613900002002");
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(
                "SELECT count(*) FROM outbox WHERE channel = 'call' AND status = 'pending'") == 2);
        assertEquals(0, originatesFor(first, "confirm").size());

        ami.acceptSecret(AMI_SECRET);
        await().atMost(Duration.ofSeconds(30)).until(() -> originatesFor(first, "confirm").size() == 1
                && originatesFor(second, "confirm").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(
                "SELECT count(*) FROM outbox WHERE channel = 'call' AND status = 'sent'") == 2);
        assertEquals(1, originatesFor(first, "confirm").size());
        assertEquals(1, originatesFor(second, "confirm").size());
    }

    @Test
    void two_hundred_simultaneous_calls_all_become_tickets_without_blocking_the_event_loop() throws Exception {
        gateway(Map.of());
        EventLoopLag lag = EventLoopLag.watch(h.gateway().vertx());
        List<java.util.concurrent.CompletableFuture<List<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String caller = String.format("+86136%08d", i);
            calls.add(call("hotline", caller).press((char) ('1' + i % 4)).dial(h.gateway().agiPort()));
        }
        for (var c : calls) {
            List<String> commands = c.get(60, TimeUnit.SECONDS);
            // A ticket code, or, when the desk could not answer within its 5 s (a busy machine), the promise
            // of a call back: the call is spooled and becomes a ticket moments later (issue 12).
            assertTrue(commands.stream().anyMatch(x -> x.startsWith("SAY DIGITS") || x.contains("desk-callback")),
                    "every caller hears a ticket code or that someone will call back: " + commands);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> h.count("SELECT count(*) FROM tickets WHERE channel = 'voice'") >= 200);
        assertEquals(200, h.count("SELECT count(*) FROM tickets WHERE channel = 'voice'"), "no ticket lost, none twice");
        assertEquals(200, h.count("SELECT count(DISTINCT call_id) FROM tickets WHERE channel = 'voice'"));
        lag.stop();
        assertTrue(lag.worstMillis() < 2000,
                "an event loop was blocked for " + lag.worstMillis() + " ms (Vert.x warns at 2000 ms)");
    }

    private String acceptTicketFrom(String resident, String volunteer) {
        int seen = h.smsc.textsTo(volunteer).size();
        h.text(resident, "帮我交电费");
        String code = codeIn(h.awaitTexts(resident, 1).get(h.smsc.textsTo(resident).size() - 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.textsTo(volunteer).size() > seen);
        h.text(volunteer, "1 " + code);
        await().atMost(Duration.ofSeconds(10)).until(() -> "accepted".equals(h.ticketStatus(code)));
        return code;
    }
}
