package io.qiaoqiao.gateway.outbox;

import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records texts the SMSC accepted: their message ids, so receipts find them, and the row's
 * 'sent' state. Whatever was accepted while one transaction commits goes into the next one
 * together, so a busy sender commits once per batch instead of once per text.
 *
 * <p>The SMSC's accept is a fact that must reach the database: if the write fails (PostgreSQL
 * restarting, a connection cut) the same records are written again, oldest first, every second
 * at most, until they land; a text is never sent again because its record failed. The records
 * wait in memory meanwhile, bounded by the sender (it claims nothing new while they wait). A row
 * is marked sent whoever holds its claim by then and whatever became of it meanwhile (pending
 * again, failed), except delivered: the SMSC has it, so it must not go out again.
 */
final class SentRecorder {
    private static final Logger log = LoggerFactory.getLogger(SentRecorder.class);
    private static final int MAX_BATCH = 500;
    private static final long FIRST_RETRY_MS = 100;
    private static final long LAST_RETRY_MS = 1000;
    private static final String MARK_SENT = """
            UPDATE outbox SET status = 'sent', sent_at = studio_now(), parts = $2, claimed_by = NULL, claimed_until = NULL,
                   last_error = NULL, parts_sent = NULL
            WHERE id = $1 AND status IN ('pending', 'sending', 'failed')""";
    private static final String SEGMENT =
            "INSERT INTO sms_segments (message_id, outbox_id, part_no) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

    private record Sent(long id, List<String> messageIds, Promise<Void> recorded) {
    }

    private final Pool pool;
    private final Runnable onFailure;
    private final ArrayDeque<Sent> waiting = new ArrayDeque<>();
    private final ThrottledLog failures = new ThrottledLog(log, Duration.ofSeconds(10));
    private final List<Promise<Void>> drainedWaiters = new ArrayList<>();
    private Context context;
    private boolean writing;
    private int failedInARow;

    /** @param onFailure told of every write that failed (the sender holds off taking over rows) */
    SentRecorder(Pool pool, Runnable onFailure) {
        this.pool = pool;
        this.onFailure = onFailure;
    }

    /** The context whose thread owns the queue. */
    void runOn(Context context) {
        this.context = context;
    }

    /** Completes once the row's sent state and message ids are committed; never fails. */
    Future<Void> record(long id, List<String> messageIds) {
        Promise<Void> recorded = Promise.promise();
        context.runOnContext(v -> {
            waiting.add(new Sent(id, messageIds, recorded));
            writeNext();
        });
        return recorded.future();
    }

    /** Completes when nothing waits to be written, or {@code within} from now, whichever comes first. */
    Future<Void> drained(Duration within) {
        Promise<Void> drained = Promise.promise();
        context.runOnContext(v -> {
            if (!writing && waiting.isEmpty()) {
                drained.complete();
                return;
            }
            drainedWaiters.add(drained);
            context.owner().setTimer(within.toMillis(), id -> {
                if (drainedWaiters.remove(drained)) {
                    log.warn("outbox: {} text(s) the SMSC accepted are not recorded yet; they will be sent again", waiting.size());
                    drained.complete();
                }
            });
        });
        return drained.future();
    }

    private void writeNext() {
        if (writing) {
            return;
        }
        if (waiting.isEmpty()) {
            drainedWaiters.forEach(Promise::tryComplete);
            drainedWaiters.clear();
            return;
        }
        writing = true;
        List<Sent> batch = new ArrayList<>();
        while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(waiting.poll());
        }
        write(batch).onComplete(ar -> context.runOnContext(v -> {
            writing = false;
            if (ar.succeeded()) {
                if (failedInARow > 0) {
                    log.info("outbox: the texts the SMSC accepted meanwhile are recorded again (after {} failed write(s))",
                            failedInARow);
                }
                failedInARow = 0;
                batch.forEach(s -> s.recorded().complete());
                writeNext();
                return;
            }
            onFailure.run();
            failedInARow++;
            failures.warn("outbox: cannot record " + (batch.size() + waiting.size()) + " text(s) the SMSC accepted ("
                    + ar.cause() + "); writing them again until the database answers, not sending them again");
            for (int i = batch.size() - 1; i >= 0; i--) {
                waiting.addFirst(batch.get(i));
            }
            long delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS << Math.min(failedInARow - 1, 10));
            context.owner().setTimer(delay, id -> writeNext());
        }));
    }

    private Future<Void> write(List<Sent> batch) {
        List<Tuple> rows = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>();
        List<Tuple> segments = new ArrayList<>();
        List<Tuple> settle = new ArrayList<>();
        for (Sent s : batch) {
            rows.add(Tuple.of(s.id(), s.messageIds().size()));
            settle.add(Tuple.of(s.id()));
            for (int i = 0; i < s.messageIds().size(); i++) {
                ids.add(s.messageIds().get(i));
                segments.add(Tuple.of(s.messageIds().get(i), s.id(), i + 1));
            }
        }
        return pool.withTransaction(db -> {
            // Issued together, the statements are pipelined on the connection in this order: one
            // round trip. Same lock as DeliveryReceipts: a receipt racing this commit waits, then
            // sees the segment. Written again after a failure, each statement finds its work done
            // or does it: the row is already sent, the segment already there.
            List<Future<?>> steps = new ArrayList<>();
            steps.add(db.preparedQuery(MARK_SENT).executeBatch(rows));
            if (!ids.isEmpty()) {
                steps.add(db.preparedQuery(DeliveryReceipts.LOCK_MESSAGE_ID).executeBatch(DeliveryReceipts.lockTuples(ids)));
                steps.add(db.preparedQuery(SEGMENT).executeBatch(segments));
            }
            steps.add(db.preparedQuery(DeliveryReceipts.SETTLE).executeBatch(settle));
            return Future.all(steps).<Void>mapEmpty();
        });
    }
}
