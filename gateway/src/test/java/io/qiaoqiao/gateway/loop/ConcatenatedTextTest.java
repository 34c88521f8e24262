package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        h = GatewayHarness.start(Map.of("sms.concat-timeout-seconds", "1", "sms.concat-redelivery-window", "PT10M"))
                .withRoster(SmallRoster.CSV);
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

    /** The three parts in order under {@code ref}; returns the code of the ticket they made. */
    private String wholeText(int ref) {
        assertEquals(0, part(ref, 1, PART_1));
        assertEquals(0, part(ref, 2, PART_2));
        assertEquals(0, part(ref, 3, PART_3));
        return codeIn(h.awaitText(RESIDENT, 1));
    }

    /**
     * The SMSC did not get our deliver_sm_resp for the last part (the node died after the commit,
     * the answer was lost) and delivers it again. Without a memory of the finished text, that part
     * began a new one, which timed out into a second ticket reading "[…][…]<part 3>".
     */
    @Test
    void a_part_delivered_again_after_its_text_was_whole_is_acknowledged_and_opens_no_second_ticket() {
        String code = wholeText(42);

        assertEquals(0, part(42, 3, PART_3), "the SMSC hears that we have it");
        // A new text would be made of whatever arrived 1 s later (sms.concat-timeout-seconds).
        h.advance(Duration.ofSeconds(5));
        h.awaitNothingDue();

        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "one text, one ticket");
        assertEquals(PART_1 + PART_2 + PART_3, h.sql("SELECT text FROM tickets WHERE code = $1", code).iterator().next().getString(0));
        assertEquals(1, h.count("SELECT count(*) FROM inbound_messages WHERE handled_as = 'redelivered' AND body = $1", PART_3),
                "the second delivery is on record as such");
        assertEquals(1, h.count("SELECT count(*) FROM inbound_messages WHERE handled_as = 'ticket'"));
        assertEquals(1, h.smsc.textsTo(RESIDENT).size(), "the resident got one acknowledgement");
    }

    @Test
    void a_new_text_that_reuses_the_reference_is_not_taken_for_a_redelivery() {
        String other1 = "又是我，王秀英。上次的遥控器已经修好了，谢谢。今天想请人帮我去镇上药店买降压药，";
        String other2 = "就是平时吃的那一种，盒子我留着，志愿者来了给他看。药钱我先给，多退少补，";
        String other3 = "最好明天上午能送到，下午我要去女儿家。麻烦你们了，真是太感谢了。";
        wholeText(42);

        // The phone's 8-bit reference came round again: same reference, same number of parts, other words.
        assertEquals(0, part(42, 1, other1));
        assertEquals(0, part(42, 2, other2));
        assertEquals(0, part(42, 3, other3));
        String second = codeIn(h.awaitText(RESIDENT, 2));

        assertEquals(other1 + other2 + other3, h.sql("SELECT text FROM tickets WHERE code = $1", second).iterator().next().getString(0));
        assertEquals(2, h.count("SELECT count(*) FROM tickets"));
    }

    @Test
    void once_the_window_has_passed_the_same_part_begins_a_new_text() {
        wholeText(42);

        h.advance(Duration.ofMinutes(11)); // past sms.concat-redelivery-window
        h.awaitNothingDue();
        assertEquals(0, part(42, 3, PART_3));
        h.advance(Duration.ofSeconds(5));
        h.awaitNothingDue();

        // Not a redelivery: a new (incomplete) text. The resident's first request is still open,
        // so the new text is that ticket's follow-up rather than a second ticket.
        assertEquals(0, h.count("SELECT count(*) FROM inbound_messages WHERE handled_as = 'redelivered'"));
        assertEquals(1, h.count("SELECT count(*) FROM inbound_messages WHERE body = $1 AND incomplete AND handled_as = 'follow_up'",
                "[…][…]" + PART_3));
        assertEquals(1, h.count("SELECT count(*) FROM tickets"));
    }
}
