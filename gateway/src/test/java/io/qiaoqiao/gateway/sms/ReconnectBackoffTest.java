package io.qiaoqiao.gateway.sms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectBackoffTest {
    private final ReconnectBackoff backoff = new ReconnectBackoff(1_000, 30_000);

    @Test
    void delay_doubles_per_failure_with_jitter_between_half_and_all() {
        for (int failures = 0; failures < 5; failures++) {
            long ceiling = 1_000L << failures;
            for (int i = 0; i < 50; i++) {
                long delay = backoff.delayMillis(failures);
                assertTrue(delay >= ceiling / 2 && delay <= ceiling, failures + " failures gave " + delay);
            }
        }
    }

    @Test
    void delay_is_capped_even_after_very_many_failures() {
        for (int failures : new int[]{5, 6, 40, 63, Integer.MAX_VALUE}) {
            long delay = backoff.delayMillis(failures);
            assertTrue(delay >= 15_000 && delay <= 30_000, failures + " failures gave " + delay);
        }
    }

    @Test
    void nonsense_bounds_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(100, 10));
    }
}
