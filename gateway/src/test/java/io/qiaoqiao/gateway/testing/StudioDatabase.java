package io.qiaoqiao.gateway.testing;

import io.qiaoqiao.gateway.timer.StudioClock;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The studio clock of a test database, moved the way {@link GatewayHarness} moves it, for tests
 * whose gateways run in child processes ({@link GatewayProcess}): the clock is the database's, so
 * every node on it sees the same time pass.
 */
public final class StudioDatabase {
    private final Pool pool;

    public StudioDatabase(Pool pool) {
        this.pool = pool;
    }

    /**
     * Lets studio time pass timer by timer, up to {@code most} from now or until {@code done}: the
     * clock jumps to the next pending timer, a gateway fires it, and the next jump waits until
     * nothing is due any more (timers fired, texts and calls handed to the SMSC and AMI).
     */
    public void letTimePass(Duration most, BooleanSupplier done) {
        Instant end = now().plus(most);
        while (true) {
            awaitNothingDue();
            if (done.getAsBoolean()) {
                return;
            }
            var next = await(pool.query("SELECT min(due_at) FROM timers WHERE status = 'pending'").execute()).iterator().next()
                    .getOffsetDateTime(0);
            Instant now = now();
            if (next == null || next.toInstant().isAfter(end)) {
                return;
            }
            if (next.toInstant().isAfter(now)) {
                await(StudioClock.advance(pool, Duration.between(now, next.toInstant())));
            }
        }
    }

    /** Waits until no timer is due and no text or call is waiting to go out. */
    public void awaitNothingDue() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> count(
                "SELECT (SELECT count(*) FROM timers WHERE status = 'pending' AND due_at <= studio_now())"
                        + " + (SELECT count(*) FROM outbox WHERE (status = 'pending' AND next_attempt_at <= studio_now())"
                        + " OR status = 'sending')") == 0);
    }

    public Instant now() {
        return await(StudioClock.now(pool));
    }

    public long count(String sql) {
        return await(pool.query(sql).execute()).iterator().next().getLong(0);
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
