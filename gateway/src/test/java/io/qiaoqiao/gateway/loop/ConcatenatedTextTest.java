package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Long texts from old phones arrive in parts; they become one ticket, even when a part is lost. */
class ConcatenatedTextTest {
    static final String PART_1 = "我是桥头村一组的王秀英，今年八十二岁，一个人住。家里的电视遥控器前几天摔了一下，现在按什么键都没有反应，";
    static final String PART_2 = "电视一直停在新闻台，我想看戏曲频道也换不过去。儿子在外地打工回不来，我眼睛不好也看不清说明书上的小字，";
    static final String PART_3 = "想请志愿者有空的时候来帮我看一看，能修就修一下，修不好的话帮我买个新的遥控器，钱我自己出，谢谢你们了。";

    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.start(Map.of("sms.concat-timeout-seconds", "1")).withRoster(SmallRoster.CSV);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private int part(int ref, int seq, String text) {
        ByteArrayOutputStream sm = new ByteArrayOutputStream();
        sm.writeBytes(new byte[] {0x05, 0x00, 0x03, (byte) ref, 0x03, (byte) seq});
        sm.writeBytes(text.getBytes(StandardCharsets.UTF_16BE));
        return h.smsc.deliverRaw(RESIDENT, 8, 0x40, sm.toByteArray());
    }

    @Test
    void three_part_ucs2_text_becomes_one_ticket_with_the_whole_text() {
        assertTrue(PART_1.length() <= 67 && PART_2.length() <= 67 && PART_3.length() <= 67);
        assertEquals(0, part(42, 1, PART_1));
        assertEquals(0, part(42, 3, PART_3)); // parts may arrive out of order
        assertEquals(0, part(42, 2, PART_2));
        String code = codeIn(h.awaitText(RESIDENT, 1));
        Row ticket = h.sql("SELECT text, incomplete, category FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(PART_1 + PART_2 + PART_3, ticket.getString("text"));
        assertEquals(false, ticket.getBoolean("incomplete"));
        assertEquals("REPAIR", ticket.getString("category"));
        assertEquals(1, h.count("SELECT count(*) FROM tickets"));
        assertEquals(0, h.count("SELECT count(*) FROM inbound_parts"), "parts are forgotten once assembled");
    }

    @Test
    void a_missing_part_times_out_into_a_ticket_with_what_arrived() {
        assertEquals(0, part(7, 1, PART_1));
        assertEquals(0, part(7, 3, PART_3));
        String code = codeIn(h.awaitText(RESIDENT, 1));
        Row ticket = h.sql("SELECT text, incomplete FROM tickets WHERE code = $1", code).iterator().next();
        assertEquals(PART_1 + "[…]" + PART_3, ticket.getString("text"));
        assertEquals(true, ticket.getBoolean("incomplete"));
        assertEquals(1, h.count("SELECT count(*) FROM inbound_messages WHERE incomplete AND parts = 3"));
    }

    @Test
    void the_same_part_delivered_twice_is_stored_once() {
        assertEquals(0, part(9, 1, PART_1));
        assertEquals(0, part(9, 1, PART_1));
        assertEquals(0, part(9, 2, PART_2));
        assertEquals(0, part(9, 3, PART_3));
        String code = codeIn(h.awaitText(RESIDENT, 1));
        assertEquals(PART_1 + PART_2 + PART_3,
                h.sql("SELECT text FROM tickets WHERE code = $1", code).iterator().next().getString(0));
    }
}
