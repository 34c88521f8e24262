package io.qiaoqiao.gateway.loop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SubmitDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many texts to one phone (a volunteer with a run of offers, a resident with a broadcast and a
 * reply) against an SMSC that takes 200 ms to answer each: they are written to the SMSC in the
 * order they were queued, segments of a long one in their order and together, and the next one
 * does not wait for the previous one's answer, so several are with the SMSC at once.
 */
class OneRecipientOrderTest {
    private static final String PHONE = "+8613912345678";
    private static final String LONG = "第10号通知：" + "明天上午九点在村委会门口发放防汛物资，请带好身份证，行动不便的老人由志愿者送上门。".repeat(5);

    @Test
    void texts_to_one_phone_go_out_in_order_without_waiting_for_each_answer() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of("smpp.window", "10"))) {
            h.smsc.sendReceipts(false);
            h.smsc.policy(submit -> SubmitDecision.delay(Duration.ofMillis(200), SubmitDecision.accept()));
            for (int n = 1; n <= 20; n++) {
                String body = n == 10 ? LONG : "第" + n + "号通知：明天停水。";
                h.sql("INSERT INTO outbox (recipient, body, purpose) VALUES ('" + PHONE + "', '" + body + "', 'notice')");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> h.count("SELECT count(*) FROM outbox WHERE status = 'sent'") == 20);

            List<ReceivedSubmit> written = new ArrayList<>(h.smsc.submits());
            written.sort(Comparator.comparingInt(ReceivedSubmit::sequence));
            List<String> order = new ArrayList<>();
            for (ReceivedSubmit s : written) {
                assertEquals(PHONE.substring(1), s.destination());
                String text = s.part().text();
                order.add(text.startsWith("第") ? text.substring(0, text.indexOf('号') + 1) : "(part " + s.part().position().orElseThrow().seq() + ")");
            }
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= 20; n++) {
                expected.add("第" + n + "号");
                // UCS-2 segments with a concatenation header carry 67 characters each.
                for (int part = 2; n == 10 && part <= (LONG.length() + 66) / 67; part++) {
                    expected.add("(part " + part + ")");
                }
            }
            assertEquals(expected, order, "in the order queued, as written to the SMSC");
            assertTrue(h.smsc.maxInFlightSubmits() > 1, "the next text did not wait for the answer to the one before: at most "
                    + h.smsc.maxInFlightSubmits() + " with the SMSC at once");
        }
    }
}
