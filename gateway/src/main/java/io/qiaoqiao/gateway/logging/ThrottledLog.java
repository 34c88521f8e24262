package io.qiaoqiao.gateway.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One warning per interval for a problem that can happen thousands of times a second (a burst
 * of refused deliver_sm): the first occurrence is logged at once, later ones are counted and
 * reported in one line when the interval has passed, with how many there were. Each occurrence
 * is also logged at DEBUG for whoever turns that logger up.
 */
public final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong nextReportAt;

    public ThrottledLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    ThrottledLog(Logger log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextReportAt = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Reports one occurrence: a WARN line {@code "<message> (and N more like it in the last
     * <interval>)"} when the interval since the last such line has passed, else DEBUG only.
     */
    public void warn(String message) {
        long now = nanoClock.getAsLong();
        long due = nextReportAt.get();
        if (now - due >= 0 && nextReportAt.compareAndSet(due, now + intervalNanos)) {
            long more = suppressed.getAndSet(0);
            if (more == 0) {
                log.warn(message);
            } else {
                log.warn("{} (and {} more like it since the last report)", message, more);
            }
            return;
        }
        suppressed.incrementAndGet();
        log.debug(message);
    }
}
