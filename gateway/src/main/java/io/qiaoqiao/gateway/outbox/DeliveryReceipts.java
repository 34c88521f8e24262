package io.qiaoqiao.gateway.outbox;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.sms.DeliveryReceipt;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Records delivery receipts and settles the outbox row they belong to: delivered when every
 * segment was delivered, failed when any segment finally was not. A receipt may arrive before
 * the sender stored the message id; it is kept by id and settles the row when the id arrives.
 * Both sides take a lock on the message id first: without it, a receipt and the sender's
 * record of the same id, committing at the same moment, would each miss the other.
 */
public final class DeliveryReceipts {
    private static final String STORE = """
            INSERT INTO sms_receipts (message_id, state, error) VALUES ($1, $2, $3)
            ON CONFLICT (message_id) DO UPDATE SET state = EXCLUDED.state, error = EXCLUDED.error, received_at = now()""";
    static final String LOCK_MESSAGE_ID = "SELECT pg_advisory_xact_lock(hashtext('smsc:' || $1))";
    private static final String OUTBOX_OF = "SELECT outbox_id FROM sms_segments WHERE message_id = $1";
    static final String SETTLE = """
            UPDATE outbox o SET
                status = CASE WHEN agg.undelivered > 0 THEN 'failed' ELSE 'delivered' END,
                delivered_at = CASE WHEN agg.undelivered > 0 THEN NULL ELSE now() END,
                last_error = CASE WHEN agg.undelivered > 0 THEN 'delivery receipt: ' || agg.worst ELSE o.last_error END
            FROM (SELECT count(*) FILTER (WHERE r.state IS NULL) AS waiting,
                         count(*) FILTER (WHERE r.state IN ('EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD', 'UNKNOWN')) AS undelivered,
                         max(r.state || ' err ' || r.error) FILTER (WHERE r.state <> 'DELIVRD') AS worst
                  FROM sms_segments s LEFT JOIN sms_receipts r ON r.message_id = s.message_id
                  WHERE s.outbox_id = $1) agg
            WHERE o.id = $1 AND o.status = 'sent' AND (agg.undelivered > 0 OR agg.waiting = 0)""";

    private final Pool pool;
    private final GatewayMetrics metrics;

    public DeliveryReceipts(Pool pool, GatewayMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    public Future<Void> record(DeliveryReceipt receipt) {
        return pool.withTransaction(db -> db.preparedQuery(LOCK_MESSAGE_ID).execute(Tuple.of(receipt.messageId()))
                        .compose(v -> db.preparedQuery(STORE).execute(Tuple.of(receipt.messageId(), receipt.state(), receipt.error())))
                        .compose(v -> db.preparedQuery(OUTBOX_OF).execute(Tuple.of(receipt.messageId())))
                        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
                                : settle(db, rows.iterator().next().getLong(0))))
                .onSuccess(v -> metrics.receipt(receipt.state()));
    }

    static Future<Void> settle(SqlClient db, long outboxId) {
        return db.preparedQuery(SETTLE).execute(Tuple.of(outboxId)).mapEmpty();
    }
}
