package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.recurring.Holidays;
import io.qiaoqiao.gateway.recurring.Occurrences;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The {@code ledger.*} keys.
 *
 * @param openAt      when an item whose schedule names no time of day opens its ticket
 * @param missedAfter an occurrence not done this long after it opened counts as missed
 */
public record LedgerSettings(ZoneId zone, LocalTime openAt, Holidays holidays, Duration missedAfter) {

    public static LedgerSettings from(Config config) {
        return new LedgerSettings(config.zone("zone"), config.time("ledger.open-at"),
                Holidays.parse(config.list("ledger.holidays"), Holidays.Rule.of(config.string("ledger.on-holiday"))),
                config.duration("ledger.missed-after"));
    }

    Occurrences occurrences() {
        return new Occurrences(zone, openAt, holidays);
    }
}
