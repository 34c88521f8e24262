package io.qiaoqiao.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes down something that already happened outside (the SMSC accepted a text, a resident
 * answered the phone) until the database takes it: a failed write is tried again, after 100 ms,
 * then twice as long each time up to 2 s, for as long as the gateway runs. Doing the outside thing
 * again instead (ringing the resident again when the lease of the call runs out) is what this
 * prevents, so the write must be safe to repeat: it may have committed although its answer was
 * lost.
 */
public final class RetriedWrite {
    private static final long FIRST_RETRY_MS = 100;
    private static final long LAST_RETRY_MS = 2000;

    private RetriedWrite() {
    }

    /**
     * @param write     starts one attempt
     * @param onFailure told of each failed attempt (to log it)
     * @return completes once an attempt succeeded
     */
    public static Future<Void> until(Vertx vertx, Supplier<Future<?>> write, Consumer<Throwable> onFailure) {
        Promise<Void> written = Promise.promise();
        attempt(vertx, write, onFailure, written, 0);
        return written.future();
    }

    private static void attempt(Vertx vertx, Supplier<Future<?>> write, Consumer<Throwable> onFailure, Promise<Void> written,
                                int failures) {
        Future<?> attempt;
        try {
            attempt = write.get();
        } catch (RuntimeException e) {
            attempt = Future.failedFuture(e);
        }
        attempt.onComplete(ar -> {
            if (ar.succeeded()) {
                written.complete();
                return;
            }
            onFailure.accept(ar.cause());
            long delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS << Math.min(failures, 10));
            try {
                vertx.setTimer(delay, id -> attempt(vertx, write, onFailure, written, failures + 1));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // Vert.x is closing (the gateway stops): no more tries here. The row keeps its
                // claim, whose lease decides after the restart, as after a kill.
                written.fail(new IllegalStateException("the gateway stopped before this could be written down", ar.cause()));
            }
        });
    }
}
