package io.qiaoqiao.gateway.roster;

import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Json;
import io.qiaoqiao.gateway.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The roster as files, for the studio's operators:
 * <ul>
 *   <li>{@code POST /api/roster/import?kind=groups|volunteers|residents|family} with the CSV as
 *   the body (UTF-8, with or without a byte order mark, at most
 *   {@link ApiAccess#IMPORT_BODY_LIMIT} bytes): 200 with the counts; 422 with every bad row
 *   (problem {@code roster-rows-invalid}, its {@code rows}: {@code [{"kind", "line", "message"}]});</li>
 *   <li>{@code GET /api/roster/{name}.csv}: the download of one table — the four import files in
 *   the import's columns (so a download edited in a spreadsheet imports again), and shifts,
 *   schedule-exceptions, holidays and duty-phones to read and print. Every download opens
 *   correctly in Excel and WPS on Chinese Windows: UTF-8 with a byte order mark, and cells that
 *   would run as formulas neutralised ({@link CsvWriter}).</li>
 * </ul>
 * Both sit behind the API guard: the scope is checked ({@code roster.write} /
 * {@code roster.read}) and the attempt audited with the operator's name, then the import or
 * export runs. After every import that was applied, publishes the report's counts on the local
 * event bus at {@link #CHANGED_ADDRESS} so caches in this process can be dropped; other nodes
 * learn of it from {@link RosterImporter#NOTIFY_CHANNEL}.
 */
public final class RosterRoutes {
    public static final String CHANGED_ADDRESS = "roster.changed";
    /** 5 MB holds about 50,000 resident rows. */
    public static final long BODY_LIMIT = ApiAccess.IMPORT_BODY_LIMIT;
    private static final String KINDS = Arrays.stream(RosterKind.values()).map(RosterKind::id).collect(Collectors.joining("|"));

    private final Pool pool;
    private final RosterImporter importer;
    private final RosterExporter exporter;

    public RosterRoutes(Pool pool, ZoneId zone) {
        this.pool = pool;
        this.importer = new RosterImporter(pool);
        this.exporter = new RosterExporter(pool, zone);
    }

    /** The names {@code GET /api/roster/{name}.csv} knows. */
    public static List<String> downloads() {
        List<String> out = new ArrayList<>();
        for (RosterKind kind : RosterKind.values()) {
            out.add(kind.id());
        }
        out.addAll(RosterExporter.DOWNLOAD_ONLY.keySet().stream().sorted().toList());
        return out;
    }

    public void mount(Api api) {
        api.post(ApiAccess.IMPORT_PATH, "roster.write").summary("导入名单 CSV（全部导入或全部不导入，审计）").tag("roster")
                .queryOneOf("kind", Arrays.stream(RosterKind.values()).map(RosterKind::id).toList(), "哪个名单")
                .body("text/csv", new JsonObject().put("type", "string"))
                .ok("ImportCounts").problems(413, 422)
                .handler(ApiAccess.audited(pool, "roster.import", "roster", ctx -> new JsonObject()
                        .put("kind", ctx.queryParams().get("kind")).put("bytes", ctx.body().length())), this::importCsv);
        api.get("/api/roster/{file}", "roster.read").summary("下载名单 CSV（带 BOM，Excel/WPS 直接打开，审计）").tag("roster")
                .description("file 是 " + downloads().stream().map(d -> d + ".csv").collect(Collectors.joining("、")) + " 之一")
                .returns("200", "CSV（UTF-8，带 BOM）", "text/csv", new JsonObject().put("type", "string")).problems(404)
                .handler(ApiAccess.audited(pool, "roster.export", "roster", ctx -> new JsonObject().put("file", ctx.pathParam("file"))),
                        this::exportCsv);
    }

    private void importCsv(RoutingContext ctx) {
        Optional<RosterKind> kind = RosterKind.fromId(ctx.request().getParam("kind"));
        if (kind.isEmpty()) {
            Json.fail(ctx, ApiError.query("kind", "查询参数 kind 应当是 " + KINDS + " 之一", "query parameter kind must be one of " + KINDS));
            return;
        }
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        importer.importFiles(Map.of(kind.get(), bytes)).onComplete(done -> {
            if (done.failed()) {
                ApiAccess.error(ctx, done.cause());
                return;
            }
            ImportReport report = done.result();
            if (!report.ok()) {
                JsonArray rows = report.toJson().getJsonArray("rows");
                Json.fail(ctx, new ApiError(Problem.ROSTER_ROWS_INVALID, "有 " + rows.size() + " 行不对，什么都没有导入；请改好后重新上传",
                        rows.size() + " bad row(s); nothing was imported").with("rows", rows));
                return;
            }
            ctx.vertx().eventBus().publish(CHANGED_ADDRESS, report.toJson().getJsonObject("imported"));
            Json.send(ctx, 200, report.toJson());
        });
    }

    private void exportCsv(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        String name = file.endsWith(".csv") ? file.substring(0, file.length() - 4) : "";
        Optional<RosterKind> kind = RosterKind.fromId(name);
        Future<String> csv;
        if (kind.isPresent()) {
            csv = exporter.csv(kind.get());
        } else if (RosterExporter.DOWNLOAD_ONLY.containsKey(name)) {
            csv = exporter.csv(name);
        } else {
            String known = downloads().stream().map(d -> d + ".csv").collect(Collectors.joining(", "));
            Json.fail(ctx, new ApiError(Problem.ROSTER_FILE_NOT_FOUND, "没有这个名单文件；可以下载：" + known,
                    "no such roster file; try one of " + known));
            return;
        }
        csv.onComplete(done -> {
            if (done.failed()) {
                ApiAccess.error(ctx, done.cause());
                return;
            }
            ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
                    .end(CsvWriter.BOM + done.result());
        });
    }
}
