package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.DemoTownship.REQUEST;
import static io.qiaoqiao.gateway.loop.DemoTownship.WANG;
import static io.qiaoqiao.gateway.loop.DemoTownship.WANG_SON;
import static io.qiaoqiao.gateway.loop.DemoTownship.ZHANG;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "还没人来" climbs a request one step at once — from the neighbours to the group leaders, from
 * a leader who accepted to the village committee, to the township centre — and at the last step
 * the resident hears where it stands. A duty phone that was handed a request closes it with
 * "办结 1234"; one that was not, or a code that does not exist, changes nothing and is told so.
 */
class NudgeAndDutyPhoneTest {
    static final String CHEN = "+8613900002101";      // 陈静, leader of the group serving 一组
    static final String LIU = "+8613900002102";       // 刘洋, the other leader
    static final String COMMITTEE = "+8613950000001";
    static final String TOWNSHIP = "+8613950000002";
    static final String OTHER_COMMITTEE = "+8613950000003";

    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = DemoTownship.atDaytime();
        h.sql("INSERT INTO duty_phones (kind, village, name, phone) VALUES ('village-committee', '桥头村', '桥头村村委会', $1), "
                + "('township-centre', '', '桥头镇综治中心', $2), ('village-committee', '清河村', '清河村村委会', $3)",
                COMMITTEE, TOWNSHIP, OTHER_COMMITTEE);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void a_nudge_climbs_one_step_at_once_accepted_work_too_and_at_the_last_step_says_where_it_stands() {
        h.text(WANG, REQUEST);
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);

        h.text(WANG, "还没人来！");
        assertEquals("【桥桥】已为您催办求助" + code + "，现转交组长处理。", h.awaitText(WANG, 2));
        String toLeaders = "【桥桥】求助" + code + "（维修）居民催办，请组长协调：王秀英，桥头村一组，电话13900001001。“" + REQUEST
                + "”。接单回复1 " + code + "。";
        assertEquals(toLeaders, h.awaitText(CHEN, 1));
        assertEquals(toLeaders, h.awaitText(LIU, 1));
        assertEquals("escalated", h.ticketStatus(code));

        // A leader takes it; the son, not the resident, nudges: the accepted work is taken back and handed up.
        h.text(CHEN, "1 " + code);
        h.awaitText(WANG, 3);
        h.text(WANG_SON, "催一下");
        assertEquals("【桥桥】已为您催办求助" + code + "，现转交桥头村村委会处理。", h.awaitText(WANG_SON, 2));
        assertEquals("【桥桥】您的求助" + code + "已转交桥头村村委会处理，请保持电话畅通。", h.awaitText(WANG, 4),
                "the resident hears it too when her son nudged");
        assertEquals("【桥桥】求助" + code + "已转交桥头村村委会处理，您不用再办了，谢谢。", lastTo(CHEN),
                "the volunteer hears the same holder the resident does");
        assertTrue(h.awaitText(COMMITTEE, 1).startsWith("【桥桥】求助" + code + "（维修）居民催办，已转交桥头村村委会："),
                h.smsc.textsTo(COMMITTEE).toString());

        h.text(WANG, "怎么还没人来");
        assertEquals("【桥桥】已为您催办求助" + code + "，现转交桥头镇综治中心处理。", h.awaitText(WANG, 5));
        h.awaitText(TOWNSHIP, 1);

        h.text(WANG, "催一下");
        String created = FollowUpTest.when(h.sql("SELECT created_at FROM tickets WHERE code = $1", code).iterator().next()
                .getOffsetDateTime(0), h.studioNow());
        assertEquals("【桥桥】您的求助" + code + "（" + created + "登记）正在安排，现由桥头镇综治中心负责。", h.awaitText(WANG, 6),
                "nowhere left to climb: where it stands");

        List<String> climbs = new ArrayList<>();
        for (Row r : h.sql("SELECT e.type, e.detail->>'why', e.detail->>'step', e.detail->>'climbed' FROM ticket_events e "
                + "JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 AND e.type IN ('nudged', 'escalated', 'handed_up') "
                + "ORDER BY e.id", code)) {
            climbs.add(r.getString(0) + ":" + (r.getString(0).equals("nudged") ? r.getString(3) : r.getString(1) + "@" + r.getString(2)));
        }
        assertEquals(List.of("nudged:true", "escalated:nudged@village-leaders", "nudged:true", "handed_up:nudged@null",
                "escalated:nudged@village-committee", "nudged:true", "escalated:nudged@township-centre", "nudged:false"), climbs);
        assertEquals(List.of(), h.smsc.textsTo(WANG).stream().filter(t -> t.contains("已转交组长处理")).toList(),
                "the resident who nudged is answered once, not told twice");
    }

    @Test
    void a_duty_phone_closes_a_request_handed_to_it_and_the_resident_is_told() {
        h.text(WANG, REQUEST);
        String code = codeIn(h.awaitText(WANG, 1));
        h.text(WANG, "还没人来");
        h.awaitText(WANG, 2);
        h.text(WANG, "催一下"); // other words: the same words within minutes are taken for the SMSC's redelivery
        h.awaitText(COMMITTEE, 1);

        h.text(OTHER_COMMITTEE, "办结 " + code);
        assertEquals("【桥桥】求助" + code + "没有派给您，或已经结束，无法操作。", h.awaitText(OTHER_COMMITTEE, 1),
                "a duty phone never handed it cannot close it");
        h.text(COMMITTEE, "办结 99999");
        assertEquals("【桥桥】没有找到编号99999的求助，请核对编号。", h.awaitText(COMMITTEE, 2));
        assertEquals("escalated", h.ticketStatus(code));

        h.text(COMMITTEE, "办结 " + code + " 已上门换了电池");
        assertEquals("【桥桥】求助" + code + "已办结，谢谢。", h.awaitText(COMMITTEE, 3));
        assertEquals("【桥桥】您的求助" + code + "已由桥头村村委会办结。如有问题请拨打热线。", h.awaitText(WANG, 4));
        Row closed = h.sql("SELECT status, close_kind, closed_by FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(List.of("closed", "solved", "duty_phone:桥头村村委会"),
                List.of(closed.getString(0), closed.getString(1), closed.getString(2)));
        assertEquals("已上门换了电池", h.sql("SELECT e.detail->>'reason' FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                + "WHERE t.code = $1 AND e.type = 'closed'", code).iterator().next().getString(0));
        h.letTimePass(Duration.ofHours(6), () -> false);
        assertEquals("closed", h.ticketStatus(code), "no step's budget or offer moves a closed ticket");
        assertEquals(List.of(), h.smsc.textsTo(TOWNSHIP), "the township centre never heard of it");

        h.text(COMMITTEE, "完成 " + code);
        assertEquals("【桥桥】求助" + code + "没有派给您，或已经结束，无法操作。", h.awaitText(COMMITTEE, 4), "closed already");
    }

    private String lastTo(String phone) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> h.smsc.textsTo(phone).stream().anyMatch(t -> t.contains("您不用再办了")));
        List<String> texts = h.smsc.textsTo(phone);
        return texts.getLast();
    }
}
