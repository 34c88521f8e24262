package io.qiaoqiao.gateway.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The append-only audit trail of a ticket: every change, who made it, and why. Each event also
 * sends {@code NOTIFY} {@value #CHANNEL} with {@code {"event": id, "ticket": id, "type": ...}},
 * delivered when the transaction commits, so every gateway node learns of every change to a
 * ticket (the desk's live queue listens).
 */
public final class TicketEvents {
    public static final String CHANNEL = "qiaoqiao_ticket";
    // The row and its notification in one statement: one round trip, not two.
    private static final String APPEND = """
            WITH e AS (INSERT INTO ticket_events (ticket_id, type, actor, detail) VALUES ($1, $2, $3, $4) RETURNING id, ticket_id, type)
            SELECT pg_notify('""" + CHANNEL + "', json_build_object('event', id, 'ticket', ticket_id, 'type', type)::text) FROM e";

    private TicketEvents() {
    }

    public static Future<Void> append(SqlClient db, long ticketId, String type, String actor, JsonObject detail) {
        return db.preparedQuery(APPEND).execute(Tuple.of(ticketId, type, actor, detail)).mapEmpty();
    }
}
