package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.store.RetriedWrite;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the outbox's calls through Asterisk. Claimed like texts (row lock, lease, so a call
 * in flight when its node dies is placed again by another), each call is tried up to
 * {@code outbound.call-attempts} times {@code outbound.call-retry-interval} apart, rating calls
 * never in quiet hours. When a rating call never gets through, the family is asked by text instead.
 * Calls take the trunk's lines ({@link TrunkLines}, shared with broadcasts and check-ins and every
 * node: {@code outbound.max-concurrent-calls} at once; an answered call holds its line until its
 * Hangup); a call that found no free line or no channel (congestion, unavailable) rang nobody: its
 * attempt is given back and it is tried again about {@code outbound.no-line-retry} later.
 * Every attempt and its outcome is on the ticket ({@link CallEvents}).
 * Originate blocks until the phone is answered or gives up, so every call waits on its own
 * virtual thread.
 */
public final class CallSender {
    private static final Logger log = LoggerFactory.getLogger(CallSender.class);
    /** An answered call holds its line at most this long if its Hangup never comes (a lost event). */
    private static final Duration LONGEST_CONVERSATION = Duration.ofMinutes(10);
    private static final String CLAIM = """
            UPDATE outbox o SET status = 'sending', claimed_by = $1,
                   claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1
            FROM tickets t
            WHERE t.id = o.ticket_id AND o.id IN (
                SELECT id FROM outbox
                WHERE channel = 'call' AND reach_kind IS NULL AND ((status = 'pending' AND next_attempt_at <= studio_now())
                                            OR (status = 'sending' AND claimed_until < now()))
                ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.recipient, o.script, o.purpose, o.attempts, o.ticket_id, t.code, t.accepted_at, studio_now() AS claimed_at""";
    // Answered is a fact, whoever holds the claim by the time it is written (see record). The line stays
    // taken (claimed_until ahead, see TrunkLines) until the Hangup frees it, or the longest conversation is over.
    private static final String DONE = """
            UPDATE outbox SET status = 'sent', sent_at = studio_now(), call_result = $2, claimed_by = NULL,
                   claimed_until = now() + make_interval(secs => $3)
            WHERE id = $1 AND status IN ('pending', 'sending')""";
    private static final String LINE_FREE = "UPDATE outbox SET claimed_until = NULL WHERE id = $1 AND status = 'sent'";
    private static final String RETRY = """
            UPDATE outbox SET status = 'pending', call_result = $3, claimed_by = NULL, claimed_until = NULL,
                   attempts = attempts - $5, next_attempt_at = $4
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String GIVE_UP = """
            UPDATE outbox SET status = 'failed', call_result = $3, last_error = $4, claimed_by = NULL, claimed_until = NULL
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String RESIDENT = """
            SELECT r.id, r.name FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id WHERE t.id = $1""";

    private final Vertx vertx;
    private final Pool pool;
    private final CallPlacer placer;
    private final Texts texts;
    private final GatewayMetrics metrics;
    private final String nodeId;
    private final int maxAttempts;
    private final Duration retryInterval;
    private final RatingSchedule ratings;
    private final Duration lease;
    private final Settings settings;
    private final TrunkLines lines;
    private Context context;
    private long periodicId = -1;
    private boolean draining;
    private volatile boolean stopped;

    /**
     * @param lines       the trunk's lines, shared with every kind of call and every node
     * @param noLineRetry {@code outbound.no-line-retry}: a call that found no free line is tried again about this
     *                    long later, without spending an attempt
     */
    public record Settings(TrunkLines lines, Duration noLineRetry) {
    }

    public CallSender(Vertx vertx, Pool pool, CallPlacer placer, Texts texts, GatewayMetrics metrics, String nodeId,
                      int maxAttempts, Duration retryInterval, RatingSchedule ratings, Duration lease, Settings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.placer = placer;
        this.texts = texts;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.maxAttempts = maxAttempts;
        this.retryInterval = retryInterval;
        this.ratings = ratings;
        // A call rings for up to a minute: the lease must outlast the longest call attempt.
        this.lease = lease;
        this.settings = settings;
        this.lines = settings.lines();
    }

    public void start(PgSubscriber subscriber, Duration poll) {
        // One context for every drain: the NOTIFY handler runs on the subscriber's loop and
        // hops here, so 'draining' is only ever touched from one thread.
        Context context = vertx.getOrCreateContext();
        this.context = context;
        context.runOnContext(v -> {
            if (subscriber != null) {
                subscriber.channel(Outbox.CHANNEL).handler(payload -> {
                    if ("call".equals(payload)) {
                        context.runOnContext(x -> drain());
                    }
                });
            }
            periodicId = vertx.setPeriodic(poll.toMillis(), id -> drain());
            drain();
        });
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(periodicId);
    }

    /**
     * Claims as many due calls as the trunk has free lines (counted and claimed under its lock):
     * calls placed past them would end in congestion.
     */
    private void drain() {
        if (draining || stopped || !placer.connected()) {
            return;
        }
        draining = true;
        Tx.run(pool, (db, after) -> lines.lockAndCountFree(db).compose(free -> free <= 0
                        ? Future.succeededFuture(List.<Row>of())
                        : db.preparedQuery(CLAIM).execute(Tuple.of(nodeId, lease.toSeconds() * 1.0, free)).map(CallSender::rows)))
                .onComplete(ar -> draining = false)
                .onSuccess(rows -> rows.forEach(this::place))
                .onFailure(e -> log.warn("call claim failed: {}", e.toString()));
    }

    private static List<Row> rows(io.vertx.sqlclient.RowSet<Row> set) {
        List<Row> out = new java.util.ArrayList<>();
        set.forEach(out::add);
        return out;
    }

    /** One call is over (its outcome known, and if it was answered, hung up): claim the next. */
    private void callOver() {
        Context c = context;
        if (c != null) {
            try {
                c.runOnContext(v -> drain());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Vert.x is closed: the gateway stopped while this call was on the line; nothing is left to claim.
            }
        }
    }

    /** Writes the attempt on the ticket, then places the call. */
    private void place(Row row) {
        int attempt = row.getInteger("attempts");
        CallEvents.attempt(pool, row.getLong("ticket_id"), row.getString("script"), attempt, maxAttempts, row.getString("recipient"))
                .onFailure(e -> log.warn("ticket {}: could not record call attempt {}: {}", row.getString("code"), attempt, e.toString()))
                .onComplete(v -> dial(row));
    }

    private void dial(Row row) {
        long id = row.getLong("id");
        String to = row.getString("recipient");
        String script = row.getString("script");
        String code = row.getString("code");
        int attempts = row.getInteger("attempts");
        Promise<CallOutcome> outcome = Promise.promise();
        Promise<Void> over = Promise.promise();
        OutboundCall call = new OutboundCall(to, script, code, java.util.Map.of("QQ_ATTEMPT", String.valueOf(attempts)));
        Thread.ofVirtual().name("call-" + id).start(() -> {
            try {
                CallOutcome result = placer.place(call);
                outcome.complete(result);
                if (result.result() == CallResult.ANSWERED) {
                    // The line stays taken while the resident talks to the script.
                    placer.awaitHangup(call, LONGEST_CONVERSATION);
                }
            } catch (CallException e) {
                outcome.tryFail(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                outcome.tryFail(new CallException(CallException.Kind.TRANSIENT, e.toString(), e));
            } finally {
                over.complete();
                callOver();
            }
        });
        outcome.future().onComplete(ar -> {
            Future<Void> recorded = settle(row, ar.succeeded() ? ar.result() : null, ar.failed() ? (CallException) ar.cause() : null);
            if (ar.succeeded() && ar.result().result() == CallResult.ANSWERED) {
                // The answer is written with the line still taken; the Hangup frees it once both have happened.
                Future.all(recorded, over.future()).onComplete(v -> record(() -> pool.preparedQuery(LINE_FREE).execute(Tuple.of(id)),
                        id, "line free"));
            }
        });
    }

    /** Stores what came of one attempt, with its ticket event, in one transaction. */
    private Future<Void> settle(Row row, CallOutcome outcome, CallException failure) {
        long id = row.getLong("id");
        long ticketId = row.getLong("ticket_id");
        String to = row.getString("recipient");
        String script = row.getString("script");
        String code = row.getString("code");
        int attempts = row.getInteger("attempts");
        if (outcome != null && outcome.result() == CallResult.ANSWERED) {
            OffsetDateTime acceptedAt = row.getOffsetDateTime("accepted_at");
            if (OutboundCalls.CONFIRM.equals(script) && acceptedAt != null) {
                metrics.confirmationCallDelay(Duration.between(acceptedAt.toInstant(), row.getOffsetDateTime("claimed_at").toInstant()));
            }
            return record(() -> pool.withTransaction(db -> db.preparedQuery(DONE).execute(Tuple.of(id, CallResult.ANSWERED.name(),
                            LONGEST_CONVERSATION.toSeconds() * 1.0))
                    .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture() // written before, its answer lost
                            : CallEvents.outcome(db, ticketId, script, attempts, outcome, CallEvents.Next.DONE, null))), id, "answered");
        }
        String result = outcome != null ? outcome.result().name() : failure.kind().name();
        if (outcome != null && (outcome.result() == CallResult.CONGESTION || outcome.result() == CallResult.UNAVAILABLE)) {
            // No line, or no channel: nobody was rung. The attempt is given back and the call tried again a little later.
            metrics.callNoLine(outcome.result().name().toLowerCase(java.util.Locale.ROOT));
            return record(() -> pool.withTransaction(db -> StudioClock.now(db).compose(now -> {
                long jitter = ThreadLocalRandom.current().nextLong(settings.noLineRetry().toMillis() + 1);
                Instant wanted = now.plus(settings.noLineRetry().dividedBy(2)).plusMillis(jitter);
                Instant next = OutboundCalls.RATING.equals(script) ? ratings.due(wanted, ticketId) : wanted;
                return db.preparedQuery(RETRY).execute(Tuple.of(id, nodeId, result, at(next), 1))
                        .compose(v -> event(db, row, outcome, failure, CallEvents.Next.GIVEN_BACK, next));
            })), id, "retry");
        }
        if (failure != null && failure.kind() == CallException.Kind.NOT_CONNECTED) {
            // Asterisk was unreachable: the call never rang, so the attempt is given back.
            return record(() -> pool.withTransaction(db -> StudioClock.now(db).compose(now -> {
                Instant next = now.plusSeconds(5);
                return db.preparedQuery(RETRY).execute(Tuple.of(id, nodeId, result, at(next), 1))
                        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture()
                                : event(db, row, outcome, failure, CallEvents.Next.GIVEN_BACK, next));
            })), id, "retry");
        }
        if ((failure != null && failure.kind() == CallException.Kind.PERMANENT) || attempts >= maxAttempts) {
            log.warn("{} call for ticket {} to {} gave up after {} attempt(s): {}", script, code, PhoneNumbers.mask(to),
                    attempts, result);
            String error = failure != null ? failure.getMessage() : "no answer after " + attempts + " attempt(s)";
            return record(() -> pool.withTransaction(db -> db.preparedQuery(GIVE_UP).execute(Tuple.of(id, nodeId, result, error))
                    .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture()
                            : event(db, row, outcome, failure, CallEvents.Next.GIVEN_UP, null)
                            .compose(v -> CallEvents.gaveUp(db, ticketId, script, attempts, result))
                            .compose(v -> OutboundCalls.RATING.equals(script) ? textFamily(db, row) : Future.succeededFuture()))),
                    id, "give up");
        } else {
            // The studio clock decides when to try again, and a rating call never rings in quiet hours.
            return record(() -> pool.withTransaction(db -> StudioClock.now(db).compose(now -> {
                Instant next = now.plus(retryInterval);
                Instant retryAt = OutboundCalls.RATING.equals(script) ? ratings.due(next, ticketId) : next;
                return db.preparedQuery(RETRY).execute(Tuple.of(id, nodeId, result, at(retryAt), 0))
                        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture()
                                : event(db, row, outcome, failure, CallEvents.Next.RETRY, retryAt));
            })), id, "retry");
        }
    }

    private static Future<Void> event(SqlClient db, Row row, CallOutcome outcome, CallException failure,
                                      CallEvents.Next next, Instant retryAt) {
        long ticketId = row.getLong("ticket_id");
        String script = row.getString("script");
        int attempt = row.getInteger("attempts");
        return outcome != null ? CallEvents.outcome(db, ticketId, script, attempt, outcome, next, retryAt)
                : CallEvents.failure(db, ticketId, script, attempt, failure, next, retryAt);
    }

    /**
     * Stores a call's outcome, again and again until the database takes it: a resident who
     * answered while PostgreSQL restarted must not be rung again when the call's lease ends. (A
     * retry of the outcome writes the same rows once: DONE finds the row sent, RETRY and GIVE_UP
     * find it no longer claimed.)
     */
    private Future<Void> record(Supplier<Future<?>> update, long id, String what) {
        ThrottledLog failures = new ThrottledLog(log, Duration.ofSeconds(10));
        return RetriedWrite.until(vertx, update, e -> failures.warn("call " + id + ": could not record '" + what + "' (" + e
                        + "); writing it again until the database answers"))
                .onSuccess(v -> log.debug("call {}: '{}' recorded", id, what));
    }

    /**
     * A rating call that never got through: the family is asked instead, by text, and rates by
     * replying 1–5 (the intake takes the reply as the rating).
     */
    private Future<Void> textFamily(SqlClient db, Row row) {
        long ticketId = row.getLong("ticket_id");
        String code = row.getString("code");
        return db.preparedQuery(RESIDENT).execute(Tuple.of(ticketId)).compose(rows -> {
            Row resident = rows.iterator().next();
            Long residentId = resident.getLong("id");
            String name = resident.getString("name");
            return (residentId == null ? Future.succeededFuture(List.<String>of()) : Directory.familyPhones(db, residentId))
                    .compose(phones -> {
                        Future<Void> chain = Future.succeededFuture();
                        for (String phone : phones) {
                            chain = chain.compose(v -> Outbox.text(db, phone, texts.ratingRequestToFamily(code, name),
                                    "rating_fallback", ticketId));
                        }
                        return phones.isEmpty() ? chain
                                : chain.compose(v -> CallEvents.familyTexted(db, ticketId, row.getString("script"), phones));
                    });
        });
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
