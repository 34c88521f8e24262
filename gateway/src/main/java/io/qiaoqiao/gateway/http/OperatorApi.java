package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.broadcast.BroadcastRoutes;
import io.qiaoqiao.gateway.checkin.CheckInRoutes;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.desk.DeskRoutes;
import io.qiaoqiao.gateway.desk.DeskSettings;
import io.qiaoqiao.gateway.desk.Sessions;
import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.helpledger.HelpLedgerRoutes;
import io.qiaoqiao.gateway.intake.CallIntake;
import io.qiaoqiao.gateway.ledger.LedgerRoutes;
import io.qiaoqiao.gateway.logging.LogLevelRoutes;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.operator.DeskIntake;
import io.qiaoqiao.gateway.operator.TicketActions;
import io.qiaoqiao.gateway.plugins.PluginRoutes;
import io.qiaoqiao.gateway.roster.RosterRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /api}, and the desk's files under {@code /desk/}: bodies read first,
 * then the routes that need no caller (signing in, the OpenAPI document), the guard (token or
 * desk session, CSRF), then every operation ({@link Api}), then problem documents for unknown
 * paths and failures. Configured by {@code api.*} and {@code desk.*}.
 */
public final class OperatorApi {
    private static final Logger log = LoggerFactory.getLogger(OperatorApi.class);

    /** What the API's routes act through, and the routes of reaching every resident (issue 14). */
    public record Parts(TicketActions actions, DeskIntake intake, CallIntake calls, PluginRoutes plugins, Dispatcher dispatcher,
                        BroadcastRoutes broadcasts, HelpLedgerRoutes helpLedger, CheckInRoutes checkIns) {
    }

    private final Config config;
    private final Pool pool;
    private final ApiTokens tokens;
    private final ApiAccess access;
    private final Sessions sessions;
    private final Parts parts;
    private final QueueFeed feed;
    private final TicketViews views;
    private final Duration[] acceptLimits;
    private JsonObject document;
    private List<ApiOperation> operations = List.of();

    public OperatorApi(Vertx vertx, Config config, Pool pool, GatewayMetrics metrics, Parts parts) {
        this.config = config;
        this.pool = pool;
        this.parts = parts;
        this.tokens = ApiTokens.parse(config.secret("api.tokens"));
        this.sessions = new Sessions(pool, DeskSettings.from(config));
        this.access = new ApiAccess(tokens, metrics, sessions);
        this.views = new TicketViews(confidentialCategories(config));
        this.acceptLimits = new Duration[] {config.duration("tickets.accept-limit.urgent"), config.duration("tickets.accept-limit.normal")};
        this.feed = new QueueFeed(vertx, pool, views, acceptLimits, sessions);
    }

    /** The tokens in use: {@code /metrics} checks them too, and {@link TokenReload} replaces them. */
    public ApiTokens tokens() {
        return tokens;
    }

    public void mount(Router router) {
        router.route("/api/*").handler(OperatorApi::apiHeaders);
        router.route("/desk/*").handler(OperatorApi::deskHeaders);
        router.route("/desk/*").handler(StaticHandler.create("desk").setDefaultContentEncoding("UTF-8"));
        access.allowLargerBody(BroadcastRoutes.RECORDINGS_PATH, parts.broadcasts().uploadLimit());
        access.bodies(router);
        AnswerDeadline.mount(router, config.duration("http.answer-deadline"));
        Api api = new Api(router, access);
        ZoneId zone = config.zone("zone");
        api.open(HttpMethod.GET, "/api/openapi.json").summary("这份 OpenAPI 3.1 文档").tag("api")
                .returns("200", "OpenAPI 3.1", "application/json", new JsonObject().put("type", "object"))
                .handler(ctx -> Json.ok(ctx, document));
        DeskRoutes desk = new DeskRoutes(pool, sessions);
        desk.mountSignIn(api);
        access.guard(router);
        desk.mount(api);
        TicketRoutes tickets = new TicketRoutes(pool, parts.actions(), parts.intake(), parts.calls(), views, acceptLimits);
        tickets.mount(api);
        feed.mount(api);
        new TicketTimelineRoutes(pool, tickets, views, parts.dispatcher()).mount(api);
        new ResidentSearch(pool).mount(api);
        new RosterCrudRoutes(pool).mount(api);
        new RosterRoutes(pool, zone).mount(api);
        new PointsRoutes(pool, zone).mount(api);
        new LedgerRoutes(pool, zone, parts.dispatcher().texts()).mount(api);
        new AuditRoutes(pool).mount(api);
        parts.plugins().mount(api);
        new LogLevelRoutes(pool).mount(api);
        parts.broadcasts().mount(api);
        parts.helpLedger().mount(api);
        parts.checkIns().mount(api);
        access.fallbacks(router);
        operations = api.operations();
        document = api.document();
        if (tokens.isEmpty()) {
            log.info("no api.tokens configured: only operators signed in at /desk/ can use the API");
        }
    }

    /** The live queue listens to every node's ticket events. */
    public void listen(PgSubscriber subscriber) {
        feed.listen(subscriber);
    }

    public QueueFeed feed() {
        return feed;
    }

    /** Every operation declared, as the OpenAPI document lists them. */
    public List<ApiOperation> operations() {
        return operations;
    }

    private static void apiHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    private static void deskHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; media-src 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        ctx.next();
    }

    static Set<String> confidentialCategories(Config config) {
        return Arrays.stream(config.string("api.confidential-categories").split(","))
                .map(c -> c.strip().toUpperCase(Locale.ROOT)).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
