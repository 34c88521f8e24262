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
        assertEquals(h.texts().emptyRequest(), h.awaitText(RESIDENT, 1));
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
        assertEquals(h.texts().receivedTruncated(code, 2000), reply);
        Row t = h.sql("SELECT length(text), incomplete FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(2000, t.getInteger(0));
        assertTrue(t.getBoolean(1));
        assertTrue(h.eventTypes(code).contains("input_problems"));
        assertTrue(h.awaitText(MEMBER_A, 1).length() < 300, "the offer carries a clipped request, not 5,000 characters");
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
        assertEquals(h.texts().volunteerHelp(), h.awaitText(MEMBER_A, 2));
        assertEquals("offered", h.ticketStatus(code));
    }

    @Test
    void a_volunteer_who_was_not_offered_the_ticket_cannot_take_it() {
        h.text(RESIDENT, "灯泡坏了");
        String code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitText(MEMBER_A, 1);
        h.text(MEMBER_B, "1 " + code);
        assertEquals(h.texts().notYours(code), h.awaitText(MEMBER_B, 1));
        assertEquals("offered", h.ticketStatus(code));
        assertEquals(0, h.count("SELECT count(*) FROM tickets WHERE accepted_by IS NOT NULL"));
    }

    @Test
    void a_stranger_quoting_a_ticket_code_changes_nothing_and_is_told_so() {
        h.text(RESIDENT, "灯泡坏了");
        String code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitText(MEMBER_A, 1);
        h.text(STRANGER, "接 " + code);
        assertEquals(h.texts().notAVolunteer(), h.awaitText(STRANGER, 1));
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
        assertTrue(h.awaitText(MEMBER_A, 1).contains("未登记居民"));
    }

    @Test
    void an_unknown_ticket_code_is_answered_as_unknown() {
        h.text(MEMBER_A, "1 99999");
        assertEquals(h.texts().unknownCode("99999"), h.awaitText(MEMBER_A, 1));
    }
}
