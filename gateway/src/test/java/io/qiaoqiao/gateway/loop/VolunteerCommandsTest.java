package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_C;
import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_D;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_B;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Volunteers and grid workers act by SMS, and every command is answered in one short text:
 * 上报 opens a ticket at their group, 转 hands a ticket one step up, 请假 takes them off call,
 * 我的 lists what they have, 在办 says they are still on it.
 */
class VolunteerCommandsTest {
    private static final DateTimeFormatter DAY_AND_CLOCK = DateTimeFormatter.ofPattern("M月d日HH:mm");
    private GatewayHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private GatewayHarness gateway(Map<RosterKind, String> roster) throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "offers of normal requests go out at once only outside quiet hours",
                Map.of()).withRoster(roster);
        return h;
    }

    private String residentAsks(String text) {
        h.text(RESIDENT, text);
        return codeIn(h.awaitText(RESIDENT, 1));
    }

    /** The resident's repair, offered to the first neighbour, who takes it. */
    private String acceptedByTheFirstNeighbour() {
        String code = residentAsks("家里的灯泡坏了");
        h.awaitText(MEMBER_A, 1);
        h.text(MEMBER_A, "1 " + code);
        h.awaitText(MEMBER_A, 2);
        return code;
    }

    private List<JsonObject> events(String code, String type) {
        return h.sql("SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 AND e.type = $2 "
                + "ORDER BY e.id", code, type).stream().map(r -> (JsonObject) r.getValue(0)).toList();
    }

    private String dueOf(String code) {
        OffsetDateTime due = h.sql("SELECT due_at FROM tickets WHERE code = $1", code).iterator().next().getOffsetDateTime(0);
        return DAY_AND_CLOCK.format(due.atZoneSameInstant(StudioTime.STUDIO));
    }

    @Test
    void a_grid_workers_report_opens_a_ticket_at_their_group_which_they_are_never_offered() throws Exception {
        gateway(SmallRoster.CSV);
        h.text(MEMBER_A, "上报 村口的路灯坏了，晚上很黑");
        String reply = h.awaitText(MEMBER_A, 1);
        String code = codeIn(reply);
        assertEquals("【桥桥】已收到上报，编号" + code + "，已安排志愿者。", reply);

        assertEquals("【桥桥】新求助" + code + "（维修）：网格上报，桥头村一组，电话13900003001。“村口的路灯坏了，晚上很黑”。接单回复1 " + code
                + "，不接回复2 " + code + "。", h.awaitText(MEMBER_B, 1), "the other neighbour is asked, with the place the report is at");
        Row t = h.sql("SELECT channel, kind, resident_id, requester_phone, place_village, place_village_group, text FROM tickets "
                + "WHERE code = $1", code).iterator().next();
        assertEquals(List.of("grid", "report", MEMBER_A, "桥头村", "一组", "村口的路灯坏了，晚上很黑"), List.of(t.getString("channel"),
                t.getString("kind"), t.getString("requester_phone"), t.getString("place_village"), t.getString("place_village_group"),
                t.getString("text")));
        assertNull(t.getValue("resident_id"), "a report is about a place, not a resident");

        h.letTimePass(Duration.ofHours(2), () -> "escalated".equals(h.ticketStatus(code)) && h.smsc.textsTo(LEADER_D).size() == 1);
        assertEquals(0, h.count("SELECT count(*) FROM offers o JOIN volunteers v ON v.id = o.volunteer_id JOIN tickets t "
                + "ON t.id = o.ticket_id WHERE t.code = $1 AND v.phone = $2", code, MEMBER_A), "the reporter is never offered it");
        assertEquals(List.of(reply, "【桥桥】您的求助" + code + "已转交组长处理，请保持电话畅通。"), h.smsc.textsTo(MEMBER_A),
                "the reporter hears who has it now, like a resident");
        assertEquals(1, h.count("SELECT count(*) FROM inbound_messages WHERE sender = $1 AND handled_as = 'grid_report'", MEMBER_A));
    }

    @Test
    void a_leader_who_reports_is_left_out_when_the_leaders_are_asked() throws Exception {
        gateway(SmallRoster.CSV);
        h.text(LEADER_C, "上报：河边护栏断了");
        String code = codeIn(h.awaitText(LEADER_C, 1));

        h.letTimePass(Duration.ofHours(2), () -> h.smsc.textsTo(LEADER_D).size() == 1);
        assertEquals("【桥桥】求助" + code + "（其他）暂无志愿者接单，请组长协调：网格上报，桥头村一组，电话13900003101。“河边护栏断了”。接单回复1 "
                + code + "。", h.awaitText(LEADER_D, 1));
        assertEquals(List.of(MEMBER_A, MEMBER_B, LEADER_D), h.sql("SELECT v.phone FROM offers o JOIN volunteers v ON v.id = o.volunteer_id "
                + "JOIN tickets t ON t.id = o.ticket_id WHERE t.code = $1 ORDER BY o.id", code).stream().map(r -> r.getString(0)).toList());
    }

    @Test
    void a_report_that_names_another_village_group_of_the_senders_village_is_at_that_group() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "offers of normal requests go out at once only outside quiet hours",
                Map.of()).withDemoRoster();
        String zhangWei = "+8613900002001"; // a member of the group serving 一组
        h.text(zhangWei, "上报 三组 赵大爷家的灯坏了");
        String code = codeIn(h.awaitText(zhangWei, 1));
        h.awaitNothingDue();

        Row t = h.sql("SELECT place_village, place_village_group, text FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(List.of("桥头村", "三组", "赵大爷家的灯坏了"), List.of(t.getString(0), t.getString(1), t.getString(2)));
        Row offered = h.sql("SELECT v.phone, g.code FROM offers o JOIN volunteers v ON v.id = o.volunteer_id JOIN volunteer_groups g "
                + "ON g.id = v.group_id JOIN tickets t ON t.id = o.ticket_id WHERE t.code = $1", code).iterator().next();
        assertEquals("qiaotou-2", offered.getString(1), "the group serving 三组 is asked");
        assertEquals("【桥桥】新求助" + code + "（维修）：网格上报，桥头村三组，电话13900002001。“赵大爷家的灯坏了”。接单回复1 " + code
                + "，不接回复2 " + code + "。", h.awaitText(offered.getString(0), 1));
    }

    @Test
    void handing_on_accepted_work_takes_it_one_step_up_and_tells_who_has_it_now() throws Exception {
        gateway(SmallRoster.CSV);
        String code = acceptedByTheFirstNeighbour();
        h.awaitText(RESIDENT, 2);

        h.text(MEMBER_A, "转 " + code + " 我扭到脚了，去不了");
        assertEquals("【桥桥】已收到，求助" + code + "将转交组长处理。", h.awaitText(MEMBER_A, 3));
        String toLeaders = "【桥桥】求助" + code + "（维修）原志愿者申请转交，请组长协调：王秀英，桥头村一组，电话13900001001。“家里的灯泡坏了”。接单回复1 "
                + code + "。";
        assertEquals(toLeaders, h.awaitText(LEADER_C, 1));
        assertEquals(toLeaders, h.awaitText(LEADER_D, 1));
        assertEquals("【桥桥】您的求助" + code + "已转交组长处理，请保持电话畅通。", h.awaitText(RESIDENT, 3));
        h.awaitNothingDue();
        assertEquals(3, h.smsc.textsTo(MEMBER_A).size(), "one answer to the command, nothing else: " + h.smsc.textsTo(MEMBER_A));

        assertEquals("escalated", h.ticketStatus(code));
        assertEquals(0, h.count("SELECT count(*) FROM tickets WHERE code = $1 AND accepted_by IS NOT NULL", code));
        JsonObject handedOn = events(code, "handed_on").getFirst();
        assertEquals("我扭到脚了，去不了", handedOn.getString("reason"));
        assertEquals("accepted", handedOn.getString("had"));
        assertEquals("handed-on", events(code, "handed_up").getFirst().getString("why"));
        assertEquals("handed-on", events(code, "escalated").getFirst().getString("why"));
    }

    @Test
    void handing_on_an_offer_not_yet_answered_declines_it_and_takes_the_ticket_one_step_up() throws Exception {
        gateway(SmallRoster.CSV);
        String code = residentAsks("家里的灯泡坏了");
        h.awaitText(MEMBER_A, 1);

        h.text(MEMBER_A, "转" + code + "：我不在村里");
        assertEquals("【桥桥】已收到，求助" + code + "将转交组长处理。", h.awaitText(MEMBER_A, 2));
        h.awaitText(LEADER_C, 1);
        h.awaitNothingDue();
        assertEquals("declined", h.sql("SELECT o.status FROM offers o JOIN volunteers v ON v.id = o.volunteer_id JOIN tickets t "
                + "ON t.id = o.ticket_id WHERE t.code = $1 AND v.phone = $2", code, MEMBER_A).iterator().next().getString(0));
        assertTrue(h.smsc.textsTo(MEMBER_B).isEmpty(), "up one step, not on to the next neighbour");
        assertEquals("我不在村里", events(code, "handed_on").getFirst().getString("reason"));
        assertEquals(2, h.smsc.textsTo(MEMBER_A).size());
    }

    @Test
    void a_volunteer_who_has_nothing_cannot_hand_it_on() throws Exception {
        gateway(SmallRoster.CSV);
        String code = residentAsks("家里的灯泡坏了");
        h.awaitText(MEMBER_A, 1);

        h.text(MEMBER_B, "转 " + code);
        assertEquals("【桥桥】求助" + code + "没有派给您，或已经结束，无法操作。", h.awaitText(MEMBER_B, 1));
        h.text(LEADER_C, "转");
        assertEquals("【桥桥】您目前没有待处理的求助。", h.awaitText(LEADER_C, 1));
        assertEquals("offered", h.ticketStatus(code));
    }

    @Test
    void in_progress_is_answered_with_the_deadline() throws Exception {
        gateway(SmallRoster.CSV);
        String code = acceptedByTheFirstNeighbour();

        h.text(MEMBER_A, "在办 " + code);
        String due = dueOf(code);
        assertEquals("【桥桥】好的，求助" + code + "请于" + due + "前办结。", h.awaitText(MEMBER_A, 3));
        h.text(MEMBER_A, "在办");
        assertEquals("【桥桥】好的，求助" + code + "请于" + due + "前办结。", h.awaitText(MEMBER_A, 4), "without a code: their one accepted ticket");
        assertEquals(1, h.count("SELECT count(*) FROM tickets WHERE code = $1 AND due_at - accepted_at = interval '3 days'", code),
                "a repair is due three days after the accept");
        h.text(MEMBER_B, "在办 " + code);
        assertEquals("【桥桥】求助" + code + "没有派给您，或已经结束，无法操作。", h.awaitText(MEMBER_B, 1));
        assertEquals(2, events(code, "in_progress").size());
    }

    @Test
    void leave_takes_the_volunteer_off_call_for_that_long() throws Exception {
        gateway(SmallRoster.CSV);
        h.text(MEMBER_A, "请假 3天");
        String reply = h.awaitText(MEMBER_A, 1);
        Row leave = h.sql("SELECT starts_at, ends_at, kind, reason FROM volunteer_exceptions e JOIN volunteers v ON v.id = e.volunteer_id "
                + "WHERE v.phone = $1", MEMBER_A).iterator().next();
        assertEquals(Duration.ofDays(3), Duration.between(leave.getOffsetDateTime(0), leave.getOffsetDateTime(1)));
        assertEquals(List.of("leave", "sms"), List.of(leave.getString(2), leave.getString(3)));
        assertEquals("【桥桥】已为您登记请假到" + DAY_AND_CLOCK.format(leave.getOffsetDateTime(1).atZoneSameInstant(StudioTime.STUDIO))
                + "，期间不会给您派单。", reply);

        String code = residentAsks("家里的灯泡坏了");
        assertTrue(h.awaitText(MEMBER_B, 1).contains(code), "the neighbour on call is asked");
        h.awaitNothingDue();
        assertEquals(1, h.smsc.textsTo(MEMBER_A).size(), "the volunteer on leave is left out");
    }

    @Test
    void leave_through_a_day_ends_when_that_day_does() throws Exception {
        gateway(SmallRoster.CSV);
        ZonedDateTime now = h.studioNow().atZone(StudioTime.STUDIO);
        LocalDate day = now.toLocalDate().plusDays(5);
        h.text(MEMBER_A, "请假 到" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日");
        assertEquals("【桥桥】已为您登记请假到" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日，期间不会给您派单。",
                h.awaitText(MEMBER_A, 1));
        OffsetDateTime ends = h.sql("SELECT ends_at FROM volunteer_exceptions").iterator().next().getOffsetDateTime(0);
        assertEquals(day.plusDays(1).atStartOfDay(StudioTime.STUDIO).toInstant(), ends.toInstant(), "the whole day is off");
    }

    /** One volunteer serving the village group of two residents, so both requests are offered to them; a leader elsewhere. */
    private static final Map<RosterKind, String> ONE_MEMBER = Map.of(
            RosterKind.GROUPS, """
                    code,name,village,serves
                    g1,桥头村一组志愿小组,桥头村,一组
                    g2,桥头村二组志愿小组,桥头村,二组
                    """,
            RosterKind.VOLUNTEERS, """
                    phone,name,group_code,skills,leader,active
                    +8613900003001,甲,g1,,否,是
                    +8613900003101,丙,g2,,是,是
                    """,
            RosterKind.RESIDENTS, """
                    phone,name,village,village_group,grid,lives_alone,notes
                    +8613900001001,王秀英,桥头村,一组,,是,
                    +8613900001002,刘桂兰,桥头村,一组,,是,
                    """);

    @Test
    void mine_lists_accepted_work_with_its_deadline_and_the_offers_waiting_for_an_answer() throws Exception {
        gateway(ONE_MEMBER);
        h.text(MEMBER_A, "我的");
        assertEquals("【桥桥】您目前没有待处理的求助。", h.awaitText(MEMBER_A, 1));

        String first = residentAsks("家里的灯泡坏了");
        h.awaitText(MEMBER_A, 2);
        h.text(MEMBER_A, "1 " + first);
        h.awaitText(MEMBER_A, 3);
        h.text("+8613900001002", "水管漏水了");
        String second = codeIn(h.awaitText("+8613900001002", 1));
        assertTrue(h.awaitText(MEMBER_A, 4).contains(second));

        h.text(MEMBER_A, "我的");
        assertEquals("【桥桥】您手上的求助：" + first + "（维修，" + dueOf(first) + "前办结）；" + second + "（维修，待您回复）",
                h.awaitText(MEMBER_A, 5));
    }
}
