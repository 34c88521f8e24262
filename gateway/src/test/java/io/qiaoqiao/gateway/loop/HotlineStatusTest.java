package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.DemoTownship.WANG;
import static io.qiaoqiao.gateway.loop.DemoTownship.WANG_SON;
import static io.qiaoqiao.gateway.loop.DemoTownship.ZHANG;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hotline's status key against the real ticket system: Asterisk is played at the FastAGI wire
 * level as in the captures, the request was texted and accepted through the simulated SMSC. The
 * resident and her son, calling, hear where it stands; a caller with nothing open hears the usual
 * greeting.
 */
class HotlineStatusTest {

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

    @Test
    void the_resident_and_her_son_press_nine_and_hear_the_code_and_the_volunteers_phone() throws Exception {
        h.text(WANG, "我家电视遥控器坏了");
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);

        List<String> waiting = dial(new FakeAsteriskAgiClient("hotline", WANG, "1796155351.41").pressDuringPrompt('9'));
        assertEquals(List.of(
                "ANSWER",
                "STREAM FILE \"qiaoqiao/hotline-greeting-status\" \"012349\"",
                "STREAM FILE \"qiaoqiao/ticket-code-is\" \"\"",
                "SAY DIGITS \"" + code + "\" \"\"",
                "STREAM FILE \"qiaoqiao/status-waiting\" \"\"",
                "STREAM FILE \"qiaoqiao/goodbye\" \"\""), waiting);

        h.text(ZHANG, "1 " + code);
        h.awaitText(WANG, 2);
        List<String> accepted = dial(new FakeAsteriskAgiClient("hotline", WANG_SON, "1796155351.42").press('9'));
        assertEquals(List.of(
                "ANSWER",
                "STREAM FILE \"qiaoqiao/hotline-greeting-status\" \"012349\"",
                "GET DATA \"qiaoqiao/hotline-menu\" 5000 1",
                "STREAM FILE \"qiaoqiao/ticket-code-is\" \"\"",
                "SAY DIGITS \"" + code + "\" \"\"",
                "STREAM FILE \"qiaoqiao/status-accepted\" \"\"",
                "SAY DIGITS \"13900002001\" \"\"",
                "STREAM FILE \"qiaoqiao/goodbye\" \"\""), accepted, "her son asks by phone about his mother's request");
        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "asking opened no ticket");

        List<String> stranger = dial(new FakeAsteriskAgiClient("hotline", DemoTownship.STRANGER, "1796155351.43").press('1'));
        assertEquals("STREAM FILE \"qiaoqiao/hotline-greeting\" \"01234\"", stranger.get(1), "nothing open: the usual greeting");
    }
}
