package io.qiaoqiao.gateway.outbox;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.sms.SmsSender;
import io.qiaoqiao.gateway.sms.SubmitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the SMSC. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so several gateway nodes share the work and rows claimed by a node that died are
 * picked up when its lease runs out. A row is sent only by the node whose claim it carries.
 * Texts to one phone go out in the order they were queued. jsmpp blocks, so each recipient's
 * texts are sent on a virtual thread; the results come back to Vert.x as futures.
 */
public final class OutboxSender {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final String CLAIM = """
            UPDATE outbox SET status = 'sending', claimed_by = $1,
                   claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1
            WHERE id IN (SELECT id FROM outbox
                         WHERE channel = 'sms' AND ((status = 'pending' AND next_attempt_at <= now())
                            OR (status = 'sending' AND claimed_until < now()))
                         ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, recipient, body, attempts""";
    private static final String MARK_SENT = """
            UPDATE outbox SET status = 'sent', sent_at = now(), parts = $3, claimed_by = NULL, claimed_until = NULL,
                   last_error = NULL
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String SEGMENT = "INSERT INTO sms_segments (message_id, outbox_id, part_no) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
    private static final String RETRY = """
            UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL, last_error = $3,
                   attempts = attempts - $5, next_attempt_at = now() + make_interval(secs => $4)
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String FAIL = """
            UPDATE outbox SET status = 'failed', claimed_by = NULL, claimed_until = NULL, last_error = $3
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String BACKLOG = """
            SELECT count(*) AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest
            FROM outbox WHERE channel = 'sms' AND status IN ('pending', 'sending')""";

    private final Vertx vertx;
    private final Pool pool;
    private final SmsSender sms;
    private final GatewayMetrics metrics;
    private final String nodeId;
    private final Settings settings;
    private PgSubscriber subscriber;
    private long periodicId = -1;
    private long backlogTimerId = -1;
    private boolean draining;
    private boolean again;
    private volatile boolean stopped;

    /** How the sender paces itself. */
    public record Settings(int batchSize, Duration pollInterval, Duration lease, int maxAttempts, Duration retryMin,
                           Duration retryMax) {
    }

    public OutboxSender(Vertx vertx, Pool pool, SmsSender sms, GatewayMetrics metrics, String nodeId, Settings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.sms = sms;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.settings = settings;
    }

    /** Starts polling, and listening for NOTIFY wake-ups on {@code subscriber} (may be null). */
    public Future<Void> start(PgSubscriber subscriber) {
        this.subscriber = subscriber;
        Promise<Void> started = Promise.promise();
        vertx.runOnContext(v -> {
            if (subscriber != null) {
                subscriber.channel(Outbox.CHANNEL).handler(payload -> wake());
            }
            periodicId = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> wake());
            backlogTimerId = vertx.setPeriodic(5000, id -> refreshBacklog());
            refreshBacklog();
            wake();
            started.complete();
        });
        return started.future();
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(periodicId);
        vertx.cancelTimer(backlogTimerId);
    }

    /** Drain now; if a drain is running, run another right after it. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (draining) {
            again = true;
            return;
        }
        if (!sms.bound()) {
            return; // nothing can be sent; rows stay pending and the next poll tries again
        }
        draining = true;
        again = false;
        drainBatch().onComplete(ar -> {
            draining = false;
            if (ar.failed()) {
                log.warn("outbox drain failed: {}", ar.cause().toString());
            } else if (ar.result() >= settings.batchSize()) {
                again = true;
            }
            if (again) {
                vertx.runOnContext(v -> wake());
            }
        });
    }

    /** Claims one batch and sends it; completes with how many rows were claimed. */
    private Future<Integer> drainBatch() {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(nodeId, settings.lease().toSeconds() * 1.0, settings.batchSize()))
                .compose(rows -> {
                    Map<String, List<Row>> byRecipient = new LinkedHashMap<>();
                    List<Row> sorted = new ArrayList<>();
                    rows.forEach(sorted::add);
                    sorted.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
                    sorted.forEach(r -> byRecipient.computeIfAbsent(r.getString("recipient"), k -> new ArrayList<>()).add(r));
                    List<Future<Void>> all = new ArrayList<>();
                    byRecipient.values().forEach(list -> all.add(sendInOrder(list)));
                    return Future.join(all).map(rows.size()).otherwise(rows.size());
                });
    }

    private Future<Void> sendInOrder(List<Row> rows) {
        Future<Void> chain = Future.succeededFuture();
        for (Row row : rows) {
            chain = chain.compose(v -> sendOne(row.getLong("id"), row.getString("recipient"), row.getString("body"),
                    row.getInteger("attempts")));
        }
        return chain;
    }

    private Future<Void> sendOne(long id, String recipient, String body, int attempts) {
        Promise<List<String>> submitted = Promise.promise();
        Thread.ofVirtual().name("outbox-" + id).start(() -> {
            List<String> messageIds = null;
            SubmitException failure = null;
            try {
                messageIds = sms.send(recipient, body);
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
        return submitted.future().compose(
                messageIds -> recordSent(id, messageIds),
                error -> recordFailure(id, recipient, attempts, (SubmitException) error));
    }

    private Future<Void> recordSent(long id, List<String> messageIds) {
        return pool.withTransaction(db -> {
            Future<Void> chain = db.preparedQuery(MARK_SENT).execute(Tuple.of(id, nodeId, messageIds.size())).mapEmpty();
            if (!messageIds.isEmpty()) {
                List<Tuple> ids = new ArrayList<>();
                List<Tuple> segments = new ArrayList<>();
                for (int i = 0; i < messageIds.size(); i++) {
                    ids.add(Tuple.of(messageIds.get(i)));
                    segments.add(Tuple.of(messageIds.get(i), id, i + 1));
                }
                // Same lock as DeliveryReceipts: a receipt racing this commit waits, then sees the segment.
                chain = chain.compose(v -> db.preparedQuery(DeliveryReceipts.LOCK_MESSAGE_ID).executeBatch(ids))
                        .compose(v -> db.preparedQuery(SEGMENT).executeBatch(segments).mapEmpty());
            }
            return chain.compose(v -> DeliveryReceipts.settle(db, id));
        }).onSuccess(v -> {
            metrics.outboxResult("sent");
            metrics.segments(messageIds.size());
        });
    }

    private Future<Void> recordFailure(long id, String recipient, int attempts, SubmitException e) {
        boolean notOurFault = e.kind() == SubmitException.Kind.NOT_BOUND;
        if (e.kind() == SubmitException.Kind.PERMANENT || (!notOurFault && attempts >= settings.maxAttempts())) {
            log.error("outbox {} to {} failed for good after {} attempt(s): {}", id, PhoneNumbers.mask(recipient), attempts,
                    e.getMessage());
            metrics.outboxResult("failed");
            return pool.preparedQuery(FAIL).execute(Tuple.of(id, nodeId, e.kind() + ": " + e.getMessage())).mapEmpty();
        }
        Duration delay = notOurFault ? settings.retryMin() : backoff(attempts);
        log.warn("outbox {} to {}: {} ({}), retrying in {} s", id, PhoneNumbers.mask(recipient), e.kind(), e.getMessage(),
                delay.toSeconds());
        metrics.outboxResult("retry");
        // A dropped link is not the message's fault: the attempt is given back.
        return pool.preparedQuery(RETRY).execute(Tuple.of(id, nodeId, e.kind() + ": " + e.getMessage(),
                delay.toMillis() / 1000.0, notOurFault ? 1 : 0)).mapEmpty();
    }

    /** Exponential with full jitter, between retryMin and retryMax. */
    Duration backoff(int attempts) {
        long min = settings.retryMin().toMillis();
        long cap = Math.min(settings.retryMax().toMillis(), min << Math.min(attempts - 1, 20));
        return Duration.ofMillis(min + ThreadLocalRandom.current().nextLong(Math.max(1, cap - min + 1)));
    }

    private void refreshBacklog() {
        pool.query(BACKLOG).execute().onSuccess(rows -> {
            Row r = rows.iterator().next();
            metrics.outboxBacklog(r.getLong("pending"), r.getLong("oldest"));
        });
    }
}
