package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.recurring.Holidays;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The help ledger's holidays are the desk's: table {@code holidays}, which {@code /api/holidays}
 * and the desk edit and routing reads too. Occurrences are placed against it when they are
 * planned and again when they fall due, so a holiday entered after an item was planned still
 * moves or skips it. {@code ledger.holidays} only seeds the table: at start-up each configured
 * range the table does not already have is added, named {@link #FROM_CONFIG}; the desk may then
 * edit it like any other (one deleted there comes back while the key still lists it).
 */
final class LedgerHolidays {
    static final String FROM_CONFIG = "配置 ledger.holidays";
    private static final String READ = "SELECT first_day, last_day FROM holidays";
    /** Every node starts with the same key: one at a time, so none adds a range twice. */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('ledger.holidays'))";
    private static final String SEED = """
            INSERT INTO holidays (name, first_day, last_day) SELECT $1, $2, $3
            WHERE NOT EXISTS (SELECT 1 FROM holidays WHERE first_day = $2 AND last_day = $3)""";

    private LedgerHolidays() {
    }

    /** Every range in the table (a few a year: not worth narrowing to the dates in question). */
    static Future<List<Holidays.Range>> read(SqlClient db) {
        return db.query(READ).execute().map(rows -> {
            List<Holidays.Range> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Holidays.Range(r.getLocalDate(0), r.getLocalDate(1))));
            return out;
        });
    }

    /** Adds the configured ranges the table does not have yet. */
    static Future<Void> seed(Pool pool, List<Holidays.Range> configured) {
        if (configured.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = configured.stream().map(r -> Tuple.of(FROM_CONFIG, r.first(), r.last())).toList();
        return pool.withTransaction(db -> db.query(LOCK).execute()
                .compose(v -> db.preparedQuery(SEED).executeBatch(batch))).mapEmpty();
    }
}
