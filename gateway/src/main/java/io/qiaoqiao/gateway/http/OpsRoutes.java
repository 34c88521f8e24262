package io.qiaoqiao.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/** {@code /metrics} for Prometheus (the health endpoints are {@code health.HealthRoutes}). */
public final class OpsRoutes {
    private final PrometheusMeterRegistry registry;

    public OpsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
    }
}
