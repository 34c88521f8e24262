package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A confidential request (matchmaking, 说媒) walked through the whole chain with the demo roster
 * of 桥头村: the resident's group leaders as neighbours, the leaders' step, a leader who accepts
 * and hands it on (转), the village committee's and the township centre's duty phones, a studio
 * reassignment, and done. Then every text the SMSC received is read: only the resident and the
 * leader chosen for it (who accepted, or was given it) ever read the resident's name or request.
 */
class ConfidentialTextsTest {
    private static final String WANG = "+8613900001001";        // 王秀英, 桥头村一组; her son 李建国 is a family contact
    private static final String SON = "+8613900009001";
    private static final String CHEN_JING = "+8613900002101";   // leader of the group serving 一组
    private static final String LIU_YANG = "+8613900002102";    // the other leader of that group
    private static final String COMMITTEE = "+8613900008001";
    private static final String TOWNSHIP = "+8613900008002";
    private static final String REQUEST = "想请人给我孙子说媒";
    private static final List<String> SECRETS = List.of("王秀英", "说媒", "孙子", "想请人");
    private GatewayHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private boolean entered(String code, String step) {
        return h.count("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 "
                + "AND e.type = 'escalated' AND e.detail->>'step' = $2", code, step) > 0;
    }

    @Test
    void only_the_resident_and_the_chosen_leader_ever_read_the_name_or_the_request() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "normal requests are offered at once only outside quiet hours",
                Map.of("api.tokens", "desk:tickets.read+tickets.write:desk-token")).withDemoRoster();
        h.sql("INSERT INTO duty_phones (kind, village, name, phone) VALUES ('village-committee', '桥头村', '桥头村村委会', $1), "
                + "('township-centre', '', '清河镇综治中心', $2)", COMMITTEE, TOWNSHIP);

        h.text(WANG, REQUEST);
        String code = codeIn(h.awaitText(WANG, 1));
        h.letTimePass(Duration.ofHours(1), () -> entered(code, "village-leaders") && h.smsc.textsTo(LIU_YANG).size() >= 2);

        h.text(CHEN_JING, "1 " + code);
        String accepted = "【桥桥】您已接单" + code + "（保密事项）：王秀英，桥头村一组，电话13900001001。“" + REQUEST + "”。切勿转告他人。办完回复D "
                + code + "。";
        assertEquals(accepted, h.awaitText(CHEN_JING, 3), "the leader who accepted reads the details, to do the work");
        h.text(CHEN_JING, "转 " + code + " 我和他家是亲戚，不方便");
        assertEquals("【桥桥】已收到，求助" + code + "将转交桥头村村委会处理。", h.awaitText(CHEN_JING, 4));

        h.letTimePass(Duration.ofHours(3), () -> entered(code, "township-centre") && !h.smsc.textsTo(TOWNSHIP).isEmpty());
        long liuYang = h.count("SELECT id FROM volunteers WHERE phone = $1", LIU_YANG);
        HttpResponse<String> reassigned = new ApiClient(h.gateway().httpPort(), "desk-token").post("/api/tickets/" + code + "/reassign",
                "{\"volunteerId\":" + liuYang + ",\"reason\":\"刘洋和居民熟悉\"}");
        assertEquals(200, reassigned.statusCode(), reassigned.body());
        String assigned = "【桥桥】工作人员将求助" + code + "（代言，保密事项）派给您：王秀英，桥头村一组，电话13900001001。“" + REQUEST
                + "”。切勿转告他人。办完回复D " + code + "。";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.textsTo(LIU_YANG).contains(assigned));
        h.text(LIU_YANG, "D " + code);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(h.ticketStatus(code)));
        h.awaitNothingDue();

        Set<String> texted = new TreeSet<>();
        h.smsc.submits().forEach(s -> texted.add("+" + s.destination()));
        assertTrue(texted.containsAll(Set.of(WANG, CHEN_JING, LIU_YANG, COMMITTEE, TOWNSHIP)), "the whole chain was walked: " + texted);
        List<String> readTheSecret = new ArrayList<>();
        for (String phone : texted) {
            for (String text : h.smsc.textsTo(phone)) {
                if (SECRETS.stream().anyMatch(text::contains)) {
                    readTheSecret.add(phone + " " + text);
                }
            }
        }
        assertEquals(List.of(CHEN_JING + " " + accepted, LIU_YANG + " " + assigned), readTheSecret,
                "of " + h.smsc.submits().size() + " parts to " + texted.size() + " phones");
        assertFalse(texted.contains(SON), "the family of a confidential matter hears nothing of it");
        assertEquals("【桥桥】求助" + code + "（代言，保密事项）原志愿者申请转交，已转交桥头村村委会：桥头村一组，电话13900001001。详情请电话了解，"
                + "切勿转告他人。办结后回复“办结 " + code + "”。", h.smsc.textsTo(COMMITTEE).getFirst());
    }
}
