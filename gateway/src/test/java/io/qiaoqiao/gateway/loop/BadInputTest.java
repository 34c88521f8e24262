package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_B;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.loop.SmallRoster.STRANGER;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear answer, and nothing is corrupted. */
class BadInputTest {
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "volunteers answer offers, made at once only outside quiet hours", Map.of()).withRoster(SmallRoster.CSV);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void an_empty_text_is_answered_and_opens_no_ticket() {
        assertEquals(0, h.text(RESIDENT, "   "));
        assertEquals("【桥桥】没有收到文字内容。请用一句话说明需要什么帮助，或直接拨打热线电话。", h.awaitText(RESIDENT, 1));
        assertEquals(0, h.count("SELECT count(*) FROM tickets"));
        assertEquals(1, h.count("SELECT count(*) FROM inbound_messages WHERE handled_as = 'empty'"));
    }

    @Test
    void a_five_thousand_character_text_becomes_a_ticket_cut_to_the_limit_and_the_sender_is_told() {
        String huge = "电视坏了".repeat(1250);
        assertEquals(5000, huge.length());
        assertEquals(0, h.text(RESIDENT, huge));
        String reply = h.awaitText(RESIDENT, 1);
        String code = codeIn(reply);
        assertEquals("【桥桥】已收到您的求助，编号" + code + "。内容太长，只记录了前2000个字，志愿者会电话联系您。", reply);
        Row t = h.sql("SELECT length(text), incomplete FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(2000, t.getInteger(0));
        assertTrue(t.getBoolean(1));
        assertTrue(h.eventTypes(code).contains("input_problems"));
        assertEquals("【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组，电话13900001001。“" + "电视坏了".repeat(30) + "…”。接单回复1 "
                + code + "，不接回复2 " + code + "。", h.awaitText(MEMBER_A, 1), "the offer carries the first 120 characters, not 5,000");
    }

    @Test
    void invalid_ucs2_bytes_become_a_ticket_with_replacement_characters_and_a_recorded_problem() {
        byte[] odd = {0x75, 0x35, (byte) 0x89, (byte) 0xC6, 0x57}; // 电视 + a dangling byte
        assertEquals(0, h.smsc.deliverRaw(RESIDENT, 8, 0, odd));
        String code = codeIn(h.awaitText(RESIDENT, 1));
        assertEquals("电视\uFFFD", h.sql("SELECT text FROM tickets WHERE code = $1", code).iterator().next().getString(0));
        assertTrue(h.eventTypes(code).contains("input_problems"));
    }

    @Test
    void a_volunteer_reply_we_cannot_read_gets_the_help_text_and_changes_nothing() {
        h.text(RESIDENT, "灯泡坏了");
        String code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitText(MEMBER_A, 1);
        h.text(MEMBER_A, "明天再说吧");
        assertEquals("【桥桥】没看懂您的回复。可以回复：1 编号（接单），2 编号（不接），D 编号（办完），在办 编号，转 编号 原因（转交），"
                + "上报 地点 情况，请假 3天，我的（查看手上的单）。", h.awaitText(MEMBER_A, 2), "the help lists every command");
        assertEquals("offered", h.ticketStatus(code));
    }

    @Test
    void a_volunteer_who_was_not_offered_the_ticket_cannot_take_it() {
        h.text(RESIDENT, "灯泡坏了");
        String code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitText(MEMBER_A, 1);
        h.text(MEMBER_B, "1 " + code);
        assertEquals("【桥桥】求助" + code + "没有派给您，或已经结束，无法操作。", h.awaitText(MEMBER_B, 1));
        assertEquals("offered", h.ticketStatus(code));
        assertEquals(0, h.count("SELECT count(*) FROM tickets WHERE accepted_by IS NOT NULL"));
    }

    @Test
    void a_stranger_quoting_a_ticket_code_changes_nothing_and_is_told_so() {
        h.text(RESIDENT, "灯泡坏了");
        String code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitText(MEMBER_A, 1);
        h.text(STRANGER, "接 " + code);
        assertEquals("【桥桥】本号码不是登记的志愿者，无法操作求助单。如需帮助请直接说明。", h.awaitText(STRANGER, 1));
        assertEquals("offered", h.ticketStatus(code));
        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "no ticket made of a stray reply");
    }

    @Test
    void a_stranger_asking_for_help_still_gets_a_ticket_flagged_unregistered() {
        h.text(STRANGER, "我家老人摔倒了，快来人");
        String code = codeIn(h.awaitText(STRANGER, 1));
        Row t = h.sql("SELECT registered, urgency FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(false, t.getBoolean(0));
        assertEquals("URGENT", t.getString(1));
        assertEquals("【桥桥】新求助" + code + "（其他）：未登记居民，地址不详，电话13911112222。“我家老人摔倒了，快来人”。接单回复1 " + code
                + "，不接回复2 " + code + "。", h.awaitText(MEMBER_A, 1), "an unregistered sender has only a phone");
    }

    @Test
    void an_unknown_ticket_code_is_answered_as_unknown() {
        h.text(MEMBER_A, "1 99999");
        assertEquals("【桥桥】没有找到编号99999的求助，请核对编号。", h.awaitText(MEMBER_A, 1));
    }
}
