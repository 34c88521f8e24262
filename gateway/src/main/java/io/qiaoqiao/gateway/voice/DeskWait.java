package io.qiaoqiao.gateway.voice;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a {@link VoiceDesk} future from a call's virtual thread. Blocking is fine there
 * (the carrier thread is released); it must never be used on a Vert.x event loop.
 */
final class DeskWait {
    private final Duration timeout;

    DeskWait(Duration timeout) {
        this.timeout = timeout;
    }

    /** The desk could not answer in time, or answered with a failure. */
    static final class DeskUnavailable extends Exception {
        DeskUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    <T> T await(Future<T> future, String what) throws DeskUnavailable {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DeskUnavailable(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeskUnavailable(what + " took longer than " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeskUnavailable(what + " interrupted", e);
        }
    }
}
