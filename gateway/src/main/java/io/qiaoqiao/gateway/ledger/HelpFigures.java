package io.qiaoqiao.gateway.ledger;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * The one-to-one help ledger's (帮扶台账) part of the 晒单 for one set of occurrences: those whose
 * scheduled day falls in the month, counted from the view {@code help_ledger} as
 * {@code GET /api/help-ledger/occurrences} counts them.
 *
 * @param due      occurrences that opened a ticket (a holiday's skipped ones are not due)
 * @param done     of those, the work reported done or the ticket closed as solved
 * @param declined the paired volunteer declined the offer or let it expire (the work went on to others)
 * @param missed   not done within {@code ledger.missed-after} of opening, or closed otherwise
 */
public record HelpFigures(long due, long done, long declined, long missed) {
    static final HelpFigures NONE = new HelpFigures(0, 0, 0, 0);

    /** From a row of {@code helpledger.LedgerQueries#FIGURES}. */
    static HelpFigures of(Row row) {
        return new HelpFigures(row.getLong("opened"), row.getLong("done"), row.getLong("declined"), row.getLong("missed"));
    }

    HelpFigures plus(HelpFigures other) {
        return new HelpFigures(due + other.due, done + other.done, declined + other.declined, missed + other.missed);
    }

    public JsonObject toJson() {
        return new JsonObject().put("due", due).put("done", done).put("declined", declined).put("missed", missed);
    }
}
