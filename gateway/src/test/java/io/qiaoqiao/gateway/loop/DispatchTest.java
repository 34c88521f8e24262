package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_C;
import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_D;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_B;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Offers walk the group: decline and silence pass the ticket on; nobody left escalates. */
class DispatchTest {
    private GatewayHarness h;

    private GatewayHarness gateway() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "offers, declines and expiries of normal requests: offered at once only outside quiet hours",
                Map.of()).withRoster(SmallRoster.CSV);
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** What a volunteer of the small roster is offered for the resident's request. */
    private static String offer(String code) {
        return "【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组，电话13900001001。“家里的灯泡坏了”。接单回复1 " + code + "，不接回复2 "
                + code + "。";
    }

    private String residentAsks() {
        h.text(RESIDENT, "家里的灯泡坏了");
        return codeIn(h.awaitText(RESIDENT, 1));
    }

    @Test
    void declined_offer_goes_to_the_next_volunteer_in_the_same_group() throws Exception {
        gateway();
        String code = residentAsks();
        assertEquals(offer(code), h.awaitText(MEMBER_A, 1), "members are asked before leaders");

        h.text(MEMBER_A, "2 " + code);
        assertEquals("【桥桥】已收到，求助" + code + "将转给其他志愿者。", h.awaitText(MEMBER_A, 2));
        assertEquals(offer(code), h.awaitText(MEMBER_B, 1));
        assertEquals(List.of("created", "routed", "offered", "declined", "offered"), h.eventTypes(code));
        assertEquals("offered", h.ticketStatus(code));
    }

    @Test
    void unanswered_offers_expire_to_the_next_neighbour_until_the_leaders_get_it() throws Exception {
        gateway();
        String code = residentAsks();
        assertEquals(offer(code), h.awaitText(MEMBER_A, 1));
        h.letTimePass(Duration.ofHours(1), () -> "escalated".equals(h.ticketStatus(code)));
        assertEquals(offer(code), h.awaitText(MEMBER_B, 1), "after ten minutes the next neighbour is asked");
        for (String leader : List.of(LEADER_C, LEADER_D)) {
            assertEquals(List.of("【桥桥】求助" + code + "（维修）暂无志愿者接单，请组长协调：王秀英，桥头村一组，电话13900001001。“家里的灯泡坏了”。接单回复1 "
                    + code + "。"), h.smsc.textsTo(leader), "every leader of the group is asked to coordinate, once");
        }
        // Two neighbours, ten minutes each; at twenty minutes the second offer runs out and so does the step's
        // budget (which of the two the gateway sees first does not matter); the chain's liaison step finds no
        // liaison in this roster and is skipped.
        List<String> events = h.eventTypes(code);
        assertEquals(List.of("created", "routed", "offered", "offer_expired", "offered"), events.subList(0, 5));
        assertEquals(List.of("escalation_step_skipped", "escalated", "offered"),
                events.stream().filter(e -> List.of("escalation_step_skipped", "escalated", "offered").contains(e)).skip(2).toList());
        assertEquals(2, events.stream().filter("offer_expired"::equals).count(), "both neighbours' offers ran out");
        assertEquals(0, h.count("SELECT count(*) FROM offers o JOIN volunteers v ON v.id = o.volunteer_id WHERE v.active = false"),
                "an inactive volunteer is never offered anything");
        await().atMost(Duration.ofSeconds(5)).until(() -> h.gateway().registry().scrape().lines()
                .anyMatch(l -> l.startsWith("qiaoqiao_tickets_escalated_total{category=\"repair\",channel=\"sms\",")
                        && l.endsWith(" 1.0")));
    }

    @Test
    void two_leaders_accepting_at_the_same_moment_exactly_one_wins_and_the_other_is_told() throws Exception {
        gateway();
        String code = residentAsks();
        h.letTimePass(Duration.ofHours(1), () -> "escalated".equals(h.ticketStatus(code)));
        h.awaitText(LEADER_C, 1);
        h.awaitText(LEADER_D, 1);

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> c = CompletableFuture.supplyAsync(() -> awaitThen(go, () -> h.text(LEADER_C, "1 " + code)));
        CompletableFuture<Integer> d = CompletableFuture.supplyAsync(() -> awaitThen(go, () -> h.text(LEADER_D, "Y" + code)));
        go.countDown();
        assertEquals(0, c.get());
        assertEquals(0, d.get());

        String toC = h.awaitText(LEADER_C, 2);
        String toD = h.awaitText(LEADER_D, 2);
        List<String> answers = List.of(toC, toD);
        String accepted = "【桥桥】您已接单" + code + "，请尽快联系求助人。办完回复D " + code + "。";
        String taken = "【桥桥】求助" + code + "已由其他志愿者接单，谢谢您！";
        assertEquals(1, answers.stream().filter(accepted::equals).count(), "exactly one winner: " + answers);
        assertEquals(1, answers.stream().filter(taken::equals).count(), "the other is told: " + answers);
        String winner = toC.equals(accepted) ? LEADER_C : LEADER_D;
        assertEquals(winner, h.sql("SELECT v.phone FROM tickets t JOIN volunteers v ON v.id = t.accepted_by WHERE t.code = $1", code)
                .iterator().next().getString(0));
        assertEquals(1, h.count("SELECT count(*) FROM offers o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = $1 AND o.status = 'accepted'", code));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.smsc.textsTo(RESIDENT).size() >= 2);
        String leader = winner.equals(LEADER_C) ? "丙，电话13900003101" : "丁，电话13900003102";
        assertEquals(1, h.smsc.textsTo(RESIDENT).stream()
                        .filter(("【桥桥】您的求助" + code + "已有志愿者接单：" + leader + "，会尽快与您联系。")::equals).count(),
                "the resident is told once, with the winner's name and phone: " + h.smsc.textsTo(RESIDENT));
    }

    private static int awaitThen(CountDownLatch go, java.util.function.IntSupplier action) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return action.getAsInt();
    }
}
