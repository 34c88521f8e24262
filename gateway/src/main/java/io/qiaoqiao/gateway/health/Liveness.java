package io.qiaoqiao.gateway.health;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Alive: the process answers and none of its event loops is stuck. Each loop is handed an
 * empty task and must run it within the timeout; no database, no network beyond the request
 * itself, so a process that is merely cut off from its database is still alive (and not
 * ready). A stuck loop means restart: every ticket's callbacks on it wait forever.
 */
public final class Liveness {
    private final Vertx vertx;
    private final Duration timeout;

    public Liveness(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
    }

    /** The number of event loops, when every one answered in time; fails naming how many did not. */
    public Future<Integer> check() {
        // Vert.x's public API has no list of its event loops; its internal one does.
        EventLoopGroup loops = ((VertxInternal) vertx).nettyEventLoopGroup();
        List<Future<Void>> answers = new ArrayList<>();
        for (EventExecutor loop : loops) {
            Promise<Void> answered = Promise.promise();
            loop.execute(answered::tryComplete);
            answers.add(answered.future());
        }
        Promise<Integer> all = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> all.tryFail(
                (answers.stream().filter(f -> !f.isComplete()).count()) + " of " + answers.size()
                        + " event loops did not answer within " + timeout.toMillis() + " ms"));
        Future.all(answers).onSuccess(v -> {
            vertx.cancelTimer(timer);
            all.tryComplete(answers.size());
        });
        return all.future();
    }
}
