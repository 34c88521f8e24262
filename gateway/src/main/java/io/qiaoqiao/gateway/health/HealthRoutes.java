package io.qiaoqiao.gateway.health;

import io.qiaoqiao.gateway.http.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Open health endpoints for load balancers, systemd and orchestrators:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process and its event loops answer, else 503;
 *       no I/O, so it stays 200 while the database is away (restart only a stuck process);</li>
 *   <li>{@code GET /health/ready}: 200 when the database answers and the SMPP bind, the AMI
 *       login and the FastAGI socket are up where enabled, else 503; the body has each state;</li>
 *   <li>{@code GET /health}: the same as ready, as before these two existed.</li>
 * </ul>
 */
public final class HealthRoutes {
    private final Liveness liveness;
    private final Readiness readiness;

    public HealthRoutes(Liveness liveness, Readiness readiness) {
        this.liveness = liveness;
        this.readiness = readiness;
    }

    public void mount(Router router) {
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        router.get("/health").handler(this::ready);
    }

    private void live(RoutingContext ctx) {
        Context here = Vertx.currentContext();
        liveness.check().onComplete(ar -> here.runOnContext(v -> {
            if (ar.succeeded()) {
                Json.send(ctx, 200, new JsonObject().put("status", "UP").put("eventLoops", ar.result()));
            } else {
                Json.send(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", ar.cause().getMessage()));
            }
        }));
    }

    private void ready(RoutingContext ctx) {
        Readiness.Report report = readiness.check();
        Json.send(ctx, report.ready() ? 200 : 503, report.body());
    }
}
