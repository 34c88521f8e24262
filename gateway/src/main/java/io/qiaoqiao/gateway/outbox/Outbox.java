package io.qiaoqiao.gateway.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Queues outgoing texts in the caller's transaction, so a text exists exactly when the state
 * change that causes it has committed. The NOTIFY is delivered at commit and wakes the
 * senders of every gateway node; PostgreSQL folds repeated notifications of one transaction.
 */
public final class Outbox {
    public static final String CHANNEL = "qiaoqiao_outbox";
    // The row and its wake-up in one statement: one round trip, not two.
    private static final String ENQUEUE = """
            WITH queued AS (INSERT INTO outbox (recipient, body, purpose, ticket_id) VALUES ($1, $2, $3, $4) RETURNING id)
            SELECT pg_notify('""" + CHANNEL + "', '') FROM queued";

    private Outbox() {
    }

    /** @param ticketId the ticket the text is about, or null */
    public static Future<Void> text(SqlClient db, String recipient, String body, String purpose, Long ticketId) {
        return db.preparedQuery(ENQUEUE).execute(Tuple.of(recipient, body, purpose, ticketId)).mapEmpty();
    }
}
