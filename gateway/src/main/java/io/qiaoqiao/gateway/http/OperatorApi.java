package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.logging.LogLevelRoutes;
import io.qiaoqiao.gateway.plugins.PluginRoutes;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.operator.TicketActions;
import io.qiaoqiao.gateway.roster.RosterRoutes;
import io.qiaoqiao.gateway.intake.CallIntake;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /api}: the token guard first, then tickets, roster (JSON and CSV) and
 * points, then JSON answers for unknown paths and failures. Configured by {@code api.*}.
 */
public final class OperatorApi {
    private static final Logger log = LoggerFactory.getLogger(OperatorApi.class);

    private final Config config;
    private final Pool pool;
    private final ApiTokens tokens;
    private final ApiAccess access;
    private final TicketActions actions;
    private final CallIntake desk;
    private final PluginRoutes plugins;
    private final java.util.List<ApiRoutes> more;

    /** @param desk records residents' ratings the same way the rating call does */
    public OperatorApi(Config config, Pool pool, GatewayMetrics metrics, TicketActions actions, CallIntake desk,
                       PluginRoutes plugins) {
        this(config, pool, metrics, actions, desk, plugins, java.util.List.of());
    }

    /** @param more routes of further capabilities (broadcasts, the help ledger, check-ins) */
    public OperatorApi(Config config, Pool pool, GatewayMetrics metrics, TicketActions actions, CallIntake desk,
                       PluginRoutes plugins, java.util.List<ApiRoutes> more) {
        this.plugins = plugins;
        this.more = java.util.List.copyOf(more);
        this.config = config;
        this.pool = pool;
        this.tokens = ApiTokens.parse(config.secret("api.tokens"));
        this.access = new ApiAccess(tokens, metrics);
        this.actions = actions;
        this.desk = desk;
    }

    /** The tokens in use: {@code /metrics} checks them too, and {@link TokenReload} replaces them. */
    public ApiTokens tokens() {
        return tokens;
    }

    public void mount(Router router) {
        access.guard(router);
        new TicketRoutes(pool, access, actions, desk, confidentialCategories(config)).mount(router);
        new RosterCrudRoutes(pool, access).mount(router);
        new RosterRoutes(pool, access).mount(router);
        new PointsRoutes(pool, access, ZoneId.of(config.string("zone"))).mount(router);
        plugins.mount(router, access);
        new LogLevelRoutes(pool).mount(router, access);
        more.forEach(routes -> routes.mount(router, access));
        access.fallbacks(router);
        if (tokens.isEmpty()) {
            log.warn("no api.tokens configured: the operator API under /api answers 401 to every request");
        }
    }

    static Set<String> confidentialCategories(Config config) {
        return Arrays.stream(config.string("api.confidential-categories").split(","))
                .map(c -> c.strip().toUpperCase(Locale.ROOT)).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
