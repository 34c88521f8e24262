package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.DemoTownship.REQUEST;
import static io.qiaoqiao.gateway.loop.DemoTownship.WANG;
import static io.qiaoqiao.gateway.loop.DemoTownship.WANG_SON;
import static io.qiaoqiao.gateway.loop.DemoTownship.ZHANG;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resident calls the hotline again while her request is open (demo roster of 桥头村, Asterisk
 * played at the FastAGI wire level, texts through the simulated SMSC): a call about the same need
 * joins her ticket, tells the volunteer who has it, and says so to her on the line; a message she
 * leaves is played to that volunteer on the volunteer line. A call about another need is a new
 * ticket; her son's call about her request joins it too.
 */
class HotlineFollowUpTest {
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = DemoTownship.atDaytime();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private List<String> dial(FakeAsteriskAgiClient client) throws Exception {
        return DemoTownship.dial(h, client);
    }

    /** What the caller hears once the call is added to request {@code code}. */
    private static List<String> addedTo(String code) {
        return List.of(
                "STREAM FILE \"qiaoqiao/added-to-request\" \"\"",
                "SAY DIGITS \"" + code + "\" \"\"",
                "STREAM FILE \"qiaoqiao/ticket-code-again\" \"\"",
                "SAY DIGITS \"" + code + "\" \"\"",
                "STREAM FILE \"qiaoqiao/help-is-coming\" \"\"");
    }

    /** Wang texts her request (a repair); returns its code once Zhang is offered it. */
    private String textedAndOfferedToZhang() {
        h.text(WANG, REQUEST);
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        return code;
    }

    private static List<String> tail(List<String> commands, int n) {
        return commands.subList(commands.size() - n, commands.size());
    }

    private List<JsonObject> followUps(String code) {
        List<JsonObject> out = new java.util.ArrayList<>();
        h.sql("SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                + "WHERE t.code = $1 AND e.type = 'follow_up' ORDER BY e.id", code)
                .forEach(r -> out.add((JsonObject) r.getValue(0)));
        return out;
    }

    @Test
    void a_resident_who_calls_again_about_the_same_need_joins_her_open_ticket_and_the_volunteer_who_has_it_is_told()
            throws Exception {
        dial(new FakeAsteriskAgiClient("hotline", WANG, "1796155360.1").press('2'));
        String code = h.sql("SELECT code FROM tickets").iterator().next().getString(0);
        assertTrue(h.awaitText(ZHANG, 1).startsWith("【桥桥】新求助" + code + "（维修）"), h.smsc.textsTo(ZHANG).toString());
        h.text(ZHANG, "1 " + code);
        h.awaitText(ZHANG, 2);

        // She calls again and presses 2 again: the same need.
        List<String> again = dial(new FakeAsteriskAgiClient("hotline", WANG, "1796155360.2").press('2'));
        assertEquals("STREAM FILE \"qiaoqiao/hotline-greeting-status\" \"012349\"", again.get(1));
        assertEquals(addedTo(code), tail(again, 5), again.toString());
        assertEquals("【桥桥】求助" + code + "：求助人又打来热线问这件事，请尽快联系居民，电话13900001001。",
                h.awaitText(ZHANG, 3));
        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "no second ticket");
        assertEquals(0, h.count("SELECT count(*) FROM offers WHERE volunteer_id <> (SELECT accepted_by FROM tickets)"),
                "no second volunteer");
        Row event = h.sql("SELECT detail, actor FROM ticket_events WHERE type = 'follow_up'").iterator().next();
        assertEquals(new JsonObject().put("from", WANG).put("callId", "1796155360.2").put("category", "REPAIR"),
                event.getValue(0));
        assertEquals("voice:" + WANG, event.getString(1));

        // Once more, pressing nothing: she leaves a message, and the volunteer line plays it to Zhang.
        List<String> message = dial(new FakeAsteriskAgiClient("hotline", WANG, "1796155360.3")
                .pressNothing().speakThenHash(48000));
        assertTrue(message.stream().anyMatch(c -> c.startsWith("RECORD FILE")), message.toString());
        assertEquals(addedTo(code), tail(message, 5), message.toString());
        assertEquals("【桥桥】求助" + code + "：求助人又打来热线留了言，请拨志愿者热线收听，并联系居民，电话13900001001。",
                h.awaitText(ZHANG, 4));
        String recording = followUps(code).get(1).getString("recording");
        assertTrue(recording.endsWith("1796155360.3.wav"), recording);
        assertEquals(1, h.count("SELECT count(*) FROM tickets"));

        List<String> line = dial(new FakeAsteriskAgiClient("volunteer", ZHANG, "1796155360.4").press('2'));
        int intro = line.indexOf("STREAM FILE \"qiaoqiao/accepted-intro\" \"\"");
        assertTrue(intro > 0, line.toString());
        assertEquals(List.of(
                "STREAM FILE \"qiaoqiao/accepted-intro\" \"\"",
                "STREAM FILE \"qiaoqiao/category-repair\" \"\"",
                "STREAM FILE \"qiaoqiao/volunteer-code-is\" \"\"",
                "SAY DIGITS \"" + code + "\" \"\"",
                "STREAM FILE \"qiaoqiao/accepted-added-message\" \"\"",
                "STREAM FILE \"" + recording.substring(0, recording.length() - ".wav".length()) + "\" \"\""),
                line.subList(intro, intro + 6));
    }

    @Test
    void a_call_about_a_different_need_opens_a_new_ticket() throws Exception {
        String repair = textedAndOfferedToZhang();

        List<String> errand = dial(new FakeAsteriskAgiClient("hotline", WANG, "1796155361.1").press('1'));
        Row ticket = h.sql("SELECT code, category FROM tickets WHERE call_id = '1796155361.1'").iterator().next();
        assertNotEquals(repair, ticket.getString(0));
        assertEquals("ERRAND", ticket.getString(1));
        assertTrue(errand.contains("STREAM FILE \"qiaoqiao/ticket-code-is\" \"\""), errand.toString());
        assertTrue(errand.stream().noneMatch(c -> c.contains("added-to-request")), errand.toString());
        assertEquals(2, h.count("SELECT count(*) FROM tickets"));
        assertEquals(0, h.count("SELECT count(*) FROM ticket_events WHERE type = 'follow_up'"));
    }

    @Test
    void her_son_calling_about_his_mothers_open_request_joins_it_and_the_volunteer_who_accepts_hears_of_it() throws Exception {
        String code = textedAndOfferedToZhang();

        List<String> son = dial(new FakeAsteriskAgiClient("hotline", WANG_SON, "1796155362.1").press('2'));
        assertEquals(addedTo(code), tail(son, 5), son.toString());
        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "no second ticket");
        assertEquals(WANG_SON, followUps(code).getFirst().getString("from"));
        assertEquals(1, h.smsc.textsTo(ZHANG).size(), "nobody has it yet: nothing is forwarded");

        h.text(ZHANG, "1 " + code);
        assertEquals("【桥桥】您已接单" + code + "，请尽快联系求助人。办完回复D " + code + "。", h.awaitText(ZHANG, 2));
        assertEquals("【桥桥】求助" + code + "：求助人又打来热线问这件事，请尽快联系居民，电话13900001001。",
                h.awaitText(ZHANG, 3));
    }

    @Test
    void the_same_call_filed_twice_as_a_spool_replay_does_is_added_once() throws Exception {
        String code = textedAndOfferedToZhang();

        List<String> first = dial(new FakeAsteriskAgiClient("hotline", WANG, "1796155363.1").press('2'));
        List<String> replayed = dial(new FakeAsteriskAgiClient("hotline", WANG, "1796155363.1").press('2'));
        assertEquals(addedTo(code), tail(first, 5));
        assertEquals(addedTo(code), tail(replayed, 5), "the second filing answers as the first did");
        assertEquals(1, followUps(code).size(), "added once");
        assertEquals(1, h.count("SELECT count(*) FROM tickets"));
    }
}
