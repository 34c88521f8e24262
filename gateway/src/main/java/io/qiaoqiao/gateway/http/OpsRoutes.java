package io.qiaoqiao.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qiaoqiao.gateway.sms.SmsSender;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/** {@code /health} for load balancers and {@code /metrics} for Prometheus. */
public final class OpsRoutes {
    private final Pool pool;
    private final SmsSender sms;
    private final boolean smsRequired;
    private final PrometheusMeterRegistry registry;

    public OpsRoutes(Pool pool, SmsSender sms, boolean smsRequired, PrometheusMeterRegistry registry) {
        this.pool = pool;
        this.sms = sms;
        this.smsRequired = smsRequired;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.get("/health").handler(ctx -> pool.query("SELECT 1").execute()
                .map(rows -> true).otherwise(false)
                .onComplete(ar -> {
                    boolean db = ar.result();
                    boolean smpp = sms.bound();
                    boolean healthy = db && (smpp || !smsRequired);
                    Json.send(ctx, healthy ? 200 : 503, new JsonObject()
                            .put("status", healthy ? "UP" : "DOWN")
                            .put("database", db ? "UP" : "DOWN")
                            .put("smpp", smpp ? "BOUND" : (smsRequired ? "UNBOUND" : "DISABLED")));
                }));
    }
}
