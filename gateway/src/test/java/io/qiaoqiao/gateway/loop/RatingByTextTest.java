package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.DemoTownship.WANG;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop closes for whoever asked, with no Asterisk at all (ami.enabled=false): a son who asked
 * for his mother hears who accepted, that it is done, and rates it by replying a digit; a
 * resident who replies 1 says it was not done and the studio gets it back. A digit is a rating
 * only for the phone asked to rate, within a week.
 */
class RatingByTextTest {
    static final String CHEN_YUZHEN = "+8613900001004"; // 陈玉珍, 桥头村二组, lives alone
    static final String WANG_JUN = "+8613900009003";     // 王军, her son
    static final String WANG_LI = "+8613900009004";      // 王丽, her granddaughter
    /** The volunteers of the group serving 二组 (and 三组), with their names. */
    static final Map<String, String> GROUP_2 = Map.of("+8613900002011", "周婷", "+8613900002012", "吴刚",
            "+8613900002013", "郑丽", "+8613900002111", "赵敏", "+8613900002112", "孙磊");

    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = DemoTownship.atDaytime();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void a_son_who_asked_for_his_mother_gets_the_accept_and_done_texts_and_rates_by_text() {
        h.text(WANG_JUN, "请帮我妈妈交一下这个月的电费");
        String code = codeIn(h.awaitText(WANG_JUN, 1));
        String volunteer = firstOffered(code);
        String name = GROUP_2.get(volunteer);
        assertTrue(name != null, "offered in the group serving 二组: " + volunteer);
        h.text(volunteer, "1 " + code);

        String dialable = volunteer.substring(3);
        assertEquals("【桥桥】您的家人陈玉珍的求助" + code + "已由志愿者" + name + "（电话" + dialable + "）接单。", h.awaitText(WANG_JUN, 2));
        assertEquals("【桥桥】您的求助" + code + "已有志愿者接单：" + name + "，电话" + dialable + "，会尽快与您联系。",
                h.awaitText(CHEN_YUZHEN, 1), "his mother hears it too");

        h.text(volunteer, "D " + code);
        assertEquals("【桥桥】您的家人陈玉珍的求助" + code + "已办结。", h.awaitText(WANG_JUN, 3));
        assertEquals("【桥桥】您家人陈玉珍的求助" + code + "已办结。请回复数字评价：5很满意，4满意，3一般，2不满意，1没有办好。",
                h.awaitText(WANG_JUN, 4), "the one who asked is asked to rate");
        assertEquals("【桥桥】您的求助" + code + "已办结。稍后会有回访，请对服务作出评价。", h.awaitText(CHEN_YUZHEN, 2));

        h.text(WANG_JUN, "５");
        assertEquals("【桥桥】谢谢您的评价！", h.awaitText(WANG_JUN, 5));
        Row rated = h.sql("SELECT rating_done, rating_satisfaction, rating_channel, status FROM tickets WHERE code = $1", code)
                .iterator().next();
        assertEquals(Arrays.asList(true, 5, "sms", "done"), Arrays.asList(rated.getBoolean(0), rated.getInteger(1),
                rated.getString(2), rated.getString(3)));
        assertEquals("sms:" + WANG_JUN, h.sql("SELECT e.actor FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                + "WHERE t.code = $1 AND e.type = 'rated'", code).iterator().next().getString(0));
        assertEquals(1, h.count("SELECT count(*) FROM tickets"), "the rating opened no ticket");
        assertEquals(List.of(), h.smsc.textsTo(WANG_LI).stream().filter(t -> t.contains("评价")).toList(),
                "the granddaughter did not ask and is not asked to rate");
    }

    @Test
    void one_says_it_was_not_done_and_a_digit_after_a_week_is_no_rating() {
        String first = doneFor(WANG, "我家电视遥控器坏了");
        assertEquals("【桥桥】您的求助" + first + "已办结。请回复数字评价：5很满意，4满意，3一般，2不满意，1没有办好。",
                h.awaitText(WANG, 4));
        h.text(WANG, "1");
        assertEquals("【桥桥】对不起！求助" + first + "我们会重新安排，工作站会与您联系。", h.awaitText(WANG, 5));
        Row rated = h.sql("SELECT rating_done, rating_satisfaction, rating_channel, status FROM tickets WHERE code = $1", first)
                .iterator().next();
        assertEquals(Arrays.asList(false, null, "sms", "reopened"), Arrays.asList(rated.getBoolean(0), rated.getInteger(1),
                rated.getString(2), rated.getString(3)));

        String second = doneFor(WANG, "灯泡坏了，帮忙换一个");
        h.awaitText(WANG, 9);
        h.advance(Duration.ofDays(8));
        h.text(WANG, "4");
        h.awaitNothingDue();
        assertEquals(null, h.sql("SELECT rated_at FROM tickets WHERE code = $1", second).iterator().next().getValue(0),
                "a week after the work the rating is no longer waiting");
        assertEquals(List.of(), h.smsc.textsTo(WANG).stream().filter(t -> t.contains("谢谢您的评价")).toList());
    }

    /** A request from {@code phone}, accepted and done by the volunteer first offered it; the phone has had 3 more texts. */
    private String doneFor(String phone, String request) {
        int before = h.smsc.textsTo(phone).size();
        h.text(phone, request);
        String code = codeIn(h.awaitText(phone, before + 1));
        String volunteer = firstOffered(code);
        h.text(volunteer, "1 " + code);
        h.awaitTexts(phone, before + 2);
        h.text(volunteer, "D " + code);
        h.awaitTexts(phone, before + 3);
        return code;
    }

    private String firstOffered(String code) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                "SELECT count(*) FROM offers o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = $1", code) > 0);
        return h.sql("SELECT v.phone FROM offers o JOIN volunteers v ON v.id = o.volunteer_id "
                + "JOIN tickets t ON t.id = o.ticket_id WHERE t.code = $1 ORDER BY o.id LIMIT 1", code).iterator().next().getString(0);
    }
}
