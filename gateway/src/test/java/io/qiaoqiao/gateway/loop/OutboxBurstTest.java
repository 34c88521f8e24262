package io.qiaoqiao.gateway.loop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.simulator.SubmitDecision;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A burst of texts against a slow SMSC: 400 texts claimed at once, a window of 10 submit_sm in
 * flight, 250 ms per answer, so the last texts wait 10 s for a slot of our own window, five
 * times the 2 s response timeout. Waiting for our own window is not a failed delivery: no text
 * spends an attempt on it, and none is given up.
 */
// Tagged slow: draining the outbox never reads the studio hour, so the night-clock CI passes leave it out.
@Tag("slow")
class OutboxBurstTest {
    @Test
    void four_hundred_texts_against_a_slow_smsc_keep_their_attempts_and_all_go_out() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of(
                "smpp.window", "10",
                "smpp.response-timeout-ms", "2000",
                "outbox.max-attempts", "3"))) {
            h.smsc.sendReceipts(false);
            h.smsc.policy(submit -> SubmitDecision.delay(Duration.ofMillis(250), SubmitDecision.accept()));

            // 400 phones, so that no text waits behind an earlier one to the same phone.
            h.sql("""
                    INSERT INTO outbox (recipient, body, purpose)
                    SELECT '+86139' || lpad(n::text, 8, '0'), n || '号通知：明天上午九点村委会发放防汛物资。', 'notice'
                    FROM generate_series(1, 400) n""");

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> h.count(
                    "SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered', 'failed')") == 400);

            assertEquals(0, h.count("SELECT count(*) FROM outbox WHERE status = 'failed'"), () -> "no text given up: "
                    + h.sql("SELECT coalesce(string_agg(DISTINCT last_error, '; '), '') FROM outbox WHERE status = 'failed'")
                    .iterator().next().getString(0));
            assertEquals(400, h.count("SELECT count(*) FROM outbox WHERE attempts = 1"), "each went out at its first attempt");
            assertEquals(400, h.smsc.submits().size(), "and was submitted once");
            assertTrue(h.smsc.maxInFlightSubmits() <= 10, "never more than the window: " + h.smsc.maxInFlightSubmits());
        }
    }
}
