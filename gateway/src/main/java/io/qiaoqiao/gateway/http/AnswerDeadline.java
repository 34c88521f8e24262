package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code /api} request has begun its answer within {@code http.answer-deadline} of its body
 * having arrived, or is answered then: 503 {@code database-not-answering}, with Retry-After.
 *
 * <p>Why a deadline of the gateway's own: a PostgreSQL that stops answering without closing its
 * connections (a stopped process, a paused VM, a storage stall) sets off none of the timeouts the
 * server enforces, and no TCP keepalive either, because the kernel still acknowledges every byte.
 * A statement sent on a pooled connection then waits for as long as the freeze lasts, and so did
 * the desk's request that sent it. The request's work may still finish once the database answers
 * again, so the answer says that it may or may not have been done, not that nothing changed.
 *
 * <p>An answer that has begun (the queue's event stream writes its headers at once) is never cut.
 */
final class AnswerDeadline {
    private static final Logger log = LoggerFactory.getLogger(AnswerDeadline.class);
    private static final ThrottledLog notAnswering = new ThrottledLog(log, Duration.ofSeconds(10));

    private AnswerDeadline() {
    }

    /** Mount after the bodies are read, before anything that may wait for the database. */
    static void mount(Router router, Duration limit) {
        router.route("/api/*").handler(ctx -> {
            long timer = ctx.vertx().setTimer(limit.toMillis(), id -> passed(ctx, limit));
            ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
            ctx.next();
        });
    }

    private static void passed(RoutingContext ctx, Duration limit) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            return;
        }
        notAnswering.warn("API requests answered 503: no answer within http.answer-deadline=" + limit + " (e.g. "
                + ctx.request().method() + " " + ctx.request().path() + ", request " + RequestIds.of(ctx)
                + "); the database is connected but does not answer");
        ApiAccess.retryLater(ctx, new ApiError(Problem.DATABASE_NOT_ANSWERING,
                "数据库没有及时回答。这次的操作可能已经做了，也可能没有：请先刷新看一看，再决定要不要重做",
                "the database did not answer in time; what was asked may or may not have been done: "
                        + "look again before you repeat it"));
    }
}
