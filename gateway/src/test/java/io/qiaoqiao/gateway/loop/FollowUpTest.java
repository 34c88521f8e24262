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
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resident texts again while her request is open (demo roster of 桥头村): more words about the
 * same need join the ticket and reach the volunteer who has it; "查询" says who has it, since when
 * and by when; a different need, by its category or because she says so, is a new ticket. The
 * SMSC delivering the same text twice is still one message.
 */
class FollowUpTest {
    private static final ZoneId STUDIO = ZoneId.of("Asia/Shanghai");

    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = DemoTownship.atDaytime();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** Wang's request, accepted by Zhang; returns its code once Wang has the confirmation. */
    private String acceptedByZhang() {
        h.text(WANG, REQUEST);
        String code = codeIn(h.awaitText(WANG, 1));
        assertTrue(h.awaitText(ZHANG, 1).startsWith("【桥桥】新求助" + code), "Zhang is offered it");
        h.text(ZHANG, "1 " + code);
        h.awaitText(WANG, 2);
        h.awaitText(ZHANG, 2);
        return code;
    }

    @Test
    void urgent_words_while_a_normal_request_is_open_open_an_urgent_ticket_at_once() {
        String code = acceptedByZhang();

        h.text(WANG, "我摔倒了，起不来");
        String fall = codeIn(h.awaitText(WANG, 3));
        assertNotEquals(code, fall, "not a note on the open request");
        Row ticket = h.sql("SELECT urgency, status FROM tickets WHERE code = $1", fall).iterator().next();
        assertEquals("URGENT", ticket.getString(0));
        assertEquals(0, h.count("SELECT count(*) FROM ticket_events WHERE type = 'follow_up'"));
    }

    @Test
    void a_second_text_about_the_same_need_joins_the_ticket_and_reaches_the_volunteer_and_a_different_need_opens_a_new_one() {
        String code = acceptedByZhang();

        h.text(WANG, "遥控器是长虹牌的，我下午都在家");
        assertEquals("【桥桥】求助" + code + "补充：“遥控器是长虹牌的，我下午都在家”", h.awaitText(ZHANG, 3));
        assertEquals("【桥桥】已把您的补充告诉负责求助" + code + "的志愿者。", h.awaitText(WANG, 3));
        Row event = h.sql("SELECT e.detail, e.actor FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                + "WHERE t.code = $1 AND e.type = 'follow_up'", code).iterator().next();
        assertEquals(new JsonObject().put("text", "遥控器是长虹牌的，我下午都在家").put("from", WANG), event.getValue(0));
        assertEquals("sms:" + WANG, event.getString(1));
        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "no second ticket");

        // Her son writes about the same need: it joins his mother's ticket too.
        h.text(WANG_SON, "遥控器就在电视柜上，我妈耳背要大声敲门");
        assertEquals("【桥桥】求助" + code + "补充：“遥控器就在电视柜上，我妈耳背要大声敲门”", h.awaitText(ZHANG, 4));
        assertEquals("【桥桥】已把您的补充告诉负责求助" + code + "的志愿者。", h.awaitText(WANG_SON, 2));

        // A different category from the classifier: a new request.
        h.text(WANG, "这个月的电费还没交，请帮我交一下");
        String errand = codeIn(h.awaitText(WANG, 4));
        assertNotEquals(code, errand);
        assertEquals("【桥桥】已收到您的求助，编号" + errand + "。正在为您联系志愿者，请保持电话畅通。", h.awaitText(WANG, 4));
        assertEquals("ERRAND", h.sql("SELECT category FROM tickets WHERE code = $1", errand).iterator().next().getString(0));

        // She says it is another matter, though the words are about a remote again: a new request.
        h.text(WANG, "另外一件事，空调遥控器也找不到了");
        String third = codeIn(h.awaitText(WANG, 5));
        assertEquals("【桥桥】已收到您的求助，编号" + third + "。正在为您联系志愿者，请保持电话畅通。", h.awaitText(WANG, 5));
        assertEquals(3, h.count("SELECT count(*) FROM tickets"));

        // Three open requests: more words, and "查询", are about the newest.
        h.text(WANG, "空调是格力的，挂在卧室");
        assertEquals("【桥桥】已把您的补充记在求助" + third + "里，志愿者接单后会看到。", h.awaitText(WANG, 6));
        h.text(WANG, "进度");
        assertTrue(h.awaitText(WANG, 7).startsWith("【桥桥】您的求助" + third + "（"), h.smsc.textsTo(WANG).getLast());
        assertEquals(List.of("遥控器是长虹牌的，我下午都在家", "遥控器就在电视柜上，我妈耳背要大声敲门"), followUps(code));
        assertEquals(List.of("空调是格力的，挂在卧室"), followUps(third));
    }

    @Test
    void status_names_the_volunteer_his_phone_since_when_and_the_due_time() {
        String code = acceptedByZhang();
        h.text(WANG, "查 询");
        String status = h.awaitText(WANG, 3);
        Instant now = h.studioNow();
        Row t = h.sql("SELECT accepted_at, due_at FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals("【桥桥】您的求助" + code + "由志愿者张伟（电话13900002001）负责，" + when(t.getOffsetDateTime(0), now)
                + "接单，请于" + when(t.getOffsetDateTime(1), now) + "前办结。", status);
        // A repair's default deadline is three days: the due time names its day.
        assertTrue(status.contains(String.format("%d月%d日", t.getOffsetDateTime(1).atZoneSameInstant(STUDIO).getMonthValue(),
                t.getOffsetDateTime(1).atZoneSameInstant(STUDIO).getDayOfMonth())), status);
        assertEquals(List.of(), followUps(code), "asking is not a follow-up");
        assertEquals("status", h.sql("SELECT handled_as FROM inbound_messages WHERE body = '查 询'").iterator().next().getString(0));
    }

    @Test
    void status_of_a_request_still_being_arranged_and_of_none() {
        h.text(WANG, "帮我去镇上交一下电费");
        String first = codeIn(h.awaitText(WANG, 1));
        h.text(WANG, "怎么样了？");
        String status = h.awaitText(WANG, 2);
        Instant now = h.studioNow();
        OffsetDateTime created = h.sql("SELECT created_at FROM tickets WHERE code = $1", first).iterator().next().getOffsetDateTime(0);
        assertEquals("【桥桥】您的求助" + first + "（" + when(created, now) + "登记）正在安排，现由附近的志愿者负责。", status);

        h.text(DemoTownship.STRANGER, "查询");
        assertEquals("【桥桥】您目前没有正在办理的求助。如需帮助请直接说明。", h.awaitText(DemoTownship.STRANGER, 1));
        assertEquals(1, h.count("SELECT count(*) FROM tickets"));
    }

    @Test
    void more_words_before_anyone_took_it_are_noted_and_reach_the_volunteer_who_accepts() {
        h.text(WANG, REQUEST);
        String code = codeIn(h.awaitText(WANG, 1));
        h.awaitText(ZHANG, 1);
        h.text(WANG, "我下午两点以后在家");
        assertEquals("【桥桥】已把您的补充记在求助" + code + "里，志愿者接单后会看到。", h.awaitText(WANG, 2));
        assertEquals(1, h.smsc.textsTo(ZHANG).size(), "nobody has it yet: nothing is forwarded");

        h.text(ZHANG, "1 " + code);
        assertEquals("【桥桥】您已接单" + code + "，请尽快联系求助人。办完回复D " + code + "。", h.awaitText(ZHANG, 2));
        assertEquals("【桥桥】求助" + code + "补充：“我下午两点以后在家”", h.awaitText(ZHANG, 3));
    }

    @Test
    void the_same_text_delivered_twice_by_the_smsc_is_one_request_and_one_follow_up() {
        h.text(WANG, REQUEST);
        String code = codeIn(h.awaitText(WANG, 1));
        h.text(WANG, REQUEST); // the SMSC had no deliver_sm_resp and delivers it again
        h.text(ZHANG, "1 " + code);
        h.awaitText(ZHANG, 2);
        h.text(WANG, "遥控器是长虹牌的");
        h.text(WANG, "遥控器是长虹牌的"); // again
        h.awaitText(ZHANG, 3);
        h.awaitNothingDue();

        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "one ticket");
        assertEquals(List.of("遥控器是长虹牌的"), followUps(code), "one follow-up");
        assertEquals(3, h.smsc.textsTo(ZHANG).size(), "offer, accepted, one follow-up: " + h.smsc.textsTo(ZHANG));
        assertEquals(List.of("ticket", "redelivered", "follow_up", "redelivered"), handledAs(WANG));
        assertEquals(List.of("received", "confirmation", "reply"), purposes(WANG), "one answer to each message");
    }

    private List<String> followUps(String code) {
        return strings("SELECT e.detail->>'text' FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                + "WHERE t.code = $1 AND e.type = 'follow_up' ORDER BY e.id", code);
    }

    private List<String> handledAs(String sender) {
        return strings("SELECT handled_as FROM inbound_messages WHERE sender = $1 ORDER BY id", sender);
    }

    private List<String> purposes(String recipient) {
        return strings("SELECT purpose FROM outbox WHERE recipient = $1 ORDER BY id", recipient);
    }

    private List<String> strings(String sql, Object... params) {
        List<String> out = new java.util.ArrayList<>();
        h.sql(sql, params).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    /** A studio time as a resident reads it: 10:05 today, 6月3日10:05 another day. */
    static String when(OffsetDateTime at, Instant now) {
        ZonedDateTime local = at.atZoneSameInstant(STUDIO);
        String clock = String.format("%02d:%02d", local.getHour(), local.getMinute());
        return local.toLocalDate().equals(now.atZone(STUDIO).toLocalDate()) ? clock
                : local.getMonthValue() + "月" + local.getDayOfMonth() + "日" + clock;
    }
}
