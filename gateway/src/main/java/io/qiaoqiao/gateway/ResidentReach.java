package io.qiaoqiao.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.broadcast.BroadcastRoutes;
import io.qiaoqiao.gateway.broadcast.BroadcastRun;
import io.qiaoqiao.gateway.broadcast.BroadcastSettings;
import io.qiaoqiao.gateway.broadcast.Broadcasts;
import io.qiaoqiao.gateway.checkin.CheckInPlans;
import io.qiaoqiao.gateway.checkin.CheckInRoutes;
import io.qiaoqiao.gateway.checkin.CheckInSettings;
import io.qiaoqiao.gateway.checkin.CheckIns;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.helpledger.HelpItems;
import io.qiaoqiao.gateway.helpledger.LedgerQueries;
import io.qiaoqiao.gateway.helpledger.HelpLedgerRoutes;
import io.qiaoqiao.gateway.helpledger.LedgerSettings;
import io.qiaoqiao.gateway.helpledger.OccurrenceOpener;
import io.qiaoqiao.gateway.intake.ResidentRequests;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbound.CallPlacer;
import io.qiaoqiao.gateway.outbound.TrunkLines;
import io.qiaoqiao.gateway.reach.ReachCalls;
import io.qiaoqiao.gateway.reach.ReachDialer;
import io.qiaoqiao.gateway.reach.ReachMetrics;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.gateway.roster.RosterRoutes;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.gateway.voice.ReachDesk;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaching every resident (issue 14), assembled for the composition root: broadcasts, check-in
 * calls and the one-to-one help ledger, the dialer that places their calls within the trunk's
 * lines, their timers, routes, the desk of their voice scripts and their metrics. Kept in one
 * place so that {@link Gateway} only hands it what it owns and mounts what it gives back.
 */
final class ResidentReach {
    private static final Logger log = LoggerFactory.getLogger(ResidentReach.class);
    /** The nightly re-read of the roster for check-in plans of residents living alone. */
    private static final LocalTime SYNC_AT = LocalTime.of(0, 30);

    private final Config config;
    private final Vertx vertx;
    private final Pool pool;
    private final ReachMetrics metrics;
    private final ReachCalls calls;
    private final BroadcastSettings broadcastSettings;
    private final Broadcasts broadcasts;
    private final BroadcastRun broadcastRun;
    private final CheckInSettings checkInSettings;
    private final CheckInPlans plans;
    private final CheckIns checkIns;
    private final HelpItems items;
    private final OccurrenceOpener opener;
    private final LedgerSettings ledgerSettings;
    private final LedgerQueries ledger;
    private final boolean calling;
    private ReachDialer dialer;

    ResidentReach(Config config, Vertx vertx, Pool pool, MeterRegistry registry, Dispatcher dispatcher, GatewayMetrics gatewayMetrics) {
        this.config = config;
        this.vertx = vertx;
        this.pool = pool;
        this.calling = config.flag("ami.enabled");
        this.metrics = new ReachMetrics(registry);
        this.calls = new ReachCalls(pool, metrics);
        ResidentRequests requests = new ResidentRequests(dispatcher, gatewayMetrics);
        this.broadcastSettings = BroadcastSettings.from(config);
        this.broadcasts = new Broadcasts(pool, broadcastSettings);
        this.broadcastRun = new BroadcastRun(dispatcher.texts(), broadcastSettings);
        this.checkInSettings = CheckInSettings.from(config);
        this.plans = new CheckInPlans(pool, checkInSettings);
        this.checkIns = new CheckIns(checkInSettings, requests, dispatcher.texts(), metrics);
        this.ledgerSettings = LedgerSettings.from(config);
        this.items = new HelpItems(pool, ledgerSettings);
        this.opener = new OccurrenceOpener(ledgerSettings, requests, metrics);
        this.ledger = new LedgerQueries(pool, items);
        calls.register(broadcastRun);
        calls.register(checkIns);
    }

    /**
     * Reads the settings whose values mean more than their type ({@code checkin.who},
     * {@code checkin.schedule}, {@code ledger.holidays}, {@code ledger.on-holiday}): an
     * {@link IllegalArgumentException} names the key, for {@code check-config} as for start-up.
     */
    static void checkSettings(Config config) {
        BroadcastSettings.from(config);
        CheckInSettings.from(config);
        LedgerSettings.from(config);
    }

    /** Adds {@code ledger.holidays}' ranges to the desk's holidays table when it lacks them; before the timers run. */
    Future<Void> seedHolidays() {
        return ledgerSettings.seedDeskHolidays(pool);
    }

    Map<String, TimerHandler> timerHandlers() {
        return Map.of(BroadcastRun.START, broadcastRun, BroadcastRun.NEXT_TRY, broadcastRun,
                CheckInPlans.DUE, checkIns, CheckIns.NEXT_TRY, checkIns,
                CheckInPlans.SYNC, (db, after, timer) -> plans.sync(db).compose(n -> nextSync(db)),
                HelpItems.DUE, opener, ReachDialer.RESUME, (db, after, timer) -> ReachCalls.notifyDialers(db));
    }

    /** The operator API's routes of broadcasts, mounted by {@code OperatorApi}. */
    BroadcastRoutes broadcastRoutes() {
        return new BroadcastRoutes(broadcasts, broadcastSettings, calling);
    }

    HelpLedgerRoutes helpLedgerRoutes() {
        return new HelpLedgerRoutes(items, ledger);
    }

    CheckInRoutes checkInRoutes() {
        return new CheckInRoutes(pool, plans, checkInSettings);
    }

    /** What the {@code broadcast} and {@code checkin} scripts report to. */
    ReachDesk desk() {
        return calls;
    }

    /**
     * Starts placing calls through {@code placer} (none without Asterisk: then no check-in is
     * planned either) and the gauges. Blocks for the first plan sync; never call on an event loop.
     */
    void start(PgSubscriber subscriber, CallPlacer placer, String nodeId, TrunkLines lines) {
        metrics.start(vertx, pool, Duration.ofSeconds(config.integer("metrics.statistics-seconds")));
        if (placer == null) {
            return;
        }
        dialer = new ReachDialer(vertx, pool, placer, calls, new ReachDialer.Settings(
                nodeId + "#" + Long.toHexString(ProcessHandle.current().pid()) + "-" + Long.toHexString(System.nanoTime()),
                lines, Duration.ofSeconds(config.integer("outbox.lease-seconds")),
                Duration.ofMillis(config.integer("outbox.poll-ms")), broadcastSettings.quietHours(), broadcastSettings.zone()));
        dialer.start(subscriber);
        Gateway.await(pool.withTransaction(db -> plans.sync(db).compose(n -> nextSync(db))));
        subscriber.channel(RosterImporter.NOTIFY_CHANNEL).handler(kinds -> resync("roster import"));
        vertx.eventBus().consumer(RosterRoutes.CHANGED_ADDRESS, message -> resync("roster edit"));
    }

    private void resync(String why) {
        plans.sync().onFailure(e -> log.warn("check-in plans not synced after a {}: {}", why, e.toString()));
    }

    /** The nightly sync: one pending timer, whichever node set it. */
    private Future<Void> nextSync(io.vertx.sqlclient.SqlClient db) {
        ZoneId zone = checkInSettings.zone();
        return StudioClock.now(db).compose(now -> {
            var next = now.atZone(zone).toLocalDate().plusDays(1).atTime(SYNC_AT).atZone(zone).toInstant();
            return Timers.onceAt(db, CheckInPlans.SYNC, "checkin-sync:" + next.toEpochMilli(), next);
        });
    }

    void stop() {
        metrics.stop(vertx);
        if (dialer != null) {
            dialer.stop();
        }
    }
}
