package io.qiaoqiao.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Who has a ticket now, in the words the resident was told at its last hand-over (组长,
 * 清河村村委会 …): the step it entered last, read from its events in the caller's transaction,
 * so a climb made a moment ago in the same transaction counts.
 */
final class CurrentHolder {
    private static final String LATEST_STEP = """
            SELECT detail->>'to' FROM ticket_events WHERE ticket_id = $1 AND type IN ('routed', 'escalated')
            ORDER BY id DESC LIMIT 1""";

    private CurrentHolder() {
    }

    static Future<Optional<String>> of(SqlClient db, long ticketId) {
        return db.preparedQuery(LATEST_STEP).execute(Tuple.of(ticketId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.ofNullable(rows.iterator().next().getString(0)));
    }
}
