package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_B;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An accept that must not count changes nothing and is answered in words that say why: from a
 * volunteer who has been deactivated, for an offer whose time ran out, and for an offer the
 * studio withdrew (here by closing the ticket and reopening it, when it is offered to others).
 */
class AcceptsThatChangeNothingTest {
    private GatewayHarness h;
    private String code;

    @BeforeEach
    void aRequestIsOfferedToTheFirstNeighbour() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the request is offered at once only outside quiet hours",
                Map.of("api.tokens", "desk:tickets.read+tickets.write:desk-token")).withRoster(SmallRoster.CSV);
        h.text(RESIDENT, "家里的灯泡坏了");
        code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitText(MEMBER_A, 1);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** What the ticket and its offers are: status, who has it, each offer's volunteer and status. */
    private List<String> state() {
        List<String> out = new java.util.ArrayList<>();
        h.sql("SELECT status, coalesce(accepted_by::text, '-') FROM tickets WHERE code = $1", code)
                .forEach(r -> out.add(r.getString(0) + " by " + r.getString(1)));
        h.sql("SELECT v.phone, o.status FROM offers o JOIN volunteers v ON v.id = o.volunteer_id JOIN tickets t ON t.id = o.ticket_id "
                + "WHERE t.code = $1 ORDER BY o.id", code).forEach(r -> out.add(r.getString(0) + " " + r.getString(1)));
        return out;
    }

    @Test
    void a_deactivated_volunteers_accept_changes_nothing_and_says_their_registration_is_inactive() {
        h.sql("UPDATE volunteers SET active = false WHERE phone = $1", MEMBER_A);
        List<String> before = state();

        h.text(MEMBER_A, "1 " + code);
        assertEquals("【桥桥】您的志愿者登记已停用，无法接单。如有疑问请联系工作站。", h.awaitText(MEMBER_A, 2));
        h.awaitNothingDue();
        assertEquals(before, state());
        assertEquals(List.of("offered by -", MEMBER_A + " pending"), before);
        assertEquals(1, h.smsc.textsTo(RESIDENT).size(), "the resident is told nothing");
    }

    @Test
    void an_accept_of_an_offer_whose_time_ran_out_changes_nothing_and_says_it_went_to_someone_else() {
        h.letTimePass(Duration.ofMinutes(15), () -> !h.smsc.textsTo(MEMBER_B).isEmpty());
        List<String> before = state();
        assertEquals(List.of("offered by -", MEMBER_A + " expired", MEMBER_B + " pending"), before);

        h.text(MEMBER_A, "1 " + code);
        assertEquals("【桥桥】求助" + code + "的接单时间已过，已转给其他人，谢谢您。", h.awaitText(MEMBER_A, 2));
        h.awaitNothingDue();
        assertEquals(before, state());
    }

    @Test
    void an_accept_of_an_offer_the_studio_withdrew_changes_nothing_and_says_it_is_arranged_otherwise() {
        ApiClient desk = new ApiClient(h.gateway().httpPort(), "desk-token");
        assertEquals(200, desk.post("/api/tickets/" + code + "/close", "{\"reason\":\"居民打电话说自己修好了\"}").statusCode());
        assertEquals("【桥桥】求助" + code + "已由工作人员处理，您无需再接单。谢谢您！", h.awaitText(MEMBER_A, 2));
        h.text(MEMBER_A, "1 " + code);
        assertEquals("【桥桥】求助" + code + "没有派给您，或已经结束，无法操作。", h.awaitText(MEMBER_A, 3), "a closed ticket cannot be taken");

        assertEquals(200, desk.post("/api/tickets/" + code + "/reopen", "{\"reason\":\"又坏了\"}").statusCode());
        h.awaitText(MEMBER_B, 1);
        h.awaitNothingDue();
        List<String> before = state();
        assertEquals(List.of("offered by -", MEMBER_A + " withdrawn", MEMBER_B + " pending"), before);

        h.text(MEMBER_A, "1 " + code);
        assertEquals("【桥桥】求助" + code + "已另有安排，无需再接，谢谢您。", h.awaitText(MEMBER_A, 4));
        h.awaitNothingDue();
        assertEquals(before, state(), "the reopened ticket is still offered to the other neighbour only");
    }
}
