package io.qiaoqiao.gateway.ledger;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.plugin.api.Category;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger (晒单) over HTTP: {@code GET /api/ledger?month=2026-11} as JSON,
 * {@code GET /api/ledger.xlsx?month=2026-11} as a workbook (both with the month's recurring
 * help), and {@code POST /api/ledger/send} to text each village's line to the leaders of the
 * volunteer groups based in that village, through the outbox, each village audited. Without
 * {@code month}: the studio clock's month.
 */
public final class LedgerRoutes {
    private static final String LEADERS = """
            SELECT v.phone, v.name FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            WHERE v.is_leader AND v.active AND g.village = $1 ORDER BY v.id""";
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Pool pool;
    private final ZoneId zone;
    private final Texts texts;

    public LedgerRoutes(Pool pool, ZoneId zone, Texts texts) {
        this.pool = pool;
        this.zone = zone;
        this.texts = texts;
    }

    public void mount(Api api) {
        JsonObject month = new JsonObject().put("type", "string").put("pattern", "^\\d{4}-\\d{2}$");
        api.get("/api/ledger", "ledger.read").summary("一个月的晒单：全镇、按村、按志愿小组，和一对一帮扶（helpLedger）").tag("ledger")
                .query("month", month, "月份，如 2026-11（默认本月）").ok("Ledger").answer(ctx -> ledger(ctx, ctx.queryParams().get("month"))
                        .map(l -> Reply.ok(l.toJson())));
        api.get("/api/ledger.xlsx", "ledger.read").summary("一个月的晒单，Excel 文件").tag("ledger")
                .query("month", month, "月份，如 2026-11（默认本月）")
                .returns("200", "XLSX：全镇、按村、按志愿小组三张表，和一对一帮扶的一张（帮扶台账）", XLSX, new JsonObject().put("type", "string")
                        .put("contentMediaType", XLSX))
                .handler(this::xlsx);
        api.post("/api/ledger/send", "ledger.send").summary("把各村的晒单用短信发给本村志愿小组的组长（审计）").tag("ledger")
                .body("LedgerSend").ok("LedgerSent").answer(this::send);
    }

    private Future<Ledger.Month> ledger(RoutingContext ctx, String month) {
        Optional<YearMonth> asked;
        try {
            asked = Optional.ofNullable(month).map(YearMonth::parse);
        } catch (DateTimeParseException e) {
            throw ApiError.query("month", "month 应当像 2026-11", "month must look like 2026-11");
        }
        return StudioClock.now(pool).compose(now -> Ledger.of(pool, asked.orElse(YearMonth.from(now.atZone(zone))), zone, now));
    }

    private void xlsx(RoutingContext ctx) {
        Future<Ledger.Month> ledger;
        try {
            ledger = ledger(ctx, ctx.queryParams().get("month"));
        } catch (ApiError e) {
            ApiAccess.error(ctx, e);
            return;
        }
        ledger.compose(l -> ctx.vertx().executeBlocking(() -> LedgerXlsx.write(l), false).map(bytes -> {
            String name = "晒单-" + l.month() + ".xlsx";
            ctx.response().putHeader("Content-Type", XLSX)
                    .putHeader("Content-Disposition", "attachment; filename=\"ledger-" + l.month() + ".xlsx\"; filename*=UTF-8''"
                            + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                    .end(Buffer.buffer(bytes));
            return bytes;
        })).onFailure(e -> ApiAccess.error(ctx, e));
    }

    private Future<Reply> send(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("month", "villages"));
        String month = in.requiredText("month", 7);
        Optional<List<String>> only = in.strings("villages", 200, 50);
        String actor = ApiAccess.operator(ctx).actor();
        return ledger(ctx, month).compose(ledger -> pool.withTransaction(db -> {
            JsonArray sent = new JsonArray();
            JsonArray skipped = new JsonArray();
            Future<Void> chain = Future.succeededFuture();
            for (Ledger.Line line : ledger.villages()) {
                if (line.key().equals(Ledger.UNREGISTERED) || only.map(v -> !v.contains(line.key())).orElse(false)) {
                    continue;
                }
                chain = chain.compose(v -> sendTo(db, ledger, line, actor, sent, skipped));
            }
            return chain.map(v -> new JsonObject().put("month", ledger.month().toString()).put("sent", sent).put("skipped", skipped));
        })).map(Reply::ok);
    }

    private Future<Void> sendTo(SqlClient db, Ledger.Month ledger, Ledger.Line line, String actor, JsonArray sent, JsonArray skipped) {
        String text = text(ledger.month(), line);
        return db.preparedQuery(LEADERS).execute(Tuple.of(line.key())).compose(rows -> {
            if (rows.size() == 0) {
                skipped.add(new JsonObject().put("village", line.key()).put("reason", "这个村没有在岗的志愿小组组长"));
                return Future.succeededFuture();
            }
            List<Future<Void>> queued = new ArrayList<>();
            JsonArray names = new JsonArray();
            for (Row r : rows) {
                queued.add(Outbox.text(db, r.getString("phone"), text, "ledger", null));
                names.add(r.getString("name"));
            }
            sent.add(new JsonObject().put("village", line.key()).put("recipients", names).put("text", text));
            return Future.all(queued).compose(v -> OperatorAudit.append(db, actor, "ledger.send", "village:" + line.key(),
                    new JsonObject().put("month", ledger.month().toString()).put("recipients", names.size())));
        });
    }

    /** The village's line in words: 2026年11月桥头村晒单：收到求助12件（维修5件、代办4件）… */
    String text(YearMonth month, Ledger.Line line) {
        LedgerStats s = line.stats();
        List<String> categories = new ArrayList<>();
        for (Category c : Category.values()) {
            int n = s.byCategory().get(c);
            if (n > 0) {
                categories.add(c.label() + n + "件");
            }
        }
        return texts.ledgerVillage(month.getYear() + "年" + month.getMonthValue() + "月", line.key(), String.valueOf(s.requests()),
                categories.isEmpty() ? "无" : String.join("、", categories),
                s.completionRate().map(r -> Math.round(r * 100) + "%").orElse("—"),
                s.avgAcceptSeconds().map(LedgerRoutes::duration).orElse("—"),
                s.satisfaction().map(v -> v + "分").orElse("暂无"), String.valueOf(s.overdue()));
    }

    /** 38分钟, 2小时5分钟, 3天2小时. */
    static String duration(long seconds) {
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 60) {
            return minutes + "分钟";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "小时" + (minutes % 60 == 0 ? "" : minutes % 60 + "分钟");
        }
        return hours / 24 + "天" + (hours % 24 == 0 ? "" : hours % 24 + "小时");
    }
}
