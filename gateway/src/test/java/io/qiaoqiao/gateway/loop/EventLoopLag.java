package io.qiaoqiao.gateway.loop;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every event loop for blocking: a 20 ms timer on each loop notes how late it fires.
 * A loop blocked by a synchronous call shows up as a late timer — the same thing Vert.x's
 * blocked-thread checker warns about.
 */
final class EventLoopLag {
    private static final long PERIOD_MS = 20;
    private final Vertx vertx;
    private final List<Long> timers = new ArrayList<>();
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();

    private EventLoopLag(Vertx vertx) {
        this.vertx = vertx;
    }

    static EventLoopLag watch(Vertx vertx) {
        EventLoopLag lag = new EventLoopLag(vertx);
        // Contexts created off the event loop are spread round-robin over all loops.
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < 2 * loops; i++) {
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> lag.probe());
        }
        return lag;
    }

    private void probe() {
        long[] expected = {System.nanoTime() + PERIOD_MS * 1_000_000};
        long id = vertx.setPeriodic(PERIOD_MS, t -> {
            long late = System.nanoTime() - expected[0];
            worstNanos.accumulateAndGet(late, Math::max);
            ticks.incrementAndGet();
            expected[0] = System.nanoTime() + PERIOD_MS * 1_000_000;
        });
        synchronized (timers) {
            timers.add(id);
        }
    }

    /** The latest a probe fired; a watch whose probes never fired measured nothing and says so. */
    long worstMillis() {
        if (ticks.get() == 0) {
            throw new AssertionError("no event-loop probe fired: the lag was not measured");
        }
        return worstNanos.get() / 1_000_000;
    }

    void stop() {
        synchronized (timers) {
            timers.forEach(vertx::cancelTimer);
        }
    }
}
