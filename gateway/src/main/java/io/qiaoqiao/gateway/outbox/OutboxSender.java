package io.qiaoqiao.gateway.outbox;

import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.sms.PartsSent;
import io.qiaoqiao.gateway.sms.SmsSender;
import io.qiaoqiao.gateway.sms.SubmitException;
import io.qiaoqiao.gateway.sms.SubmitGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the SMSC. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so several gateway nodes share the work and rows claimed by a node that died are
 * picked up when its lease runs out. A row is sent only by the node whose claim it carries, and
 * that node keeps the claim alive for as long as the text takes ({@link Claim}): each segment goes
 * out only on a claim with at least half its lease left. What the SMSC accepted is recorded
 * come what may ({@link SentRecorder}): a failed write is tried again, never answered by sending
 * the text again. Texts to one phone go out in the order they were queued. jsmpp blocks, so each
 * recipient's texts are sent on a virtual thread; the results come back to Vert.x as futures.
 */
public final class OutboxSender {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private final ThrottledLog throttledLog = new ThrottledLog(log, Duration.ofSeconds(10));
    private final ThrottledLog notBoundLog = new ThrottledLog(log, Duration.ofSeconds(10));
    /**
     * After any trouble with the database, this node waits this long before it takes over other
     * nodes' lapsed claims. The database being away makes every node's claims lapse at once, and a
     * live node that sent texts meanwhile records them within a second or two of its return: the
     * row is then sent, not sent again. (A node that died cannot record; its rows are taken over
     * once this has passed.)
     */
    static final Duration TAKEOVER_GRACE = Duration.ofSeconds(10);
    private static final String RENEW = """
            UPDATE outbox SET claimed_until = now() + make_interval(secs => $3)
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending' RETURNING id""";
    /**
     * Two long texts to one phone under one concatenation reference (the id's low 8 bits), both
     * begun and neither whole, are put together by the phone as one (V17). So a long text does not
     * begin while another to the same phone under the same reference has begun and is not sent
     * (claimed, or waiting part-way for a retry), nor while an earlier one is due as well (it goes
     * first). A text already part-way waits only for an earlier one part-way, so two never wait
     * for each other. 70 characters is the most one UCS-2 part holds; a longer GSM text may still
     * be one part, and then waits without need, rarely and briefly.
     */
    private static final String ANOTHER_LONG_TEXT_UNDER_THE_SAME_REFERENCE = """
            SELECT 1 FROM outbox b WHERE length(o.body) > 70 AND b.recipient = o.recipient AND b.id <> o.id
              AND b.status IN ('pending', 'sending') AND length(b.body) > 70 AND (b.id & 255) = (o.id & 255)
              AND CASE WHEN o.status = 'sending' OR o.parts_sent IS NOT NULL
                       THEN b.id < o.id AND (b.status = 'sending' OR b.parts_sent IS NOT NULL)
                       ELSE b.status = 'sending' OR b.parts_sent IS NOT NULL OR (b.id < o.id AND b.next_attempt_at <= studio_now())
                  END""";
    // Rows whose claim ran out (their node died) and the oldest pending ones, each read through
    // its own partial index: a claim costs the same with ten rows sent or ten million. (Usually
    // no claim has run out; when some have, a claim may take up to twice the batch.)
    // $4: whether to take over lapsed claims at all (TAKEOVER_GRACE); $5: rows this node is still
    // busy with, which it never takes from itself.
    private static final String CLAIM = """
            WITH expired AS (SELECT id FROM outbox o WHERE $4 AND status = 'sending' AND claimed_until < now() AND channel = 'sms'
                               AND NOT (id = ANY($5)) AND NOT EXISTS (%1$s)
                             ORDER BY claimed_until LIMIT $3 FOR UPDATE SKIP LOCKED),
                 due AS (SELECT id FROM outbox o WHERE status = 'pending' AND next_attempt_at <= studio_now() AND channel = 'sms'
                           AND NOT EXISTS (%1$s)
                         ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
            UPDATE outbox SET status = 'sending', claimed_by = $1,
                   claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1
            WHERE id IN (SELECT id FROM expired UNION ALL SELECT id FROM due)
            RETURNING id, recipient, body, attempts, parts_sent""".formatted(ANOTHER_LONG_TEXT_UNDER_THE_SAME_REFERENCE);
    // $6: the parts of a long text the SMSC has accepted so far (NULL: no news, keep what is known).
    private static final String RETRY = """
            UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL, last_error = $3,
                   attempts = attempts - $5, next_attempt_at = studio_now() + make_interval(secs => $4),
                   parts_sent = coalesce($6, parts_sent)
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String FAIL = """
            UPDATE outbox SET status = 'failed', claimed_by = NULL, claimed_until = NULL, last_error = $3
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String BACKLOG = """
            SELECT count(*) AS pending, coalesce(extract(epoch FROM studio_now() - min(created_at)), 0)::bigint AS oldest
            FROM outbox WHERE channel = 'sms' AND status IN ('pending', 'sending')""";

    private final Vertx vertx;
    private final Pool pool;
    private final SmsSender sms;
    private final GatewayMetrics metrics;
    private final String nodeId;
    private final Settings settings;
    private final ThrottledLog drainFailures = new ThrottledLog(log, Duration.ofSeconds(10));
    private long periodicId = -1;
    private long backlogTimerId = -1;
    private final SentRecorder recorder;
    private final Map<String, Future<Void>> tails = new HashMap<>();
    /** Rows this node is busy with, from their claim until their outcome is written: touched on the context only. */
    private final Set<Long> busy = new HashSet<>();
    private Context context;
    private boolean claiming;
    private boolean again;
    private volatile long databaseTroubleAt;
    private volatile boolean stopped;

    /** Beyond the longest wait for an answer: the renewal's own round trip and the clocks' grain. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

    /**
     * How the sender paces itself. {@code segmentAnswer}: the longest one segment may be with the
     * SMSC before its answer or its timeout (smpp.response-timeout-ms).
     */
    public record Settings(int batchSize, Duration pollInterval, Duration lease, int maxAttempts, Duration retryMin,
                           Duration retryMax, Duration segmentAnswer) {
        public Settings {
            checkLease(lease, segmentAnswer);
        }
    }

    /**
     * Refuses a lease that a live node's claim could outrun: a segment waits up to
     * {@code segmentAnswer} for its answer, and a claim renewed right before it must still hold
     * when the answer comes, or another node takes the row over and sends the text again.
     */
    public static void checkLease(Duration lease, Duration segmentAnswer) {
        if (lease.compareTo(segmentAnswer.multipliedBy(2).plus(ANSWER_MARGIN)) < 0) {
            throw new IllegalArgumentException("outbox.lease-seconds is " + lease.toSeconds() + " s; it must be at least twice"
                    + " smpp.response-timeout-ms (" + segmentAnswer.toMillis() + " ms) and " + ANSWER_MARGIN.toSeconds()
                    + " s more, or a claim can lapse while a segment waits for the SMSC's answer and another node"
                    + " sends the text again");
        }
    }

    public OutboxSender(Vertx vertx, Pool pool, SmsSender sms, GatewayMetrics metrics, String nodeId, Settings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.sms = sms;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.settings = settings;
        this.recorder = new SentRecorder(pool, this::databaseTrouble);
        this.databaseTroubleAt = System.nanoTime() - 2 * TAKEOVER_GRACE.toNanos();
    }

    /** Starts polling, and listening for NOTIFY wake-ups on {@code subscriber} (may be null). */
    public Future<Void> start(PgSubscriber subscriber) {
        Promise<Void> started = Promise.promise();
        context = vertx.getOrCreateContext();
        recorder.runOn(context);
        context.runOnContext(v -> {
            if (subscriber != null) {
                subscriber.channel(Outbox.CHANNEL).handler(payload -> wake());
            }
            periodicId = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> wake());
            backlogTimerId = vertx.setPeriodic(5000, id -> refreshBacklog());
            refreshBacklog();
            claimIfRoom();
            started.complete();
        });
        return started.future();
    }

    /**
     * Stops claiming; completes once what the SMSC accepted so far is recorded (at most
     * {@code within} later: a record still unwritten then is lost, and its text sent again once
     * its lease runs out).
     */
    public Future<Void> stop(Duration within) {
        stopped = true;
        vertx.cancelTimer(periodicId);
        vertx.cancelTimer(backlogTimerId);
        return recorder.drained(within);
    }

    /** Claim and send now, if there is room; calls while a claim runs are folded into one more after it. */
    public void wake() {
        if (stopped) {
            return;
        }
        context.runOnContext(v -> claimIfRoom());
    }

    /**
     * Keeps up to two batches in flight: the next claim goes out while the previous batch is
     * still being sent, so the submit window never waits for a whole batch to finish. A row
     * counts until its outcome is written, so while the database cannot take outcomes no more
     * rows are claimed: what waits in memory is bounded by two batches. Runs on the sender's
     * context only.
     */
    private void claimIfRoom() {
        if (stopped) {
            return;
        }
        if (claiming || busy.size() >= settings.batchSize()) {
            again = true;
            return;
        }
        if (!sms.bound()) {
            return; // nothing can be sent; rows stay pending and the next poll tries again
        }
        claiming = true;
        again = false;
        claimBatch().onComplete(ar -> context.runOnContext(v -> {
            claiming = false;
            if (ar.failed()) {
                databaseTrouble();
                drainFailures.warn("outbox drain failed: " + ar.cause());
            } else if (ar.result() >= settings.batchSize()) {
                again = true;
            }
            if (again) {
                claimIfRoom();
            }
        }));
    }

    /** Claims one batch and starts sending it; completes with how many rows were claimed. */
    private Future<Integer> claimBatch() {
        // Before the claim is sent: the lease the database grants starts later than this, never earlier.
        long claimedAt = System.nanoTime();
        boolean takeOver = claimedAt - databaseTroubleAt > TAKEOVER_GRACE.toNanos();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(nodeId, settings.lease().toSeconds() * 1.0, settings.batchSize(),
                        takeOver, busy.toArray(Long[]::new)))
                .map(rows -> {
                    List<Row> sorted = new ArrayList<>();
                    rows.forEach(sorted::add);
                    sorted.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
                    context.runOnContext(v -> sorted.forEach(row -> sendAfterEarlierTexts(row, claimedAt)));
                    return rows.size();
                });
    }

    /**
     * Texts to one phone go out in the order they were queued, also across overlapping batches:
     * each is submitted once the previous one to the same phone is written to the SMSC's socket.
     * It does not wait for the SMSC's answer to that one (nor for the answer being recorded): a
     * volunteer or a resident with many texts gets them at the pace of the window, not one per
     * round trip. TCP keeps the order of what one session writes, and an SMSC answers and
     * forwards the submits of a session in the order they came.
     */
    private void sendAfterEarlierTexts(Row row, long claimedAt) {
        long id = row.getLong("id");
        busy.add(id);
        String recipient = row.getString("recipient");
        Claim claim = new Claim(id, claimedAt);
        Future<Void> previous = tails.getOrDefault(recipient, Future.succeededFuture());
        Promise<Void> written = Promise.promise();
        Future<List<String>> submitted = previous.transform(ignored -> submit(id, recipient, row.getString("body"),
                partsSent(row), claim, () -> written.tryComplete()));
        Future<Void> next = written.future();
        tails.put(recipient, next);
        // However the send ended, the next text to this phone may go.
        submitted.onComplete(ar -> written.tryComplete());
        next.onComplete(ar -> context.runOnContext(v -> tails.remove(recipient, next)));
        submitted.compose(messageIds -> recordSent(id, messageIds),
                        error -> error instanceof SubmitException e && e.kind() == SubmitException.Kind.WITHDRAWN
                                ? Future.<Void>succeededFuture()
                                : recordFailure(id, recipient, row.getInteger("attempts"), (SubmitException) error))
                .onComplete(ar -> context.runOnContext(v -> {
                    busy.remove(id);
                    if (ar.failed()) {
                        databaseTrouble();
                        log.warn("outbox {} not recorded: {}", id, ar.cause().toString());
                    }
                    claimIfRoom();
                }));
    }

    /**
     * This node's claim on one row, asked before every segment (on the sending thread). The lease
     * is counted from before the claim or renewal was sent, so it runs out here no later than in
     * the database. A segment goes out only on a claim that outlasts its answer: with less left
     * than the longest wait for a submit_sm_resp (smpp.response-timeout-ms) and a margin, or less
     * than half the lease, the claim is renewed first; if it cannot be (another node has the row,
     * or the database does not answer), nothing more of the text is sent from here. The
     * configuration refuses a lease shorter than twice that wait ({@link #checkLease}), so a
     * renewed claim always outlasts one answer.
     */
    private final class Claim implements SubmitGuard {
        private final long id;
        private volatile long validUntil;

        Claim(long id, long claimedAt) {
            this.id = id;
            this.validUntil = claimedAt + settings.lease().toNanos();
        }

        @Override
        public boolean mayProceed() {
            long now = System.nanoTime();
            long halfLease = settings.lease().toNanos() / 2;
            long oneAnswer = settings.segmentAnswer().plus(ANSWER_MARGIN).toNanos();
            if (validUntil - now > Math.max(halfLease, oneAnswer)) {
                return true;
            }
            try {
                var renewed = pool.preparedQuery(RENEW).execute(Tuple.of(id, nodeId, settings.lease().toSeconds() * 1.0))
                        .toCompletionStage().toCompletableFuture().get(halfLease, TimeUnit.NANOSECONDS);
                if (renewed.size() == 0) {
                    log.warn("outbox {}: another node holds this text now; not sending the rest of it here", id);
                    return false;
                }
                validUntil = now + settings.lease().toNanos();
                return true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                databaseTrouble();
                log.warn("outbox {}: claim could not be renewed ({}); not sending the rest of it until it is claimed again", id,
                        e instanceof java.util.concurrent.ExecutionException ? e.getCause().toString() : "no answer in time");
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * A row's reference is its id's low 8 bits, whichever node sends it: a node that takes over
     * a row a dead node had begun uses the reference the phone has seen, and the parts this or
     * another live node recorded as accepted are not sent again.
     */
    private static PartsSent partsSent(Row row) {
        String[] sofar = row.getArrayOfStrings("parts_sent");
        int reference = (int) (row.getLong("id") & 0xFF);
        return sofar == null ? PartsSent.startingWith(reference) : new PartsSent(reference, java.util.Arrays.asList(sofar));
    }

    /**
     * jsmpp blocks, so the submit runs on a virtual thread; the result comes back as a future.
     * {@code written} runs (on that thread) once every segment is on its way.
     */
    private Future<List<String>> submit(long id, String recipient, String body, PartsSent sofar, SubmitGuard claim,
                                        Runnable written) {
        Promise<List<String>> submitted = Promise.promise();
        Thread.ofVirtual().name("outbox-" + id).start(() -> {
            List<String> messageIds = null;
            SubmitException failure = null;
            try {
                messageIds = sms.send(recipient, body, sofar, claim, written);
            } catch (SubmitException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new SubmitException(SubmitException.Kind.TRANSIENT, 0, e.toString(), e);
            }
            try {
                if (failure == null) {
                    submitted.complete(messageIds);
                } else {
                    submitted.fail(failure);
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Vert.x was closed while this text was with the SMSC: the gateway is stopping. The
                // row stays claimed until its lease ends, then a running node takes it over.
                log.info("outbox row {} submitted while the gateway stopped; its lease will expire", id);
            }
        });
        return submitted.future();
    }

    /** Completes once recorded, however long the database takes to answer again. */
    private Future<Void> recordSent(long id, List<String> messageIds) {
        return recorder.record(id, messageIds).onSuccess(v -> {
            metrics.outboxResult("sent");
            metrics.segments(messageIds.size());
        });
    }

    private Future<Void> recordFailure(long id, String recipient, int attempts, SubmitException e) {
        // A dropped link, or the SMSC asking us to slow down, is not the message's fault: the attempt is given back.
        boolean notOurFault = e.kind() == SubmitException.Kind.NOT_BOUND || e.kind() == SubmitException.Kind.THROTTLED;
        if (e.kind() == SubmitException.Kind.PERMANENT || (!notOurFault && attempts >= settings.maxAttempts())) {
            log.error("outbox {} to {} failed for good after {} attempt(s): {}", id, PhoneNumbers.mask(recipient), attempts,
                    e.getMessage());
            metrics.outboxResult("failed");
            return pool.preparedQuery(FAIL).execute(Tuple.of(id, nodeId, e.kind() + ": " + e.getMessage())).mapEmpty();
        }
        Duration delay = e.kind() == SubmitException.Kind.NOT_BOUND ? settings.retryMin()
                : e.kind() == SubmitException.Kind.THROTTLED ? slowingDown() : backoff(attempts);
        String retrying = "outbox " + id + " to " + PhoneNumbers.mask(recipient) + ": " + e.kind() + " (" + e.getMessage()
                + "), retrying in " + delay.toSeconds() + " s";
        if (notOurFault) {
            // A throttling SMSC or a lost bind turns every text in flight away at once: one line per interval, not one per text.
            (e.kind() == SubmitException.Kind.THROTTLED ? throttledLog : notBoundLog).warn(retrying);
        } else {
            log.warn(retrying);
        }
        metrics.outboxResult("retry");
        PartsSent sofar = e.partsSent();
        String[] accepted = sofar == null || !sofar.anyAccepted() ? null : sofar.messageIds().toArray(String[]::new);
        return pool.preparedQuery(RETRY).execute(Tuple.of(id, nodeId, e.kind() + ": " + e.getMessage(),
                delay.toMillis() / 1000.0, notOurFault ? 1 : 0, accepted)).mapEmpty();
    }

    /**
     * After ESME_RTHROTTLED: between one and four times retryMin, at random, so the texts the SMSC
     * turned away together do not all come back together.
     */
    Duration slowingDown() {
        long min = settings.retryMin().toMillis();
        return Duration.ofMillis(min + ThreadLocalRandom.current().nextLong(3 * min + 1));
    }

    /** Exponential with full jitter, between retryMin and retryMax. */
    Duration backoff(int attempts) {
        long min = settings.retryMin().toMillis();
        long cap = Math.min(settings.retryMax().toMillis(), min << Math.min(attempts - 1, 20));
        return Duration.ofMillis(min + ThreadLocalRandom.current().nextLong(Math.max(1, cap - min + 1)));
    }

    /** Something this node asked the database failed: hold off taking over other nodes' rows for a while. */
    private void databaseTrouble() {
        databaseTroubleAt = System.nanoTime();
    }

    private void refreshBacklog() {
        pool.query(BACKLOG).execute().onSuccess(rows -> {
            Row r = rows.iterator().next();
            metrics.outboxBacklog(r.getLong("pending"), r.getLong("oldest"));
        }).onFailure(e -> databaseTrouble());
    }
}
