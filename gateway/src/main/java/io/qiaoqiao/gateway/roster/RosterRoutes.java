package io.qiaoqiao.gateway.roster;

import io.qiaoqiao.gateway.http.ApiAccess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roster over HTTP, for the studio's operators:
 * <ul>
 *   <li>{@code POST /api/roster/import?kind=groups|volunteers|residents|family} with the CSV as
 *   the body (UTF-8, at most {@link #BODY_LIMIT} bytes): 200 with the counts, 422 with every
 *   bad row ({@code {"error":..., "rows":[{"kind":..., "line":n, "message":...}]}}), 400 for an
 *   unknown kind, 413 for a body over the limit;</li>
 *   <li>{@code GET /api/roster/{kind}.csv}: the export of one kind, in the import's columns.</li>
 * </ul>
 * Both sit behind the API guard: the body is read first (Vert.x drops body bytes that arrive while
 * an asynchronous handler, such as the audit write, runs before the body handler), then the
 * scope is checked ({@code roster.write} / {@code roster.read}) and the attempt audited with the
 * operator's name, then the import or export runs.
 * After every import that was applied, publishes the report's counts on the local event bus
 * at {@link #CHANGED_ADDRESS} so caches in this process can be dropped; other nodes learn of it
 * from {@link RosterImporter#NOTIFY_CHANNEL}.
 */
public final class RosterRoutes {
    private static final Logger log = LoggerFactory.getLogger(RosterRoutes.class);
    public static final String CHANGED_ADDRESS = "roster.changed";
    /** 5 MB holds about 50,000 resident rows. */
    public static final long BODY_LIMIT = 5L * 1024 * 1024;
    private static final String KINDS = Arrays.stream(RosterKind.values()).map(RosterKind::id).collect(Collectors.joining("|"));

    private final Pool pool;
    private final ApiAccess access;
    private final RosterImporter importer;
    private final RosterExporter exporter;

    public RosterRoutes(Pool pool, ApiAccess access) {
        this.pool = pool;
        this.access = access;
        this.importer = new RosterImporter(pool);
        this.exporter = new RosterExporter(pool);
    }

    /** Mount after {@link ApiAccess#guard}: the routes need an authenticated operator. */
    public void mount(Router router) {
        router.post("/api/roster/import")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(access.require("roster.write"))
                .handler(ApiAccess.audited(pool, "roster.import", "roster", ctx -> new JsonObject()
                        .put("kind", ctx.queryParams().get("kind")).put("bytes", ctx.body().length())))
                .handler(this::importCsv)
                .failureHandler(RosterRoutes::failed);
        router.get("/api/roster/:file")
                .handler(access.require("roster.read"))
                .handler(ApiAccess.audited(pool, "roster.export", "roster", ctx -> new JsonObject().put("file", ctx.pathParam("file"))))
                .handler(this::exportCsv)
                .failureHandler(RosterRoutes::failed);
    }

    private void importCsv(RoutingContext ctx) {
        Optional<RosterKind> kind = RosterKind.fromId(ctx.request().getParam("kind"));
        if (kind.isEmpty()) {
            json(ctx, 400, new JsonObject().put("error", "query parameter kind must be one of " + KINDS));
            return;
        }
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        importer.importFiles(Map.of(kind.get(), bytes)).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            ImportReport report = done.result();
            if (report.ok()) {
                ctx.vertx().eventBus().publish(CHANGED_ADDRESS, report.toJson().getJsonObject("imported"));
            }
            json(ctx, report.ok() ? 200 : 422, report.toJson());
        });
    }

    private void exportCsv(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        Optional<RosterKind> kind = file.endsWith(".csv") ? RosterKind.fromId(file.substring(0, file.length() - 4)) : Optional.empty();
        if (kind.isEmpty()) {
            json(ctx, 404, new JsonObject().put("error", "no such roster file; try one of "
                    + List.of(RosterKind.values()).stream().map(k -> k.id() + ".csv").collect(Collectors.joining(", "))));
            return;
        }
        exporter.csv(kind.get()).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + kind.get().id() + ".csv\"")
                    .end(done.result());
        });
    }

    private static void failed(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        String message = status == 413 ? "the body is larger than " + BODY_LIMIT / (1024 * 1024) + " MB; split the file"
                : status >= 500 ? "the roster request failed; see the gateway log" : "bad request (HTTP " + status + ")";
        if (status >= 500) {
            log.error("roster request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        json(ctx, status, new JsonObject().put("error", message));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }
}
