package io.qiaoqiao.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.OfferExpiry;
import io.qiaoqiao.gateway.dispatch.ReplyHandler;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiTokens;
import io.qiaoqiao.gateway.http.OpsRoutes;
import io.qiaoqiao.gateway.http.PointsRoutes;
import io.qiaoqiao.gateway.http.RosterCrudRoutes;
import io.qiaoqiao.gateway.http.TicketRoutes;
import io.qiaoqiao.gateway.intake.TextIntake;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.metrics.TicketStatistics;
import io.qiaoqiao.gateway.operator.TicketActions;
import io.qiaoqiao.gateway.outbox.DeliveryReceipts;
import io.qiaoqiao.gateway.outbox.OutboxSender;
import io.qiaoqiao.gateway.roster.RosterRoutes;
import io.qiaoqiao.gateway.routing.InstalledPlugins;
import io.qiaoqiao.gateway.sms.SmppLink;
import io.qiaoqiao.gateway.store.DatabaseTarget;
import io.qiaoqiao.gateway.store.Migrations;
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
import java.util.Map;
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
    private final PgSubscriber subscriber;
    private final PrometheusMeterRegistry registry;
    private final SmppLink sms;
    private final OutboxSender outbox;
    private final TimerRunner timers;
    private final TicketStatistics statistics;
    private final HttpServer http;

    private Gateway(Config config, Vertx vertx, DatabaseTarget database, Pool pool, PgSubscriber subscriber,
                    PrometheusMeterRegistry registry, SmppLink sms, OutboxSender outbox, TimerRunner timers,
                    TicketStatistics statistics, HttpServer http) {
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.pool = pool;
        this.subscriber = subscriber;
        this.registry = registry;
        this.sms = sms;
        this.outbox = outbox;
        this.timers = timers;
        this.statistics = statistics;
        this.http = http;
    }

    /** Starts everything; blocks the calling thread (never call it on an event loop). */
    public static Gateway start(Config config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        DatabaseTarget database = null;
        try {
            ApiTokens tokens = ApiTokens.parse(config.secret("api.tokens"));
            database = DatabaseTarget.open(config);
            PgConnectOptions connect = database.connectOptions();
            connect.setReconnectAttempts(3).setReconnectInterval(1000);
            Pool pool = PgBuilder.pool().connectingTo(connect)
                    .with(new PoolOptions().setMaxSize(config.integer("db.pool-size")).setMaxWaitQueueSize(10_000))
                    .using(vertx).build();
            await(Migrations.apply(pool));

            GatewayMetrics metrics = new GatewayMetrics(registry);
            InstalledPlugins plugins = InstalledPlugins.discover(config, Gateway.class.getClassLoader());
            metrics.pluginsInstalled(pluginIds(plugins, config));
            ZoneId zone = ZoneId.of(config.string("zone"));
            Dispatcher dispatcher = new Dispatcher(plugins.engine(config), config.duration("dispatch.offer-timeout.normal"),
                    config.duration("dispatch.offer-timeout.urgent"), zone, metrics);
            ReplyHandler replies = new ReplyHandler(dispatcher, metrics, config.integer("dispatch.points-per-ticket"));
            DeliveryReceipts receipts = new DeliveryReceipts(pool, metrics);
            TextIntake intake = new TextIntake(pool, plugins.classifier(), dispatcher, replies,
                    Duration.ofSeconds(config.integer("sms.concat-timeout-seconds")), receipts, metrics,
                    config.integer("sms.max-request-chars"));

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
                    Duration.ofMillis(config.integer("outbox.retry-min-ms")), Duration.ofMillis(config.integer("outbox.retry-max-ms"))));
            await(outbox.start(subscriber));
            TimerRunner timers = new TimerRunner(vertx, pool, Map.of(
                    Timers.OFFER_EXPIRY, new OfferExpiry(replies, metrics),
                    Timers.CONCAT_TIMEOUT, intake.parts()), config.integer("timers.poll-ms"), 4);
            timers.start();
            TicketStatistics statistics = new TicketStatistics(vertx, pool, registry,
                    Duration.ofSeconds(config.integer("metrics.statistics-seconds")), zone.getId(),
                    new Duration[] {config.duration("tickets.accept-limit.urgent"), config.duration("tickets.accept-limit.normal")},
                    new Duration[] {config.duration("tickets.due.urgent"), config.duration("tickets.due.normal")});
            await(statistics.start());

            Router router = Router.router(vertx);
            new OpsRoutes(pool, sms, config.flag("smpp.enabled"), registry).mount(router);
            ApiAccess access = new ApiAccess(tokens, metrics);
            access.guard(router);
            new TicketRoutes(pool, access, new TicketActions(pool, dispatcher, metrics),
                    confidentialCategories(config)).mount(router);
            new RosterCrudRoutes(pool, access).mount(router);
            new RosterRoutes(pool).mount(router);
            new PointsRoutes(pool, access, zone).mount(router);
            access.fallbacks(router);
            if (tokens.isEmpty()) {
                log.warn("no api.tokens configured: the operator API under /api answers 401 to every request");
            }
            HttpServer http = await(vertx.createHttpServer().requestHandler(router)
                    .listen(config.integer("http.port"), config.string("http.host")));
            log.info("gateway {} ready: HTTP on {}:{}", nodeId, config.string("http.host"), http.actualPort());
            return new Gateway(config, vertx, database, pool, subscriber, registry, sms, outbox, timers, statistics, http);
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

    /** Stops taking work, unbinds, closes the database connections, stops an embedded database. */
    public void stop() {
        statistics.stop();
        timers.stop();
        outbox.stop();
        sms.stop();
        await(http.close().recover(e -> Future.succeededFuture()));
        await(subscriber.close().recover(e -> Future.succeededFuture()));
        await(pool.close().recover(e -> Future.succeededFuture()));
        await(vertx.close().recover(e -> Future.succeededFuture()));
        database.close();
    }

    private static java.util.Set<String> confidentialCategories(Config config) {
        return java.util.Arrays.stream(config.string("api.confidential-categories").split(","))
                .map(c -> c.strip().toUpperCase(java.util.Locale.ROOT)).filter(c -> !c.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The installed plugins by id, for the plugin error counters. */
    private static java.util.List<String> pluginIds(InstalledPlugins plugins, Config config) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        ids.add("classifier");
        plugins.engine(config).rules().forEach(rule -> ids.add(rule.id()));
        return ids;
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

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
