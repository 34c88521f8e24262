package io.qiaoqiao.gateway.loop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SubmitDecision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two gateway nodes share one database and one SMSC. An offer quoting a long request is 30 UCS-2
 * parts; the SMSC takes 3 s to answer each, so the text takes 90 s to go out, longer than the
 * 60 s lease on its outbox row. The node sending it keeps its claim while it sends; the other
 * node never takes the row over, and the phone gets every part once.
 */
class OutboxLeaseTest {
    static final String VOLUNTEER = "+8613900003001";

    /** 2,000 characters of Chinese: 30 parts of at most 67 UCS-2 characters. */
    static String longOffer() {
        String sentence = "【桥桥】新求助1001（维修）：王秀英，桥头村一组，八十二岁独居，家里电视遥控器坏了，请志愿者上门看一看。";
        StringBuilder text = new StringBuilder();
        while (text.length() < 2000) {
            text.append(sentence);
        }
        return text.substring(0, 2000);
    }

    @Test
    void a_thirty_part_text_slower_than_the_lease_goes_out_once_from_two_nodes() throws Exception {
        String text = longOffer();
        assertEquals(30, (text.length() + 66) / 67, "the text needs 30 parts");
        try (GatewayHarness h = GatewayHarness.start(Map.of("node.id", "first", "outbox.lease-seconds", "60"))) {
            Gateway second = Gateway.start(h.config().with(Map.of("node.id", "second")));
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.boundSessions() == 2);
                h.smsc.sendReceipts(false);
                h.smsc.policy(submit -> SubmitDecision.delay(Duration.ofSeconds(3), SubmitDecision.accept()));

                GatewayHarness.await(h.gateway().pool().withTransaction(db -> Outbox.text(db, VOLUNTEER, text, "offer", null)));
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> h.count("SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered')") == 1);

                List<ReceivedSubmit> parts = h.smsc.submits().stream().filter(s -> s.destination().equals("8613900003001")).toList();
                // Part number (octet 6 of the header 05 00 03 ref total seq) to how often it was submitted.
                Map<Integer, Long> timesSent = parts.stream().collect(Collectors.groupingBy(
                        s -> s.shortMessage()[5] & 0xff, TreeMap::new, Collectors.counting()));
                assertEquals(30, parts.size(), "30 submit_sm, not one more: " + timesSent);
                assertEquals(30, timesSent.size());
                assertEquals(List.of(1L), timesSent.values().stream().distinct().toList(), "every part once: " + timesSent);
                h.assertUcs2Delivered(VOLUNTEER, 1, text);
                assertEquals(30, h.count("SELECT parts FROM outbox"));
            } finally {
                second.stop();
            }
        }
    }
}
