package io.qiaoqiao.gateway.sms;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff between connection attempts, capped, with jitter so that several gateway
 * nodes that lost the SMSC at the same moment do not all knock again at the same moment.
 */
record ReconnectBackoff(long minMillis, long maxMillis) {
    ReconnectBackoff {
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("need 0 < reconnect-min-ms <= reconnect-max-ms, got "
                    + minMillis + " and " + maxMillis);
        }
    }

    /** The wait before attempt number {@code failures + 1}: between half and all of min * 2^failures, capped. */
    long delayMillis(int failures) {
        long ceiling = minMillis << Math.min(failures, 30);
        ceiling = ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
