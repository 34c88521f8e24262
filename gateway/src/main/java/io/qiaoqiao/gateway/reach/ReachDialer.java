package io.qiaoqiao.gateway.reach;

import io.qiaoqiao.gateway.outbound.CallException;
import io.qiaoqiao.gateway.outbound.CallOutcome;
import io.qiaoqiao.gateway.outbound.CallPlacer;
import io.qiaoqiao.gateway.outbound.CallResult;
import io.qiaoqiao.gateway.outbound.OutboundCall;
import io.qiaoqiao.gateway.outbound.TrunkLines;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.QuietHours;
import io.vertx.core.AsyncResult;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the calls not about a ticket (broadcasts, check-ins), paced by the trunk: a node claims
 * tries only while a line of the trunk is free ({@link TrunkLines}: calls of any kind, every
 * node, counted in the shared outbox under one advisory lock), so several nodes together never
 * ring more lines than the trunk has. A call holds its line from the claim until it ends: for an
 * answered call, until its script reports that it hung up, not merely until it was answered.
 *
 * <p>A try is placed at most once. Its row stays claimed while this node renews the lease, and
 * is marked just before it is dialled; when a node dies, its tries in flight are settled as
 * interrupted once their lease runs out and their owner queues the next try, never the same one
 * again; those it claimed but had not begun to dial never rang, and are given back. So is a try
 * that could not even be sent to Asterisk (the AMI link was down).
 * Normal tries wait while quiet hours last ({@link QuietHours}, the one definition); a timer
 * wakes every node when they end.
 */
public final class ReachDialer {
    private static final Logger log = LoggerFactory.getLogger(ReachDialer.class);
    /** Timer kind: quiet hours are over, the tries they held may go out. */
    public static final String RESUME = "reach_resume";
    /** The outbound dialplan's TIMEOUT(absolute)=600 hangs up any call ten minutes after its answer. */
    static final Duration LONGEST_CALL = Duration.ofMinutes(10);
    /**
     * A script reports its call's end as the call ends; this long after Asterisk's Hangup with no
     * report, the script is gone (the node running it was killed) and the try ends here, so its
     * line is free for the next call instead of for the rest of the ten minutes.
     */
    static final Duration REPORT_AFTER_HANGUP = Duration.ofSeconds(30);
    private static final String WORK_WAITING = """
            SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND reach_kind IS NOT NULL AND next_attempt_at <= studio_now())
                OR EXISTS (SELECT 1 FROM outbox WHERE status = 'sending' AND reach_kind IS NOT NULL AND claimed_until < now())""";
    /** Claimed by a node that stopped before it began to dial: the call never rang, the try is given back. */
    private static final String NEVER_DIALLED = """
            UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1
            WHERE status = 'sending' AND reach_kind IS NOT NULL AND claimed_until < now() AND call_result IS NULL""";
    /** Dialled (or on the line) by a node that stopped: the phone may have rung, so the try is over. */
    private static final String ABANDONED = """
            UPDATE outbox SET status = 'failed', call_result = 'INTERRUPTED', last_error = 'the node placing it stopped: '
                   || claimed_by, claimed_by = NULL, claimed_until = NULL
            WHERE status = 'sending' AND reach_kind IS NOT NULL AND claimed_until < now() AND call_result IS NOT NULL
            RETURNING""" + " " + CallTry.COLUMNS;
    private static final String DEFER = """
            UPDATE outbox SET next_attempt_at = $1
            WHERE status = 'pending' AND reach_kind IS NOT NULL AND keep_quiet AND next_attempt_at <= studio_now() RETURNING id""";
    private static final String CLAIM = """
            UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = now() + make_interval(secs => $2),
                   attempts = attempts + 1, call_result = NULL
            WHERE id IN (SELECT id FROM outbox
                         WHERE status = 'pending' AND reach_kind IS NOT NULL AND next_attempt_at <= studio_now()
                           AND (NOT keep_quiet OR NOT $4)
                         ORDER BY keep_quiet, id LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING""" + " " + CallTry.COLUMNS;
    private static final String DIALLING = """
            UPDATE outbox SET call_result = 'DIALLING' WHERE id = $1 AND claimed_by = $2 AND status = 'sending' RETURNING id""";
    private static final String ANSWERED = """
            UPDATE outbox SET call_result = 'ANSWERED' WHERE id = $1 AND status = 'sending' RETURNING id""";
    private static final String GIVE_BACK = """
            UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1,
                   call_result = NULL, last_error = 'NOT_CONNECTED: ' || $3, next_attempt_at = studio_now() + interval '5 seconds'
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String RENEW = """
            UPDATE outbox SET claimed_until = now() + make_interval(secs => $2)
            WHERE status = 'sending' AND reach_kind IS NOT NULL AND claimed_by = $1""";

    /**
     * @param claimant  this process in the rows it claims: the node id and a token of this start, so
     *                  a restarted node with the same id never renews what its predecessor claimed
     * @param lines     the trunk's lines, shared with the ticket calls ({@link TrunkLines})
     * @param lease     a claim not renewed this long belongs to a node that stopped ({@code outbox.lease-seconds})
     */
    public record Settings(String claimant, TrunkLines lines, Duration lease, Duration poll, QuietHours quietHours, ZoneId zone) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final CallPlacer placer;
    private final ReachCalls calls;
    private final Settings settings;
    /** Answered calls of this node waiting for their script's end, by outbox id: when to stop waiting (nanoTime). */
    private final Map<Long, Long> onLine = new HashMap<>();
    private Context context;
    private long pollTimer = -1;
    private long renewTimer = -1;
    private boolean draining;
    private boolean again;
    private volatile boolean stopped;

    public ReachDialer(Vertx vertx, Pool pool, CallPlacer placer, ReachCalls calls, Settings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.placer = placer;
        this.calls = calls;
        this.settings = settings;
    }

    public void start(PgSubscriber subscriber) {
        context = vertx.getOrCreateContext();
        calls.onSettled(call -> context.runOnContext(v -> {
            onLine.remove(call.outboxId());
            drain();
        }));
        context.runOnContext(v -> {
            if (subscriber != null) {
                subscriber.channel(Outbox.CHANNEL).handler(payload -> {
                    if ("call".equals(payload)) {
                        context.runOnContext(x -> drain());
                    }
                });
            }
            pollTimer = vertx.setPeriodic(settings.poll().toMillis(), id -> drain());
            renewTimer = vertx.setPeriodic(Math.max(1000, settings.lease().toMillis() / 3), id -> renew());
            drain();
        });
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(renewTimer);
    }

    /** Claims as many tries as lines are free and places them; a drain asked for meanwhile runs after it. */
    private void drain() {
        if (stopped || !placer.connected()) {
            return;
        }
        if (draining) {
            again = true;
            return;
        }
        draining = true;
        again = false;
        pool.query(WORK_WAITING).execute()
                .compose(rows -> rows.iterator().next().getBoolean(0) ? claim() : Future.succeededFuture(List.<CallTry>of()))
                .onComplete(ar -> context.runOnContext(v -> {
                    draining = false;
                    if (ar.failed()) {
                        log.warn("claiming calls failed: {}", ar.cause().toString());
                    } else {
                        ar.result().forEach(this::place);
                    }
                    if (again) {
                        drain();
                    }
                }));
    }

    private Future<List<CallTry>> claim() {
        // The lines are counted before abandoned tries are settled: a line freed by that waits for the next drain.
        return Tx.run(pool, (db, after) -> settings.lines().lockAndCountFree(db)
                .compose(free -> recoverAbandoned(db, after)
                        .compose(v -> StudioClock.now(db))
                        .compose(now -> {
                            boolean quiet = settings.quietHours().isQuiet(now, settings.zone());
                            return (quiet ? defer(db, settings.quietHours().nextAllowed(now, settings.zone()))
                                    : Future.<Void>succeededFuture())
                                    .compose(v -> free <= 0 ? Future.succeededFuture(List.<CallTry>of())
                                            : db.preparedQuery(CLAIM).execute(Tuple.of(settings.claimant(),
                                                    settings.lease().toMillis() / 1000.0, free, quiet)).map(ReachDialer::tries));
                        })));
    }

    /** Tries whose node stopped while they were in flight: ended, never placed again; their owners queue the next. */
    private Future<Void> recoverAbandoned(SqlClient db, AfterCommit after) {
        return db.query(NEVER_DIALLED).execute().compose(v -> db.query(ABANDONED).execute()).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (CallTry call : tries(rows)) {
                log.warn("{} call {} (try {}) to {} was in flight on a node that stopped: not placed again", call.kind(),
                        call.outboxId(), call.tryNo(), PhoneNumbers.mask(call.phone()));
                chain = chain.compose(v -> calls.ended(db, after, call, TryEnd.INTERRUPTED));
            }
            return chain;
        });
    }

    /** Quiet hours: the tries that keep them wait until they end, and a timer says when. */
    private Future<Void> defer(SqlClient db, Instant until) {
        return db.preparedQuery(DEFER).execute(Tuple.of(java.time.OffsetDateTime.ofInstant(until, java.time.ZoneOffset.UTC)))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
                        : Timers.onceAt(db, RESUME, "reach-resume:" + until.toEpochMilli(), until));
    }

    private static List<CallTry> tries(io.vertx.sqlclient.RowSet<Row> rows) {
        List<CallTry> out = new ArrayList<>();
        rows.forEach(r -> out.add(CallTry.of(r)));
        out.sort((a, b) -> Long.compare(a.outboxId(), b.outboxId()));
        return out;
    }

    /**
     * Marks the try as being dialled, then dials: a node that dies before the mark leaves a try
     * that never rang, which is given back; one that dies after it leaves a try that is over.
     */
    private void place(CallTry call) {
        pool.preparedQuery(DIALLING).execute(Tuple.of(call.outboxId(), settings.claimant())).onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                log.warn("call {}: could not mark it dialled ({}); it is given back when its lease ends", call.outboxId(),
                        ar.cause().toString());
            } else if (ar.result().size() == 1) {
                dial(call);
            }
        }));
    }

    /** Originate blocks until the phone is answered or gives up: each call waits on its own virtual thread. */
    private void dial(CallTry call) {
        Promise<CallOutcome> outcome = Promise.promise();
        OutboundCall outbound = new OutboundCall(call.phone(), call.script(), "call-" + call.outboxId(),
                Map.of("QQ_CALL", String.valueOf(call.outboxId()), "QQ_ATTEMPT", String.valueOf(call.tryNo())));
        Thread.ofVirtual().name("reach-call-" + call.outboxId()).start(() -> {
            try {
                outcome.complete(placer.place(outbound));
            } catch (CallException e) {
                outcome.fail(e);
            } catch (RuntimeException e) {
                outcome.fail(new CallException(CallException.Kind.TRANSIENT, e.toString(), e));
            }
        });
        outcome.future().onComplete(ar -> context.runOnContext(v -> placed(call, outbound, ar)));
    }

    private void placed(CallTry call, OutboundCall outbound, AsyncResult<CallOutcome> ar) {
        if (ar.succeeded() && ar.result().result() == CallResult.ANSWERED) {
            // The line is in use until the script says it hung up (or, at the latest, the dialplan's
            // limit, or a while after Asterisk's Hangup when the script never says so).
            onLine.put(call.outboxId(), System.nanoTime() + LONGEST_CALL.toNanos());
            awaitHangup(call.outboxId(), outbound);
            pool.preparedQuery(ANSWERED).execute(Tuple.of(call.outboxId())).onComplete(marked -> context.runOnContext(v -> {
                if (marked.failed()) {
                    log.warn("call {}: could not mark it answered: {}", call.outboxId(), marked.cause().toString());
                } else if (marked.result().size() == 0) {
                    onLine.remove(call.outboxId()); // the script reported its end first: the line is free already
                }
            }));
            return;
        }
        if (ar.failed() && ((CallException) ar.cause()).kind() == CallException.Kind.NOT_CONNECTED) {
            pool.preparedQuery(GIVE_BACK).execute(Tuple.of(call.outboxId(), settings.claimant(), ar.cause().getMessage()))
                    .onComplete(x -> context.runOnContext(v -> drain()));
            return;
        }
        TryEnd end;
        String error = null;
        if (ar.succeeded()) {
            end = TryEnd.notAnswered(ar.result().result().name());
        } else {
            CallException e = (CallException) ar.cause();
            end = TryEnd.notAnswered(e.kind() == CallException.Kind.PERMANENT ? "refused" : "unknown");
            error = e.getMessage();
        }
        settle(call, end, ar.succeeded(), error);
    }

    /** On its own virtual thread (the placer blocks): once the channel hung up, the script has a while left to report. */
    private void awaitHangup(long id, OutboundCall outbound) {
        Thread.ofVirtual().name("reach-hangup-" + id).start(() -> {
            boolean hungUp;
            try {
                hungUp = placer.awaitHangup(outbound, LONGEST_CALL);
            } catch (InterruptedException e) {
                return;
            }
            if (hungUp) {
                long reportBy = System.nanoTime() + REPORT_AFTER_HANGUP.toNanos();
                context.runOnContext(v -> onLine.computeIfPresent(id, (k, until) -> until - reportBy > 0 ? reportBy : until));
            }
        });
    }

    private void settle(CallTry call, TryEnd end, boolean outcomeKnown, String error) {
        Tx.run(pool, (db, after) -> calls.settle(db, after, call.outboxId(), end, outcomeKnown, error))
                .onFailure(e -> log.error("{} call {}: could not record '{}' ({}); it is settled as interrupted when its lease ends",
                        call.kind(), call.outboxId(), end.result(), e.toString()));
    }

    /** Keeps this node's calls claimed; an answered call whose script never reported is ended here. */
    private void renew() {
        long now = System.nanoTime();
        List<Long> overdue = onLine.entrySet().stream().filter(e -> now - e.getValue() > 0).map(Map.Entry::getKey).toList();
        for (Long id : overdue) {
            onLine.remove(id);
            Tx.run(pool, (db, after) -> calls.settle(db, after, id, new TryEnd("no_report", true), true, "no report from the script"))
                    .onSuccess(settled -> {
                        if (settled) {
                            log.warn("call {}: answered, hung up or {} on the line, and its script never said it ended;"
                                    + " the try ends here", id, LONGEST_CALL);
                        }
                    });
        }
        pool.preparedQuery(RENEW).execute(Tuple.of(settings.claimant(), settings.lease().toMillis() / 1000.0))
                .onFailure(e -> log.warn("could not renew the claims of calls in flight: {}", e.toString()));
    }
}
