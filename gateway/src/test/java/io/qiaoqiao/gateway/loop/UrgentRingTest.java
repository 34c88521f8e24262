package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_C;
import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_D;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.outbound.FakeAmiServer;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An urgent request nobody takes reaches the group leaders within ten minutes and rings them:
 * the gateway asks Asterisk (AMI, replayed by {@link FakeAmiServer}) to call each leader, and when
 * one answers Asterisk runs the {@code offer} script over FastAGI ({@link FakeAsteriskAgiClient});
 * the leader presses 1 and has it, by the same rules as an accept by SMS.
 */
class UrgentRingTest {
    private static final String AMI_SECRET = "ami-secret";
    private FakeAmiServer ami;
    private GatewayHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (ami != null) {
            ami.close();
        }
    }

    private List<Map<String, List<String>>> offerCalls(String code) {
        return ami.actions("Originate").stream().filter(a -> a.getOrDefault("Variable", List.of()).containsAll(
                List.of("QQ_TICKET=" + code, "QQ_SCRIPT=offer"))).toList();
    }

    private static String variable(Map<String, List<String>> action, String name) {
        return action.get("Variable").stream().filter(v -> v.startsWith(name + "=")).findFirst().orElseThrow()
                .substring(name.length() + 1);
    }

    @Test
    void an_urgent_request_nobody_takes_rings_a_leader_who_presses_one_and_has_it() throws Exception {
        ami = new FakeAmiServer("qiaoqiao", AMI_SECRET);
        Map<String, String> calls = new HashMap<>(Map.of("ami.enabled", "true", "ami.port", String.valueOf(ami.port()),
                "ami.secret", AMI_SECRET, "ami.reconnect-min-ms", "100", "ami.reconnect-max-ms", "300",
                // The two members are the neighbours asked (ties would bring a leader in as a third); the leaders are rung next.
                "plugin.triage.neighbours.urgent.at-once", "2", "plugin.triage.neighbours.urgent.asked", "2"));
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the hour is not what this test is about; the ringing is", calls)
                .withRoster(SmallRoster.CSV);
        await().atMost(Duration.ofSeconds(30)).until(() -> ami.goodLogins() > 0);

        h.text(RESIDENT, "老伴摔倒了，起不来，快来人");
        String code = codeIn(h.awaitText(RESIDENT, 1));
        Instant asked = h.studioNow();
        h.letTimePass(Duration.ofMinutes(30), () -> offerCalls(code).size() == 2);

        assertTrue(Duration.between(asked, h.studioNow()).compareTo(Duration.ofMinutes(10)) <= 0,
                "the leaders ring within ten minutes by the studio clock");
        List<String> rung = offerCalls(code).stream().map(a -> variable(a, "QQ_TO")).sorted().toList();
        assertEquals(List.of(LEADER_C, LEADER_D), rung, "both leaders of the group are rung");
        Map<String, List<String>> toC = offerCalls(code).stream().filter(a -> variable(a, "QQ_TO").equals(LEADER_C)).findFirst().orElseThrow();
        assertEquals("PJSIP/13900003101@trunk", FakeAmiServer.first(toC, "Channel"));
        assertEquals("qiaoqiao-outbound", FakeAmiServer.first(toC, "Context"));

        // C answers; Asterisk runs the script the dialplan names, with the ticket and the attempt.
        FakeAsteriskAgiClient answered = new FakeAsteriskAgiClient("offer?ticket=" + code + "&attempt=" + variable(toC, "QQ_ATTEMPT"),
                "12345", "1795368349.77").variable("QQ_TO", LEADER_C).press('1');
        List<String> commands = answered.dial(h.gateway().agiPort()).get(30, TimeUnit.SECONDS);

        assertEquals(3, commands.stream().filter(("SAY DIGITS \"" + code + "\" \"\"")::equals).count(),
                "the code twice, and once more after the accept: " + commands);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/category-unknown\" \"\""), commands::toString);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/offer-accepted\" \"\""), commands::toString);
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(h.ticketStatus(code)));
        assertEquals(LEADER_C, h.sql("SELECT v.phone FROM tickets t JOIN volunteers v ON v.id = t.accepted_by WHERE t.code = $1", code)
                .iterator().next().getString(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.textsTo(LEADER_C).contains(
                "【桥桥】您已接单" + code + "，请尽快联系求助人。办完回复D " + code + "。"));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.textsTo(RESIDENT).contains(
                "【桥桥】您的求助" + code + "已有志愿者接单：丙，电话13900003101，会尽快与您联系。"));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.textsTo(LEADER_D).contains(
                "【桥桥】求助" + code + "已由其他志愿者接单，谢谢您！"));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                + "WHERE t.code = $1 AND e.type = 'call_script' AND e.detail->>'script' = 'offer' AND e.detail->>'result' = 'completed'",
                code) == 1);
    }
}
