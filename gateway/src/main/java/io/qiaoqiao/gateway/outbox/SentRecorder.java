package io.qiaoqiao.gateway.outbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Records texts the SMSC accepted: their message ids, so receipts find them, and the row's
 * 'sent' state. Whatever was accepted while one transaction commits goes into the next one
 * together, so a busy sender commits once per batch instead of once per text. A row is marked
 * only while this node's claim is on it.
 */
final class SentRecorder {
    private static final int MAX_BATCH = 500;
    private static final String MARK_SENT = """
            UPDATE outbox SET status = 'sent', sent_at = studio_now(), parts = $3, claimed_by = NULL, claimed_until = NULL,
                   last_error = NULL
            WHERE id = $1 AND claimed_by = $2 AND status = 'sending'""";
    private static final String SEGMENT =
            "INSERT INTO sms_segments (message_id, outbox_id, part_no) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

    private record Sent(long id, List<String> messageIds, Promise<Void> recorded) {
    }

    private final Pool pool;
    private final String nodeId;
    private final ArrayDeque<Sent> waiting = new ArrayDeque<>();
    private Context context;
    private boolean writing;

    SentRecorder(Pool pool, String nodeId) {
        this.pool = pool;
        this.nodeId = nodeId;
    }

    /** The context whose thread owns the queue. */
    void runOn(Context context) {
        this.context = context;
    }

    /** Completes once the row's sent state and message ids are committed. */
    Future<Void> record(long id, List<String> messageIds) {
        Promise<Void> recorded = Promise.promise();
        context.runOnContext(v -> {
            waiting.add(new Sent(id, messageIds, recorded));
            writeNext();
        });
        return recorded.future();
    }

    private void writeNext() {
        if (writing || waiting.isEmpty()) {
            return;
        }
        writing = true;
        List<Sent> batch = new ArrayList<>();
        while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(waiting.poll());
        }
        write(batch).onComplete(ar -> context.runOnContext(v -> {
            writing = false;
            for (Sent s : batch) {
                if (ar.succeeded()) {
                    s.recorded().complete();
                } else {
                    s.recorded().fail(ar.cause());
                }
            }
            writeNext();
        }));
    }

    private Future<Void> write(List<Sent> batch) {
        List<Tuple> rows = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>();
        List<Tuple> segments = new ArrayList<>();
        List<Tuple> settle = new ArrayList<>();
        for (Sent s : batch) {
            rows.add(Tuple.of(s.id(), nodeId, s.messageIds().size()));
            settle.add(Tuple.of(s.id()));
            for (int i = 0; i < s.messageIds().size(); i++) {
                ids.add(s.messageIds().get(i));
                segments.add(Tuple.of(s.messageIds().get(i), s.id(), i + 1));
            }
        }
        return pool.withTransaction(db -> {
            // Issued together, the statements are pipelined on the connection in this order: one
            // round trip. Same lock as DeliveryReceipts: a receipt racing this commit waits, then
            // sees the segment.
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
