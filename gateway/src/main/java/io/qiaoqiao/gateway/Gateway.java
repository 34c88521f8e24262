package io.qiaoqiao.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.Deadlines;
import io.qiaoqiao.gateway.dispatch.DispatchConfig;
import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.OfferExpiry;
import io.qiaoqiao.gateway.dispatch.ReplyHandler;
import io.qiaoqiao.gateway.health.DatabaseProbe;
import io.qiaoqiao.gateway.health.Dependency;
import io.qiaoqiao.gateway.health.HealthRoutes;
import io.qiaoqiao.gateway.health.Liveness;
import io.qiaoqiao.gateway.health.Readiness;
import io.qiaoqiao.gateway.http.OperatorApi;
import io.qiaoqiao.gateway.http.RequestIds;
import io.qiaoqiao.gateway.operator.DeskIntake;
import io.qiaoqiao.gateway.logging.LogSetup;
import io.qiaoqiao.gateway.http.OpsRoutes;
import io.qiaoqiao.gateway.http.TokenReload;
import io.qiaoqiao.gateway.intake.TextIntake;
import io.qiaoqiao.gateway.followup.AskerTexts;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.metrics.TicketStatistics;
import io.qiaoqiao.gateway.operator.TicketActions;
import io.qiaoqiao.gateway.outbox.DeliveryReceipts;
import io.qiaoqiao.gateway.outbox.OutboxSender;
import io.qiaoqiao.gateway.intake.CallIntake;
import io.qiaoqiao.gateway.intake.IntakeWrites;
import io.qiaoqiao.gateway.outbound.AmiDialer;
import io.qiaoqiao.gateway.outbound.AmiSettings;
import io.qiaoqiao.gateway.outbound.CallSender;
import io.qiaoqiao.gateway.outbound.TrunkLines;
import io.qiaoqiao.gateway.outbound.OutboundCalls;
import io.qiaoqiao.gateway.outbound.RatingSchedule;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.gateway.dispatch.EscalationTimeout;
import io.qiaoqiao.gateway.dispatch.HeldTicketRelease;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.plugins.PluginMetrics;
import io.qiaoqiao.gateway.plugins.PluginRegistry;
import io.qiaoqiao.gateway.plugins.PluginRoutes;
import io.qiaoqiao.gateway.plugins.SighupReload;
import io.qiaoqiao.gateway.voice.VoiceEdge;
import io.qiaoqiao.gateway.sms.SmppLink;
import io.qiaoqiao.gateway.store.DatabaseTarget;
import io.qiaoqiao.gateway.store.DatabaseTimeouts;
import io.qiaoqiao.gateway.store.Migrations;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.gateway.timer.TimerRunner;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts the database (embedded or configured), applies migrations, and
 * wires the SMS link, intake, dispatch, outbox sender, timers and HTTP API together.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final Config config;
    private final Vertx vertx;
    private final DatabaseTarget database;
    private final Pool pool;
    private final Pool longWork;
    private final PgSubscriber subscriber;
    private final PrometheusMeterRegistry registry;
    private final SmppLink sms;
    private final OutboxSender outbox;
    private final TimerRunner timers;
    private final TicketStatistics statistics;
    private final HttpServer http;
    private final Optional<VoiceEdge> voice;
    private final Optional<AmiDialer> dialer;
    private final Optional<CallSender> callSender;
    private final PluginRegistry plugins;
    private final DatabaseProbe databaseProbe;
    private final Reloading reloading;

    /** What re-reads configuration while the gateway runs, and the metrics' own listener: stopped with it. */
    private record Reloading(TokenReload tokens, List<SighupReload.Registration> onHangup, Optional<HttpServer> metrics) {
    }
    private final ResidentReach reach;
    private final Router router;

    private Gateway(Config config, Vertx vertx, DatabaseTarget database, Pool pool, Pool longWork, PgSubscriber subscriber,
                    PrometheusMeterRegistry registry, SmppLink sms, OutboxSender outbox, TimerRunner timers,
                    TicketStatistics statistics, HttpServer http,
                    Optional<VoiceEdge> voice, Optional<AmiDialer> dialer, Optional<CallSender> callSender,
                    PluginRegistry plugins, DatabaseProbe databaseProbe, Reloading reloading, ResidentReach reach, Router router) {
        this.reloading = reloading;
        this.reach = reach;
        this.router = router;
        this.plugins = plugins;
        this.databaseProbe = databaseProbe;
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.pool = pool;
        this.longWork = longWork;
        this.subscriber = subscriber;
        this.registry = registry;
        this.sms = sms;
        this.outbox = outbox;
        this.timers = timers;
        this.statistics = statistics;
        this.http = http;
        this.voice = voice;
        this.dialer = dialer;
        this.callSender = callSender;
    }

    /** The FastAGI port, when the voice edge runs. */
    public int agiPort() {
        return voice.orElseThrow(() -> new IllegalStateException("agi.enabled is false")).port();
    }

    /**
     * Starts everything; blocks the calling thread (never call it on an event loop). Every
     * decision reads the studio clock of the database ({@link StudioClock}), shifted by
     * {@code clock.offset}.
     */
    public static Gateway start(Config config) {
        config.requireValid();
        LogSetup.apply(config);
        checkSmppLimits(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        DatabaseTarget database = null;
        try {
            database = DatabaseTarget.open(config);
            DatabaseTimeouts timeouts = DatabaseTimeouts.from(config);
            PgConnectOptions connect = timeouts.apply(database.connectOptions(), DatabaseTimeouts.Kind.SHORT);
            connect.setReconnectAttempts(3).setReconnectInterval(1000);
            Pool pool = PgBuilder.pool().connectingTo(connect)
                    // A request waits at most 10 s for a connection: well inside the 30 s an inbound
                    // text waits for its commit, so a text the SMSC will redeliver never commits late.
                    .with(new PoolOptions().setMaxSize(config.integer("db.pool-size")).setMaxWaitQueueSize(10_000)
                            .setConnectionTimeout(10).setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                            // Connections spread over the event loops, not all on the first one.
                            .setEventLoopSize(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
                    .with(timeouts.clientSide())
                    .using(vertx).build();
            // Migrations and the statistics scans: one connection of their own, with the long timeouts.
            Pool longWork = PgBuilder.pool().connectingTo(timeouts.apply(database.connectOptions(), DatabaseTimeouts.Kind.LONG)
                            .setReconnectAttempts(3).setReconnectInterval(1000))
                    .with(new PoolOptions().setMaxSize(1)).with(timeouts.clientSide()).using(vertx).build();
            await(Migrations.apply(longWork));

            GatewayMetrics metrics = new GatewayMetrics(registry);
            PluginRegistry plugins = new PluginRegistry(config, config::reload, Texts.KEYS, new PluginMetrics(registry));
            List<SighupReload.Registration> onHangup = new ArrayList<>();
            if (config.flag("plugins.reload-on-sighup")) {
                onHangup.add(SighupReload.reloadPlugins(plugins));
            }
            ZoneId zone = config.zone("zone");
            Texts texts = new Texts(plugins::current, zone);
            await(StudioClock.zone(pool, zone));
            if (await(StudioClock.configure(pool, config.duration("clock.offset")))) {
                log.warn("the studio clock is now the database clock shifted by clock.offset={} (rehearsals and tests only)",
                        config.duration("clock.offset"));
            }
            boolean calling = config.flag("ami.enabled");
            RatingSchedule ratings = new RatingSchedule(DispatchConfig.quietHours(config), zone, config.duration("outbound.rating-spread"));
            OutboundCalls calls = new OutboundCalls(calling, ratings, config.duration("outbound.rating-delay"));
            Dispatcher dispatcher = new Dispatcher(plugins::current, texts, DispatchConfig.dispatcher(config), metrics, calls);
            Deadlines deadlines = new Deadlines(DispatchConfig.deadlines(config), dispatcher);
            ReplyHandler replies = new ReplyHandler(dispatcher, deadlines, metrics, config.integer("dispatch.points-per-ticket"), calls,
                    plugins.classifier());
            DeliveryReceipts receipts = new DeliveryReceipts(pool, metrics);
            // Texts and calls share one write path: one group-committed transaction at a time.
            IntakeWrites intakeWrites = new IntakeWrites(pool, config.integer("intake.transactions"), metrics);
            CallIntake desk = new CallIntake(pool, intakeWrites, Duration.ofMillis(config.integer("voice.desk-timeout-ms")),
                    dispatcher, replies, metrics);
            TicketActions actions = new TicketActions(pool, dispatcher, deadlines, texts, metrics);
            TextIntake intake = new TextIntake(intakeWrites, pool, plugins.classifier(), dispatcher, replies,
                    Duration.ofSeconds(config.integer("sms.concat-timeout-seconds")), config.duration("sms.concat-redelivery-window"),
                    receipts, metrics,
                    config.integer("sms.max-request-chars"), new AskerTexts(plugins.classifier(), dispatcher, desk::recordRating,
                            actions::closeLocked, config.integer("sms.max-request-chars")));

            String nodeId = nodeId(config);
            SmppLink sms = new SmppLink(config, registry, intake);
            if (config.flag("smpp.enabled")) {
                sms.start();
            }
            PgSubscriber subscriber = PgSubscriber.subscriber(vertx, connect).reconnectPolicy(retries -> 1000L);
            await(subscriber.connect());
            OutboxSender outbox = new OutboxSender(vertx, pool, sms, metrics, nodeId, new OutboxSender.Settings(
                    config.integer("outbox.batch-size"), Duration.ofMillis(config.integer("outbox.poll-ms")),
                    Duration.ofSeconds(config.integer("outbox.lease-seconds")), config.integer("outbox.max-attempts"),
                    Duration.ofMillis(config.integer("outbox.retry-min-ms")), Duration.ofMillis(config.integer("outbox.retry-max-ms")),
                    Duration.ofMillis(config.integer("smpp.response-timeout-ms"))));
            await(outbox.start(subscriber));
            ResidentReach reach = new ResidentReach(config, vertx, pool, registry, dispatcher, metrics);
            await(reach.seedHolidays());
            Map<String, io.qiaoqiao.gateway.timer.TimerHandler> timerHandlers = new java.util.HashMap<>(Map.of(
                    Timers.OFFER_EXPIRY, new OfferExpiry(dispatcher, metrics),
                    Timers.DEADLINE, deadlines,
                    Timers.CONCAT_TIMEOUT, intake.parts(),
                    Timers.HOLD_RELEASE, new HeldTicketRelease(dispatcher),
                    Timers.ESCALATION_STEP, new EscalationTimeout(dispatcher)));
            timerHandlers.putAll(reach.timerHandlers());
            TimerRunner timers = new TimerRunner(vertx, pool, timerHandlers, config.integer("timers.poll-ms"), 4);
            timers.start();
            TicketStatistics statistics = new TicketStatistics(vertx, longWork, registry,
                    Duration.ofSeconds(config.integer("metrics.statistics-seconds")), zone.getId(),
                    new Duration[] {config.duration("tickets.accept-limit.urgent"), config.duration("tickets.accept-limit.normal")},
                    new Duration[] {config.duration("tickets.due.unknown.urgent"), config.duration("tickets.due.unknown.normal")});
            await(statistics.start());

            AmiDialer dialer = null;
            CallSender callSender = null;
            // One count of the trunk's lines for ticket calls, broadcasts and check-ins.
            TrunkLines lines = new TrunkLines(config.integer("outbound.max-concurrent-calls"));
            if (calling) {
                dialer = new AmiDialer(AmiSettings.from(config), registry);
                dialer.start();
                callSender = new CallSender(vertx, pool, dialer, dispatcher.texts(), metrics, nodeId, config.integer("outbound.call-attempts"),
                        config.duration("outbound.call-retry-interval"), ratings,
                        Duration.ofSeconds(config.integer("ami.ring-timeout-seconds") * 2L + 30),
                        new CallSender.Settings(lines, config.duration("outbound.no-line-retry")));
                callSender.start(subscriber, Duration.ofMillis(config.integer("outbox.poll-ms")));
            }
            reach.start(subscriber, dialer, nodeId, lines);
            VoiceEdge voice = null;
            if (config.flag("agi.enabled")) {
                voice = new VoiceEdge(config, desk, reach.desk(), registry);
                await(voice.start());
                VoiceEdge edge = voice;
                // Any node's roster import clears every node's caller cache.
                subscriber.channel(RosterImporter.NOTIFY_CHANNEL).handler(kinds -> edge.callers().invalidateAll());
            }

            Router router = Router.router(vertx);
            RequestIds.mount(router);
            DatabaseProbe databaseProbe = new DatabaseProbe(vertx, connect,
                    Duration.ofMillis(config.integer("health.database-interval-ms")), Duration.ofSeconds(3));
            await(databaseProbe.start());
            new HealthRoutes(new Liveness(vertx, Duration.ofSeconds(1)), readiness(config, databaseProbe, sms, dialer, voice))
                    .mount(router);
            OperatorApi api = new OperatorApi(vertx, config, pool, metrics, new OperatorApi.Parts(
                    actions, new DeskIntake(pool, plugins.classifier(), dispatcher, metrics), desk, new PluginRoutes(vertx, plugins),
                    dispatcher, reach.broadcastRoutes(), reach.helpLedgerRoutes(), reach.checkInRoutes()));
            OpsRoutes ops = new OpsRoutes(registry, api.tokens());
            HttpServer metricsServer = null;
            if (config.integer("metrics.port") > 0) {
                Router metricsRouter = Router.router(vertx);
                ops.mountOpen(metricsRouter);
                metricsServer = await(vertx.createHttpServer().requestHandler(metricsRouter)
                        .listen(config.integer("metrics.port"), config.string("metrics.host")));
                ops.mountElsewhere(router, config.string("metrics.host") + ":" + metricsServer.actualPort());
                log.info("metrics on their own listener {}:{}", config.string("metrics.host"), metricsServer.actualPort());
            } else {
                ops.mount(router);
            }
            api.mount(router);
            api.listen(subscriber);
            TokenReload tokenReload = new TokenReload(vertx, config, api.tokens());
            if (tokenReload.watching()) {
                tokenReload.start(Duration.ofSeconds(2));
                onHangup.add(SighupReload.onHangup("api tokens", () -> tokenReload.reload("of SIGHUP")));
            }
            HttpServer http = await(vertx.createHttpServer().requestHandler(router)
                    .listen(config.integer("http.port"), config.string("http.host")));
            log.info("gateway {} ready: HTTP on {}:{}", nodeId, config.string("http.host"), http.actualPort());
            return new Gateway(config, vertx, database, pool, longWork, subscriber, registry, sms, outbox, timers, statistics, http,
                    Optional.ofNullable(voice), Optional.ofNullable(dialer), Optional.ofNullable(callSender), plugins,
                    databaseProbe, new Reloading(tokenReload, onHangup, Optional.ofNullable(metricsServer)), reach, router);
        } catch (RuntimeException e) {
            vertx.close();
            if (database != null) {
                database.close();
            }
            throw e;
        }
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** Every route of the HTTP port as "METHOD path" (no method: any), in mounting order; for the hostile-input tests. */
    public List<String> routes() {
        return router.getRoutes().stream().filter(r -> r.getPath() != null)
                .flatMap(r -> r.methods() == null || r.methods().isEmpty() ? java.util.stream.Stream.of("* " + r.getPath())
                        : r.methods().stream().map(m -> m.name() + " " + r.getPath()))
                .distinct().toList();
    }

    public Pool pool() {
        return pool;
    }

    public Vertx vertx() {
        return vertx;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Config config() {
        return config;
    }

    public PluginRegistry plugins() {
        return plugins;
    }

    /** The HTTP routes (the OpenAPI test walks them). */
    public Router router() {
        return router;
    }

    /** Stops taking work, unbinds, closes the database connections, stops an embedded database. */
    public void stop() {
        reloading.onHangup().forEach(SighupReload.Registration::close);
        reloading.tokens().stop();
        reloading.metrics().ifPresent(m -> await(m.close().recover(e -> Future.succeededFuture())));
        statistics.stop();
        timers.stop();
        await(outbox.stop(Duration.ofSeconds(5)));
        callSender.ifPresent(CallSender::stop);
        reach.stop();
        voice.ifPresent(v -> await(v.stop().recover(e -> Future.succeededFuture())));
        dialer.ifPresent(d -> await(d.stop().recover(e -> Future.succeededFuture())));
        sms.stop();
        await(http.close().recover(e -> Future.succeededFuture()));
        await(databaseProbe.close().recover(e -> Future.succeededFuture()));
        await(subscriber.close().recover(e -> Future.succeededFuture()));
        await(pool.close().recover(e -> Future.succeededFuture()));
        await(longWork.close().recover(e -> Future.succeededFuture()));
        await(vertx.close().recover(e -> Future.succeededFuture()));
        database.close();
    }

    /** What /health/ready waits for: the database, and each link this configuration enables. */
    private static Readiness readiness(Config config, DatabaseProbe database, SmppLink sms, AmiDialer dialer, VoiceEdge voice) {
        return new Readiness(database, java.util.List.of(
                Dependency.of("smpp", "BOUND", "UNBOUND", config.flag("smpp.enabled"), sms::bound),
                Dependency.of("ami", "CONNECTED", "DISCONNECTED", dialer != null, () -> dialer.connected()),
                Dependency.of("agi", "LISTENING", "CLOSED", voice != null, () -> voice.listening())));
    }

    /**
     * SMPP 3.4 caps these fields (C-Octet strings); a longer value can never bind, so it is a
     * configuration error to report at start-up, not a reconnect loop to discover in the logs.
     */
    static void checkSmppLimits(Config config) {
        if (!config.flag("smpp.enabled")) {
            return;
        }
        Map<String, Integer> limits = Map.of("smpp.system-id", 15, "smpp.system-type", 12, "smpp.source-addr", 20);
        limits.forEach((key, max) -> {
            if (config.string(key).length() > max) {
                throw new IllegalArgumentException(key + " may be at most " + max + " characters in SMPP 3.4");
            }
        });
        if (config.secret("smpp.password").length() > 8) {
            throw new IllegalArgumentException("smpp.password may be at most 8 characters in SMPP 3.4");
        }
        OutboxSender.checkLease(Duration.ofSeconds(config.integer("outbox.lease-seconds")),
                Duration.ofMillis(config.integer("smpp.response-timeout-ms")));
    }

    /** The statistics gauges, refreshed now rather than at the next tick (for tests and the demo). */
    public Future<Void> refreshStatistics() {
        return statistics.refresh();
    }

    static String nodeId(Config config) {
        String configured = config.string("node.id");
        if (!configured.isEmpty()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Waits (at most two minutes) for a future from a thread that may block; never on an event loop. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
