package io.qiaoqiao.gateway.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The append-only audit trail of a ticket: every change, who made it, and why. */
public final class TicketEvents {
    private static final String APPEND =
            "INSERT INTO ticket_events (ticket_id, type, actor, detail) VALUES ($1, $2, $3, $4)";

    private TicketEvents() {
    }

    public static Future<Void> append(SqlClient db, long ticketId, String type, String actor, JsonObject detail) {
        return db.preparedQuery(APPEND).execute(Tuple.of(ticketId, type, actor, detail)).mapEmpty();
    }
}
