package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole loop over SMS with the demo roster of 桥头村: a resident texts, the nearest
 * volunteer is offered the ticket, accepts, the resident and her son are told, the volunteer
 * reports done and earns a point. Every text is checked at the SMSC as UCS-2 bytes.
 */
class SmsLoopTest {
    static final String WANG = "+8613900001001";      // 王秀英, 桥头村一组, lives alone
    static final String WANG_SON = "+8613900009001";  // 李建国
    static final String ZHANG = "+8613900002001";     // 张伟, member of the group serving 一组
    static final String WANG_FANG = "+8613900002002"; // 王芳, same group
    static final String REQUEST = "我家电视遥控器坏了，看不了戏曲频道";

    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a normal request is offered at once only outside quiet hours", Map.of()).withDemoRoster();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void resident_text_goes_to_her_group_volunteer_who_accepts_and_finishes() {
        assertEquals(0, h.text(WANG, REQUEST), "the gateway acknowledges the deliver_sm once it is stored");

        String received = h.awaitText(WANG, 1);
        String code = codeIn(received);
        String receipt = "【桥桥】已收到您的求助，编号" + code + "。正在为您联系志愿者，请保持电话畅通。";
        assertEquals(receipt, received);
        h.assertUcs2Delivered(WANG, 1, receipt);

        String offer = "【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组，电话13900001001。“" + REQUEST + "”。接单回复1 "
                + code + "，不接回复2 " + code + "。";
        assertEquals(offer, h.awaitText(ZHANG, 1), "the offer reads as a volunteer expects");
        h.assertUcs2Delivered(ZHANG, 1, offer);
        assertEquals("offered", h.ticketStatus(code));

        assertEquals(0, h.text(ZHANG, "接 " + code));
        assertEquals("【桥桥】您已接单" + code + "，请尽快联系求助人。办完回复D " + code + "。", h.awaitText(ZHANG, 2));
        String confirmation = "【桥桥】您的求助" + code + "已有志愿者接单：张伟，电话13900002001，会尽快与您联系。";
        assertEquals(confirmation, h.awaitText(WANG, 2));
        h.assertUcs2Delivered(WANG, 2, confirmation);
        String toSon = "【桥桥】您的家人王秀英的求助" + code + "已由志愿者张伟（电话13900002001）接单。";
        assertEquals(toSon, h.awaitText(WANG_SON, 1));
        h.assertUcs2Delivered(WANG_SON, 1, toSon);
        assertEquals("accepted", h.ticketStatus(code));

        assertEquals(0, h.text(ZHANG, "完成 " + code));
        String done = "【桥桥】您的求助" + code + "已办结。稍后会有回访，请对服务作出评价。";
        assertEquals(done, h.awaitText(WANG, 3));
        h.assertUcs2Delivered(WANG, 3, done);
        assertEquals("【桥桥】求助" + code + "已办结，积分+1。感谢您的付出！", h.awaitText(ZHANG, 3));
        assertEquals("done", h.ticketStatus(code));
        assertEquals(1, h.count("""
                SELECT count(*) FROM points_ledger p JOIN volunteers v ON v.id = p.volunteer_id
                JOIN tickets t ON t.id = p.ticket_id WHERE v.phone = $1 AND t.code = $2 AND p.points = 1""", ZHANG, code));
        assertEquals(List.of("created", "routed", "offered", "accepted", "done"), h.eventTypes(code));
        await().atMost(Duration.ofSeconds(30)).until(() -> h.count(
                "SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = $1 AND o.status <> 'delivered'",
                code) == 0);
    }

    @Test
    void long_chinese_offer_is_sent_as_correctly_numbered_parts() {
        String longRequest = "家里的水管漏水了，厨房和卫生间都在滴水，地上全是水，老伴腿脚不方便，"
                + "我一个人弄不了，想请会修水管的师傅明天上午来看一看，顺便帮忙看看下水道是不是也堵了。";
        h.text("+8613900001002", longRequest); // 刘桂兰, also 一组
        String code = codeIn(h.awaitText("+8613900001002", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.textsTo(ZHANG).stream().anyMatch(t -> t.contains(code))
                || h.smsc.textsTo(WANG_FANG).stream().anyMatch(t -> t.contains(code)));
        String to = h.smsc.textsTo(ZHANG).stream().anyMatch(t -> t.contains(code)) ? ZHANG : WANG_FANG;
        List<ReceivedSubmit> parts = h.smsc.submits().stream()
                .filter(s -> s.destination().equals(to.substring(1)) && (s.esmClass() & 0x40) != 0)
                .filter(s -> new String(s.shortMessage(), 6, s.shortMessage().length - 6,
                        java.nio.charset.StandardCharsets.UTF_16BE).contains(code))
                .toList();
        // The code appears in the first and the last part; take the message those belong to.
        ReceivedSubmit first = parts.get(0);
        int ref = first.shortMessage()[3] & 0xff;
        List<ReceivedSubmit> message = h.smsc.submits().stream()
                .filter(s -> s.destination().equals(to.substring(1)) && (s.esmClass() & 0x40) != 0
                        && (s.shortMessage()[3] & 0xff) == ref)
                .toList();
        int total = message.get(0).shortMessage()[4];
        assertTrue(total >= 2, "a long Chinese offer needs several UCS-2 parts, got " + total);
        assertEquals(total, message.size());
        for (int i = 0; i < total; i++) {
            byte[] sm = message.get(i).shortMessage();
            assertEquals(5, sm[0], "UDH length");
            assertEquals(0, sm[1], "IEI: concatenation, 8-bit reference");
            assertEquals(3, sm[2], "IE length");
            assertEquals(total, sm[4], "total parts");
            assertEquals(i + 1, sm[5], "parts are numbered from 1 in order");
            assertTrue(sm.length - 6 <= 134, "each part carries at most 67 UCS-2 characters");
        }
        h.assertUcs2Delivered(to, 1, "【桥桥】新求助" + code + "（维修）：刘桂兰，桥头村一组，电话13900001002。“" + longRequest
                + "”。接单回复1 " + code + "，不接回复2 " + code + "。");
    }

    @Test
    void family_member_can_ask_on_behalf_of_a_parent() {
        String son = "+8613900009003"; // 王军, son of 陈玉珍 (二组)
        h.text(son, "请帮我妈妈交一下这个月的电费");
        String code = codeIn(h.awaitText(son, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "offered".equals(h.ticketStatus(code)));
        var row = h.sql("SELECT t.on_behalf, r.name, t.category FROM tickets t JOIN residents r ON r.id = t.resident_id WHERE t.code = $1", code)
                .iterator().next();
        assertTrue(row.getBoolean(0));
        assertEquals("陈玉珍", row.getString(1));
        assertEquals("ERRAND", row.getString(2));
    }
}
