package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.intake.ResidentRequests;
import io.qiaoqiao.gateway.reach.ReachMetrics;
import io.qiaoqiao.gateway.recurring.Occurrence;
import io.qiaoqiao.gateway.recurring.Occurrences;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An item's occurrence falls due ({@link HelpItems#DUE}): placed again against the desk's holidays
 * as they are now (one entered since may move it later: then it waits), it is recorded in the
 * ledger (skipped, when a holiday rule says so), its ticket is opened on channel {@code schedule} and dispatched,
 * which offers it first to the paired volunteer and then routes it as usual, and the item's next
 * occurrence is scheduled. A gateway that was down when an occurrence fell due opens it when it
 * comes back (counted as late): nothing due is dropped.
 */
public final class OccurrenceOpener implements TimerHandler {
    private static final Logger log = LoggerFactory.getLogger(OccurrenceOpener.class);
    /** Opened later than this after it fell due, an occurrence counts as late. */
    private static final Duration LATE = Duration.ofHours(1);
    static final String TICKET_TEXT = "一对一帮扶：%s（%s）";
    private static final String LOCK = """
            SELECT id, resident_id, label, category, schedule, schedule_text, starts_on, notes, active, next_nominal,
                   next_opens_on, next_at, next_reason, studio_now() AS now
            FROM help_items WHERE id = $1 FOR UPDATE""";
    private static final String RECORD = """
            INSERT INTO help_occurrences (item_id, nominal_on, opens_on, status, reason, due_at, missed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (item_id, nominal_on) DO NOTHING RETURNING id""";
    /** The day the item's occurrence before {@code $2} opened on (a skipped one: its nominal day), as {@link Occurrences#after} has it. */
    private static final String PREVIOUS_DAY = """
            SELECT coalesce(opens_on, nominal_on) FROM help_occurrences WHERE item_id = $1 AND nominal_on < $2
            ORDER BY nominal_on DESC LIMIT 1""";
    private static final String TICKET = "UPDATE help_occurrences SET ticket_id = $2 WHERE id = $1";

    private final LedgerSettings settings;
    private final ResidentRequests requests;
    private final ReachMetrics metrics;

    public OccurrenceOpener(LedgerSettings settings, ResidentRequests requests, ReachMetrics metrics) {
        this.settings = settings;
        this.requests = requests;
        this.metrics = metrics;
    }

    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        String[] ref = timer.ref().orElseThrow().split(":");
        long itemId = Long.parseLong(ref[1]);
        LocalDate nominal = LocalDate.parse(ref[2]);
        return db.preparedQuery(LOCK).execute(Tuple.of(itemId)).compose(rows -> {
            Row item = rows.iterator().next();
            if (!item.getBoolean("active") || !nominal.equals(item.getLocalDate("next_nominal"))) {
                return Future.succeededFuture(); // stopped or rescheduled since
            }
            Occurrence planned = new Occurrence(nominal, Optional.ofNullable(item.getLocalDate("next_opens_on")),
                    item.getString("next_reason"), item.getOffsetDateTime("next_at").toInstant());
            Instant now = item.getOffsetDateTime("now").toInstant();
            Schedule schedule = ScheduleJson.from(item.getJsonObject("schedule"));
            LocalDate anchor = item.getLocalDate("starts_on");
            return Future.all(settings.occurrences(db), db.preparedQuery(PREVIOUS_DAY).execute(Tuple.of(itemId, nominal))).compose(both -> {
                Occurrences occurrences = both.resultAt(0);
                RowSet<Row> previous = both.resultAt(1);
                Occurrence due = occurrences.due(schedule, anchor, planned,
                        previous.size() == 0 ? Optional.empty() : Optional.of(previous.iterator().next().getLocalDate(0)), now);
                if (due.at().isAfter(now)) {
                    // A holiday entered since it was planned moves it later: planned again, nothing recorded yet.
                    log.info("help item {} on {} planned again: {}", itemId, nominal, due.reason());
                    return Timers.cancel(db, HelpItems.DUE, HelpItems.dueRef(itemId, nominal)).compose(v -> HelpItems.next(db, itemId, due));
                }
                return record(db, after, item, due, now)
                        .compose(v -> HelpItems.next(db, itemId, occurrences.after(schedule, anchor, due)));
            });
        });
    }

    private Future<Void> record(SqlClient db, AfterCommit after, Row item, Occurrence due, Instant now) {
        long itemId = item.getLong("id");
        OffsetDateTime dueAt = OffsetDateTime.ofInstant(due.at(), ZoneOffset.UTC);
        Tuple params = Tuple.of(itemId, due.nominal(), due.opensOn().orElse(null), due.skipped() ? "skipped" : "opened",
                due.reason(), dueAt, due.skipped() ? null : dueAt.plus(settings.missedAfter()));
        return db.preparedQuery(RECORD).execute(params).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(); // recorded already
            }
            long occurrenceId = rows.iterator().next().getLong(0);
            if (due.skipped()) {
                log.info("help item {} on {} skipped: {}", itemId, due.nominal(), due.reason());
                after.add(() -> metrics.occurrence("skipped"));
                return Future.succeededFuture();
            }
            boolean late = Duration.between(due.at(), now).compareTo(LATE) > 0;
            String text = String.format(TICKET_TEXT, item.getString("label"), item.getString("schedule_text"))
                    + (item.getString("notes").isBlank() ? "" : "。" + item.getString("notes"));
            return requests.open(db, after, new ResidentRequests.Request(item.getLong("resident_id"), "schedule", "request",
                            Category.valueOf(item.getString("category")), Urgency.NORMAL, text), "schedule:help_item:" + itemId,
                    // Linked before routing: the first step asks the volunteer paired through this item.
                    ticket -> db.preparedQuery(TICKET).execute(Tuple.of(occurrenceId, ticket.id())).<Void>mapEmpty())
                    .map(ticket -> {
                        log.info("help item {} on {}: ticket {}{}", itemId, due.nominal(), ticket.code(), late ? " (late)" : "");
                        after.add(() -> metrics.occurrence(late ? "opened_late" : "opened"));
                        return (Void) null;
                    });
        });
    }
}
