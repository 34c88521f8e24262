package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.recurring.Holidays;
import io.qiaoqiao.gateway.recurring.Occurrences;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The {@code ledger.*} keys.
 *
 * @param openAt         when an item whose schedule names no time of day opens its ticket
 * @param onHoliday      what becomes of an occurrence on one of the desk's holidays
 * @param seedHolidays   {@code ledger.holidays}: ranges written into the desk's table at start-up ({@link LedgerHolidays})
 * @param missedAfter    an occurrence not done this long after it opened counts as missed
 */
public record LedgerSettings(ZoneId zone, LocalTime openAt, Holidays.Rule onHoliday, List<Holidays.Range> seedHolidays,
                             Duration missedAfter) {

    public static LedgerSettings from(Config config) {
        return new LedgerSettings(config.zone("zone"), config.time("ledger.open-at"), Holidays.Rule.of(config.string("ledger.on-holiday")),
                Holidays.ranges(config.list("ledger.holidays")), config.duration("ledger.missed-after"));
    }

    /** Writes {@link #seedHolidays} into the desk's table where it lacks them. */
    public Future<Void> seedDeskHolidays(Pool pool) {
        return LedgerHolidays.seed(pool, seedHolidays);
    }

    /** Occurrences placed against the desk's holidays as the table has them now. */
    Future<Occurrences> occurrences(SqlClient db) {
        return LedgerHolidays.read(db).map(ranges -> new Occurrences(zone, openAt, Holidays.of(ranges, onHoliday)));
    }
}
