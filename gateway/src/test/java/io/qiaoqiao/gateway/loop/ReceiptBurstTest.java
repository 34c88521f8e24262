package io.qiaoqiao.gateway.loop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An SMSC that keeps up to 100 deliver_sm in flight pushes the receipts of 10,000 texts at once,
 * and, like the simple SMSC of our benchmark run, never delivers a refused receipt again. The
 * gateway takes what the window brings and commits the receipts together: every text ends
 * delivered, and not one receipt is refused.
 */
class ReceiptBurstTest {
    static final int TEXTS = 10_000;

    @Test
    void ten_thousand_receipts_pushed_at_once_through_a_window_of_100_are_all_taken() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of())) {
            h.smsc.deliverWindow(100);
            h.smsc.receiptAttempts(1);
            h.smsc.holdReceipts(true);
            h.smsc.keepSubmits(false);
            h.smsc.dropConnections(); // the window applies from the next bind
            h.awaitBound();

            h.sql("""
                    INSERT INTO outbox (recipient, body, purpose)
                    SELECT '+86139' || lpad(n::text, 8, '0'), n || '号通知：明天上午九点村委会发放防汛物资。', 'notice'
                    FROM generate_series(1, $1) n""", TEXTS);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> h.count("SELECT count(*) FROM outbox WHERE status = 'sent'") == TEXTS);
            assertEquals(TEXTS, h.smsc.heldReceipts());

            h.smsc.releaseReceipts();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> h.smsc.receiptsAcknowledged() + h.smsc.receiptsRefused() == TEXTS);

            assertEquals(0, h.smsc.receiptsRefused(), "no receipt refused");
            assertEquals(TEXTS, h.smsc.receiptsAcknowledged());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.count("SELECT count(*) FROM outbox WHERE status = 'delivered'") == TEXTS);
            String scrape = h.gateway().registry().scrape();
            assertTrue(scrape.contains("qiaoqiao_smpp_deliver_throttled_total 0.0"), "none counted as throttled:\n" + scrape);
        }
    }
}
