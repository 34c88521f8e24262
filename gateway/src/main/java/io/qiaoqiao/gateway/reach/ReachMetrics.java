package io.qiaoqiao.gateway.reach;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.outbound.TrunkLines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of reaching residents (ops/metrics.md, "Broadcasts, check-ins and the help
 * ledger"): every try of a call by kind and result, check-ins and ledger occurrences by what came
 * of them, and, from the database, the residents of running broadcasts by state and the calls
 * on the line. Every series is registered at zero, so a quiet gateway exports them all.
 */
public final class ReachMetrics {
    private static final Logger log = LoggerFactory.getLogger(ReachMetrics.class);
    static final List<String> KINDS = List.of("broadcast", "checkin");
    static final List<String> RESULTS = List.of("completed", "no_key", "hung_up", "dropped", "no_report", "busy", "no_answer",
            "congestion", "failed", "unknown", "refused", "interrupted");
    static final List<String> RECIPIENT_STATES = List.of("queued", "ringing", "heard", "not_reached", "texted");
    static final List<String> CHECKIN_RESULTS = List.of("ok", "help", "missed");
    static final List<String> OCCURRENCE_OUTCOMES = List.of("opened", "opened_late", "skipped");
    private static final String BROADCAST_STATES = """
            SELECT (SELECT count(*) FROM broadcasts WHERE status = 'running') AS running,
                   (""" + TrunkLines.IN_FLIGHT + """
            ) AS calls_in_flight,
                   count(*) FILTER (WHERE r.status = 'queued' AND s.id IS NULL) AS queued,
                   count(*) FILTER (WHERE r.status = 'queued' AND s.id IS NOT NULL) AS ringing,
                   count(*) FILTER (WHERE r.status = 'heard') AS heard,
                   count(*) FILTER (WHERE r.status = 'not_reached') AS not_reached,
                   count(*) FILTER (WHERE r.texted_at IS NOT NULL) AS texted
            FROM broadcasts b JOIN broadcast_recipients r ON r.broadcast_id = b.id
            LEFT JOIN outbox s ON s.reach_kind = 'broadcast' AND s.reach_id = r.id AND s.status = 'sending'
            WHERE b.status = 'running'""";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> recipients = new LinkedHashMap<>();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private long timer = -1;

    public ReachMetrics(MeterRegistry registry) {
        this.registry = registry;
        KINDS.forEach(kind -> RESULTS.forEach(result -> callCounter(kind, result)));
        CHECKIN_RESULTS.forEach(this::checkinCounter);
        OCCURRENCE_OUTCOMES.forEach(this::occurrenceCounter);
        for (String state : RECIPIENT_STATES) {
            AtomicLong value = new AtomicLong();
            recipients.put(state, value);
            Gauge.builder("qiaoqiao.broadcast.recipients", value, AtomicLong::get).tag("state", state)
                    .description("residents of the running broadcasts by state (db)").register(registry);
        }
        Gauge.builder("qiaoqiao.broadcasts.running", running, AtomicLong::get)
                .description("broadcasts calling now (db)").register(registry);
        Gauge.builder("qiaoqiao.outbound.calls.in.flight", inFlight, AtomicLong::get)
                .description("outbound calls being placed or on the line, every kind (db)").register(registry);
    }

    /** Refreshes the database gauges every {@code period}. */
    public void start(Vertx vertx, Pool pool, Duration period) {
        timer = vertx.setPeriodic(period.toMillis(), id -> refresh(pool));
        refresh(pool);
    }

    public void stop(Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    public Future<Void> refresh(Pool pool) {
        return pool.query(BROADCAST_STATES).execute().map(rows -> {
            Row r = rows.iterator().next();
            running.set(r.getLong("running"));
            inFlight.set(r.getLong("calls_in_flight"));
            recipients.forEach((state, value) -> value.set(r.getLong(state)));
            return (Void) null;
        }).onFailure(e -> log.warn("broadcast gauges not refreshed: {}", e.toString()));
    }

    void call(String kind, String result) {
        callCounter(kind, result).increment();
    }

    public void checkin(String result) {
        checkinCounter(result).increment();
    }

    public void occurrence(String outcome) {
        occurrenceCounter(outcome).increment();
    }

    private Counter callCounter(String kind, String result) {
        return Counter.builder("qiaoqiao.reach.calls").description("tries of broadcast and check-in calls by how they ended")
                .tag("kind", kind).tag("result", result).register(registry);
    }

    private Counter checkinCounter(String result) {
        return Counter.builder("qiaoqiao.checkins").description("check-ins by result").tag("result", result).register(registry);
    }

    private Counter occurrenceCounter(String outcome) {
        return Counter.builder("qiaoqiao.help.occurrences").description("occurrences of the help ledger's items")
                .tag("outcome", outcome).register(registry);
    }
}
