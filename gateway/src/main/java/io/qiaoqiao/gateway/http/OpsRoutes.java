package io.qiaoqiao.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code /metrics} for Prometheus (the health endpoints are {@code health.HealthRoutes}). The
 * metrics name every village with its requests and satisfaction, so they are not open to
 * whoever reaches the API port: there, a scrape needs a bearer token with the
 * {@code metrics.read} scope (Prometheus sends one with {@code authorization: credentials_file}),
 * and a gateway with no {@code api.tokens} at all answers only scrapes from its own host. With
 * {@code metrics.port} set the metrics have a listener of their own on {@code metrics.host}
 * (bind it where only Prometheus reaches), open there and absent from the API port.
 */
public final class OpsRoutes {
    private final PrometheusMeterRegistry registry;
    private final ApiTokens tokens;

    public OpsRoutes(PrometheusMeterRegistry registry, ApiTokens tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    /** On the API port: guarded as the class comment says. */
    public void mount(Router router) {
        router.get("/metrics").handler(this::guarded);
    }

    /** On the API port when the metrics have a listener of their own. */
    public void mountElsewhere(Router router, String where) {
        router.get("/metrics").handler(ctx -> Json.fail(ctx, new ApiError(Problem.NO_SUCH_ENDPOINT,
                "指标在 " + where + "（metrics.port）上，不在这里", "/metrics is served on " + where + " (metrics.port), not here")));
    }

    /** On the metrics listener: open, its address is its protection. */
    public void mountOpen(Router router) {
        router.get("/metrics").handler(this::scrape);
    }

    private void guarded(RoutingContext ctx) {
        if (tokens.isEmpty()) {
            if (fromThisHost(ctx)) {
                scrape(ctx);
            } else {
                Json.fail(ctx, new ApiError(Problem.SCOPE_MISSING, "没有配置 api.tokens 时，/metrics 只回答本机",
                        "/metrics answers only this host while no api.tokens are configured:"
                        + " configure a token with the metrics.read scope, or metrics.port"));
            }
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        var operator = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(header.substring(7).strip()) : java.util.Optional.<ApiTokens.Operator>empty();
        if (operator.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"qiaoqiao\"");
            Json.fail(ctx, new ApiError(Problem.NOT_SIGNED_IN, "/metrics 需要带 metrics.read 权限的令牌",
                    "/metrics needs a bearer token with the metrics.read scope"));
        } else if (!operator.get().may("metrics.read")) {
            Json.fail(ctx, new ApiError(Problem.SCOPE_MISSING, "没有 metrics.read 权限",
                    "operator '" + operator.get().name() + "' lacks the scope 'metrics.read' /metrics needs"));
        } else {
            scrape(ctx);
        }
    }

    private void scrape(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
    }

    private static boolean fromThisHost(RoutingContext ctx) {
        try {
            return InetAddress.getByName(ctx.request().remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }
}
