package io.qiaoqiao.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges computed from the database every few seconds: what is open and for how long, what is
 * overdue, and this month's published statistics per village and per volunteer group
 * (completion rate 办结率, confirmed by the resident with duplicates left out, and satisfaction).
 * Every node computes the same values from the shared database, so dashboards take {@code max}
 * over instances. Labels: status, urgency, age bucket,
 * village, volunteer group code — all bounded by the roster, never a person.
 */
public final class TicketStatistics {
    private static final Logger log = LoggerFactory.getLogger(TicketStatistics.class);
    private static final String UNFINISHED = "('open', 'held', 'offered', 'escalated', 'accepted', 'reopened')";
    private static final String AWAITING = "('open', 'held', 'offered', 'escalated')";
    private static final List<String> OPEN_STATUSES = List.of("open", "offered", "escalated", "accepted", "reopened");
    private static final List<String> AGES = List.of("under_1h", "1h_to_4h", "4h_to_1d", "over_1d");
    /** $1 urgent limit seconds, $2 normal limit seconds. */
    private static final String LIMIT = "make_interval(secs => CASE WHEN urgency = 'URGENT' THEN $1::float8 ELSE $2::float8 END)";
    private static final String OPEN = "SELECT status, urgency, count(*) AS n FROM tickets WHERE status IN "
            + UNFINISHED + " GROUP BY status, urgency";
    private static final String AGE = """
            SELECT CASE WHEN created_at > studio_now() - interval '1 hour' THEN 'under_1h'
                        WHEN created_at > studio_now() - interval '4 hours' THEN '1h_to_4h'
                        WHEN created_at > studio_now() - interval '1 day' THEN '4h_to_1d'
                        ELSE 'over_1d' END AS age, count(*) AS n
            FROM tickets WHERE status IN""" + " " + UNFINISHED + " GROUP BY 1";
    private static final String OVERDUE = "SELECT urgency, count(*) AS n FROM tickets WHERE status IN " + UNFINISHED
            + " AND COALESCE(due_at, created_at + " + LIMIT + ") < studio_now() GROUP BY urgency";
    private static final String UNACCEPTED = "SELECT urgency, count(*) FILTER (WHERE created_at + " + LIMIT
            + " < studio_now()) AS late, EXTRACT(EPOCH FROM studio_now() - min(created_at))::float8 AS oldest FROM tickets WHERE status IN "
            + AWAITING + " GROUP BY urgency";
    /**
     * $1 the studio's time zone. 办结率 counts only what the resident confirmed done (on the rating
     * call, by text, or the studio on their behalf: rating_done), out of this month's tickets
     * without the duplicates the studio closed (the same need asked twice is one request).
     */
    private static final String MONTH_START = "(date_trunc('month', studio_now() AT TIME ZONE $1) AT TIME ZONE $1)";
    private static final String MONTH_COLUMNS = """
            count(*) AS total,
            count(*) FILTER (WHERE t.close_kind IS DISTINCT FROM 'duplicate') AS counted,
            count(*) FILTER (WHERE t.rating_done AND t.close_kind IS DISTINCT FROM 'duplicate') AS completed,
            avg(t.rating_satisfaction)::float8 AS satisfaction""";
    private static final String VILLAGES = "SELECT r.village AS label, " + MONTH_COLUMNS + """
             FROM tickets t JOIN residents r ON r.id = t.resident_id
            WHERE t.created_at >=""" + " " + MONTH_START + " GROUP BY r.village";
    private static final String GROUPS = "SELECT g.code AS label, " + MONTH_COLUMNS + """
             FROM volunteer_groups g
            JOIN residents r ON r.village = g.village AND r.village_group = ANY (g.serves)
            JOIN tickets t ON t.resident_id = r.id
            WHERE t.created_at >=""" + " " + MONTH_START + " GROUP BY g.code";
    private static final String VOLUNTEERS = """
            SELECT g.code AS label, count(v.id) FILTER (WHERE v.active) AS active,
                   count(v.id) FILTER (WHERE v.active AND EXISTS (
                       SELECT 1 FROM tickets t WHERE t.accepted_by = v.id AND t.status = 'accepted')) AS busy
            FROM volunteer_groups g LEFT JOIN volunteers v ON v.group_id = g.id GROUP BY g.code""";

    private final Vertx vertx;
    private final Pool pool;
    private final Duration interval;
    private final String zone;
    private final Tuple limitsToAccept;
    private final Tuple limitsToFinish;
    private final MultiGauge open;
    private final MultiGauge age;
    private final MultiGauge overdue;
    private final MultiGauge unacceptedLate;
    private final MultiGauge unacceptedOldest;
    private final MultiGauge villageTickets;
    private final MultiGauge villageCompletion;
    private final MultiGauge villageSatisfaction;
    private final MultiGauge groupTickets;
    private final MultiGauge groupCompletion;
    private final MultiGauge groupSatisfaction;
    private final MultiGauge volunteersActive;
    private final MultiGauge volunteersBusy;
    private final AtomicLong lastRefresh = new AtomicLong();
    private final Counter refreshErrors;
    private long timerId = -1;

    /**
     * @param acceptLimits how long a ticket may wait for a volunteer, {urgent, normal}
     * @param dueLimits    how long a ticket may stay unfinished when it has no due time, {urgent, normal}
     */
    public TicketStatistics(Vertx vertx, Pool pool, MeterRegistry registry, Duration interval, String zone,
                            Duration[] acceptLimits, Duration[] dueLimits) {
        this.vertx = vertx;
        this.pool = pool;
        this.interval = interval;
        this.zone = zone;
        this.limitsToAccept = Tuple.of(acceptLimits[0].toSeconds() * 1.0, acceptLimits[1].toSeconds() * 1.0);
        this.limitsToFinish = Tuple.of(dueLimits[0].toSeconds() * 1.0, dueLimits[1].toSeconds() * 1.0);
        this.open = gauge(registry, "qiaoqiao.tickets.open", "Unfinished tickets by status and urgency");
        this.age = gauge(registry, "qiaoqiao.tickets.open.by.age", "Unfinished tickets by age bucket");
        this.overdue = gauge(registry, "qiaoqiao.tickets.overdue", "Unfinished tickets past their due time");
        this.unacceptedLate = gauge(registry, "qiaoqiao.tickets.unaccepted.late",
                "Tickets still waiting for a volunteer past their urgency's accept limit");
        this.unacceptedOldest = gauge(registry, "qiaoqiao.tickets.unaccepted.oldest.age.seconds",
                "Age of the oldest ticket still waiting for a volunteer");
        this.villageTickets = gauge(registry, "qiaoqiao.village.tickets.month", "Tickets created this month, by village");
        this.villageCompletion = gauge(registry, "qiaoqiao.village.completion.ratio",
                "Share of this month's tickets (duplicates left out) the resident confirmed done, by village");
        this.villageSatisfaction = gauge(registry, "qiaoqiao.village.satisfaction.score",
                "Average rating (1-5) of this month's tickets, by village");
        this.groupTickets = gauge(registry, "qiaoqiao.group.tickets.month",
                "Tickets created this month for the village groups a volunteer group serves");
        this.groupCompletion = gauge(registry, "qiaoqiao.group.completion.ratio",
                "Share of this month's tickets (duplicates left out) the resident confirmed done, by volunteer group");
        this.groupSatisfaction = gauge(registry, "qiaoqiao.group.satisfaction.score",
                "Average rating (1-5) of this month's tickets, by volunteer group");
        this.volunteersActive = gauge(registry, "qiaoqiao.volunteers.active", "Active volunteers, by volunteer group");
        this.volunteersBusy = gauge(registry, "qiaoqiao.volunteers.busy",
                "Active volunteers holding an accepted ticket, by volunteer group");
        io.micrometer.core.instrument.Gauge.builder("qiaoqiao.statistics.last.refresh.timestamp.seconds", lastRefresh,
                AtomicLong::get).description("When the database-computed gauges were last refreshed (Unix time)")
                .register(registry);
        this.refreshErrors = Counter.builder("qiaoqiao.statistics.refresh.errors")
                .description("Failed refreshes of the database-computed gauges").register(registry);
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    public Future<Void> start() {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> refresh());
        return refresh().recover(e -> Future.succeededFuture());
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Recomputes every gauge; a failure leaves the previous values and is counted. */
    public Future<Void> refresh() {
        Tuple month = Tuple.of(zone);
        return Future.all(List.of(
                        query(OPEN, Tuple.tuple()).onSuccess(rows -> open.register(openRows(rows), true)),
                        query(AGE, Tuple.tuple()).onSuccess(rows -> age.register(
                                zeroFilled(rows, "age", AGES, r -> r.getString("age"), r -> r.getLong("n")), true)),
                        query(OVERDUE, limitsToFinish).onSuccess(rows -> overdue.register(byUrgency(rows, r -> r.getLong("n")), true)),
                        query(UNACCEPTED, limitsToAccept).onSuccess(rows -> {
                            unacceptedLate.register(byUrgency(rows, r -> r.getLong("late")), true);
                            unacceptedOldest.register(byUrgency(rows, r -> r.getDouble("oldest")), true);
                        }),
                        query(VILLAGES, month).onSuccess(rows -> monthly(rows, "village", villageTickets, villageCompletion,
                                villageSatisfaction)),
                        query(GROUPS, month).onSuccess(rows -> monthly(rows, "group", groupTickets, groupCompletion,
                                groupSatisfaction)),
                        query(VOLUNTEERS, Tuple.tuple()).onSuccess(rows -> {
                            volunteersActive.register(labelled(rows, "group", r -> r.getLong("active")), true);
                            volunteersBusy.register(labelled(rows, "group", r -> r.getLong("busy")), true);
                        })))
                .onSuccess(v -> lastRefresh.set(System.currentTimeMillis() / 1000))
                .onFailure(e -> {
                    refreshErrors.increment();
                    log.warn("statistics refresh failed: {}", e.getMessage());
                })
                .mapEmpty();
    }

    private Future<RowSet<Row>> query(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params);
    }

    private static List<MultiGauge.Row<?>> openRows(RowSet<Row> rows) {
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        for (String status : OPEN_STATUSES) {
            for (String urgency : List.of("normal", "urgent")) {
                long n = 0;
                for (Row r : rows) {
                    if (r.getString("status").equals(status) && r.getString("urgency").equalsIgnoreCase(urgency)) {
                        n = r.getLong("n");
                    }
                }
                out.add(MultiGauge.Row.of(Tags.of("status", status, "urgency", urgency), n));
            }
        }
        return out;
    }

    private static List<MultiGauge.Row<?>> byUrgency(RowSet<Row> rows, Function<Row, Number> value) {
        return zeroFilled(rows, "urgency", List.of("normal", "urgent"),
                r -> r.getString("urgency").toLowerCase(Locale.ROOT), value);
    }

    private static List<MultiGauge.Row<?>> zeroFilled(RowSet<Row> rows, String tag, List<String> values,
                                                    Function<Row, String> key, Function<Row, Number> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        for (String v : values) {
            Number n = 0;
            for (Row r : rows) {
                if (key.apply(r).equals(v)) {
                    n = value.apply(r);
                }
            }
            out.add(MultiGauge.Row.of(Tags.of(tag, v), n));
        }
        return out;
    }

    private static List<MultiGauge.Row<?>> labelled(RowSet<Row> rows, String tag, Function<Row, Number> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        rows.forEach(r -> out.add(MultiGauge.Row.of(Tags.of(tag, r.getString("label")), value.apply(r))));
        return out;
    }

    private static void monthly(RowSet<Row> rows, String tag, MultiGauge tickets, MultiGauge completion,
                                MultiGauge satisfaction) {
        tickets.register(labelled(rows, tag, r -> r.getLong("total")), true);
        List<MultiGauge.Row<?>> rates = new ArrayList<>();
        rows.forEach(r -> {
            if (r.getLong("counted") > 0) {
                rates.add(MultiGauge.Row.of(Tags.of(tag, r.getString("label")), (double) r.getLong("completed") / r.getLong("counted")));
            }
        });
        completion.register(rates, true);
        List<MultiGauge.Row<?>> rated = new ArrayList<>();
        rows.forEach(r -> {
            if (r.getDouble("satisfaction") != null) {
                rated.add(MultiGauge.Row.of(Tags.of(tag, r.getString("label")), r.getDouble("satisfaction")));
            }
        });
        satisfaction.register(rated, true);
    }
}
