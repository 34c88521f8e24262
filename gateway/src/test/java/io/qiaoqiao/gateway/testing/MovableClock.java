package io.qiaoqiao.gateway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time shifted by an offset a test can move, e.g. to 23:00 in the studio and then on to
 * the next morning. Thread-safe: the gateway reads it from its event loop and rule threads.
 */
public final class MovableClock extends Clock {
    private final AtomicReference<Duration> offset;

    private MovableClock(Duration offset) {
        this.offset = new AtomicReference<>(offset);
    }

    /** A clock that reads {@code clock}'s time now and keeps running with real time. */
    public static MovableClock startingAs(Clock clock) {
        return new MovableClock(Duration.between(Instant.now(), clock.instant()));
    }

    public void advance(Duration by) {
        offset.updateAndGet(d -> d.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the gateway reads instants only");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
