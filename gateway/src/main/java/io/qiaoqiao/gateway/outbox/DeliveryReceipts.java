package io.qiaoqiao.gateway.outbox;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.sms.DeliveryReceipt;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.GroupCommit;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Records delivery receipts and settles the outbox row they belong to: delivered when every
 * segment was delivered, failed when any segment finally was not. A receipt may arrive before
 * the sender stored the message id; it is kept by id and settles the row when the id arrives.
 * Both sides take a lock on the message id first (in id order, so two batches never deadlock):
 * without it, a receipt and the sender's record of the same id, committing at the same moment,
 * would each miss the other. Every text sent brings a receipt, so they are the busiest writes of
 * all: the receipts of an SMSC's whole window are committed together ({@link GroupCommit}).
 */
public final class DeliveryReceipts {
    private static final int MAX_BATCH = 500;
    /**
     * A receipt not in a transaction this long after it arrived is not written: its deliver_sm
     * waits 30 s for the commit, then is refused (the SMSC delivers it again), and a write begun
     * later could end after that.
     */
    private static final Duration START_WITHIN = Duration.ofSeconds(20);
    private static final String STORE = """
            INSERT INTO sms_receipts (message_id, state, error) VALUES ($1, $2, $3)
            ON CONFLICT (message_id) DO UPDATE SET state = EXCLUDED.state, error = EXCLUDED.error, received_at = studio_now()""";
    static final String LOCK_MESSAGE_ID = "SELECT pg_advisory_xact_lock(hashtext('smsc:' || $1))";
    private static final String OUTBOX_OF = "SELECT DISTINCT outbox_id FROM sms_segments WHERE message_id = ANY($1)";
    static final String SETTLE = """
            UPDATE outbox o SET
                status = CASE WHEN agg.undelivered > 0 THEN 'failed' ELSE 'delivered' END,
                delivered_at = CASE WHEN agg.undelivered > 0 THEN NULL ELSE studio_now() END,
                last_error = CASE WHEN agg.undelivered > 0 THEN 'delivery receipt: ' || agg.worst ELSE o.last_error END
            FROM (SELECT count(*) FILTER (WHERE r.state IS NULL) AS waiting,
                         count(*) FILTER (WHERE r.state IN ('EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD', 'UNKNOWN')) AS undelivered,
                         max(r.state || ' err ' || r.error) FILTER (WHERE r.state <> 'DELIVRD') AS worst
                  FROM sms_segments s LEFT JOIN sms_receipts r ON r.message_id = s.message_id
                  WHERE s.outbox_id = $1) agg
            WHERE o.id = $1 AND o.status = 'sent' AND (agg.undelivered > 0 OR agg.waiting = 0)""";

    private final GatewayMetrics metrics;
    private final GroupCommit<DeliveryReceipt> writes;

    public DeliveryReceipts(Pool pool, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.writes = new GroupCommit<>(pool, DeliveryReceipts::write, MAX_BATCH, 1, metrics.groupCommit("receipts"));
    }

    /** Completes once the receipt is committed (only then may the SMSC hear that we have it). */
    public Future<Void> record(DeliveryReceipt receipt) {
        return writes.add(receipt, START_WITHIN).onSuccess(v -> metrics.receipt(receipt.state()));
    }

    private static Future<Void> write(SqlConnection db, AfterCommit after, List<DeliveryReceipt> batch) {
        TreeSet<String> ids = new TreeSet<>();
        List<Tuple> rows = new ArrayList<>();
        for (DeliveryReceipt r : batch) {
            ids.add(r.messageId());
            rows.add(Tuple.of(r.messageId(), r.state(), r.error()));
        }
        // Issued together: pipelined on the connection in this order, one round trip.
        Future<?> locked = db.preparedQuery(LOCK_MESSAGE_ID).executeBatch(lockTuples(ids));
        Future<?> stored = db.preparedQuery(STORE).executeBatch(rows);
        Future<RowSet<Row>> owners = db.preparedQuery(OUTBOX_OF).execute(Tuple.of((Object) ids.toArray(String[]::new)));
        return Future.all(locked, stored, owners).compose(v -> {
            List<Tuple> settle = new ArrayList<>();
            owners.result().forEach(r -> settle.add(Tuple.of(r.getLong(0))));
            return settle.isEmpty() ? Future.<Void>succeededFuture()
                    : db.preparedQuery(SETTLE).executeBatch(settle).<Void>mapEmpty();
        });
    }

    /** One lock tuple per message id, in id order: every writer takes them in the same order. */
    static List<Tuple> lockTuples(Iterable<String> sortedIds) {
        List<Tuple> out = new ArrayList<>();
        sortedIds.forEach(id -> out.add(Tuple.of(id)));
        return out;
    }
}
