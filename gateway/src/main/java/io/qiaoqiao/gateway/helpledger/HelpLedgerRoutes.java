package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.QueryParams;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.qiaoqiao.gateway.recurring.ScheduleText;
import io.qiaoqiao.plugin.api.Category;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one-to-one help ledger (帮扶台账) over HTTP, under {@code /api/help-ledger/}: scopes
 * {@code help-ledger.read} and {@code help-ledger.write} (not {@code ledger.*}, which is the
 * 晒单's monthly ledger); changes audited in their transaction ({@code help-ledger.item.create},
 * {@code help-ledger.item.update}). An item is written as {@code "电费 每月5日"} or as a label
 * and a schedule; lists are cursor pages ({@link Page}), the newest first.
 */
public final class HelpLedgerRoutes {
    private static final Set<String> ITEM_FIELDS = Set.of("residentId", "label", "entry", "schedule", "category", "volunteerId",
            "startsOn", "notes");
    private static final Set<String> CHANGE_FIELDS = Set.of("label", "schedule", "category", "volunteerId", "startsOn", "notes",
            "active");
    private static final Set<String> CATEGORIES = Arrays.stream(Category.values()).map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    private static final int LABEL_MAX = 30;
    private static final int NOTES_MAX = 200;

    private final HelpItems items;
    private final LedgerQueries queries;

    public HelpLedgerRoutes(HelpItems items, LedgerQueries queries) {
        this.items = items;
        this.queries = queries;
    }

    public void mount(Api api) {
        api.post("/api/help-ledger/items", "help-ledger.write").summary("新增一条帮扶事项，如“电费 每月5日”（审计）").tag("help-ledger")
                .body("HelpItemCreate").created("HelpItem").problems(409).answer(this::create);
        api.get("/api/help-ledger/items", "help-ledger.read").summary("帮扶事项（新的在前），各带下一次").tag("help-ledger")
                .query("residentId", "integer", "只要这位居民的").query("volunteerId", "integer", "只要结对的是这位志愿者的")
                .queryOneOf("active", List.of("true", "false"), "是否还在进行").paged().ok("HelpItemPage")
                .answer(ctx -> {
                    Page page = Page.of(ctx);
                    return items.list(QueryParams.id(ctx, "residentId"), QueryParams.id(ctx, "volunteerId"),
                                    QueryParams.oneOf(ctx, "active", Set.of("true", "false")).map(Boolean::parseBoolean), page)
                            .map(rows -> Reply.ok(page.answer(ctx, "items", rows, i -> i.getLong("id"))));
                });
        api.get("/api/help-ledger/items/{id}", "help-ledger.read").summary("一条帮扶事项").tag("help-ledger").ok("HelpItem")
                .problems(404).answer(ctx -> items.one(ApiAccess.pathId(ctx, "id")).map(Reply::ok));
        api.patch("/api/help-ledger/items/{id}", "help-ledger.write").summary("修改给出的字段；active=false 停止这条事项（审计）")
                .tag("help-ledger").body("HelpItemChange").ok("HelpItem").problems(404, 409).answer(this::update);
        api.get("/api/help-ledger/residents/{id}", "help-ledger.read").summary("一位居民的帮扶台账：全部事项，和每一次的结果（分页）")
                .tag("help-ledger").paged().ok("HelpLedgerOfResident").problems(404)
                .answer(ctx -> {
                    Page page = Page.of(ctx);
                    return queries.resident(ApiAccess.pathId(ctx, "id"), page).map(found -> {
                        JsonObject occurrences = page.answer(ctx, "occurrences", found.occurrences(), o -> o.getLong("id"));
                        return Reply.ok(found.resident().put("occurrences", occurrences.getJsonArray("occurrences"))
                                .put("next", occurrences.getString("next")));
                    });
                });
        api.get("/api/help-ledger/occurrences", "help-ledger.read").summary("台账的每一次（新的在前）和这个月的统计，晒单同样这样数")
                .tag("help-ledger")
                .query("month", new JsonObject().put("type", "string").put("pattern", "^\\d{4}-\\d{2}$"), "月份，如 2026-02")
                .query("village", "string", "村").query("volunteerId", "integer", "结对或办理的志愿者")
                .queryOneOf("outcome", List.copyOf(new java.util.TreeSet<>(LedgerQueries.OUTCOMES)), "结果").paged()
                .ok("HelpOccurrencePage").answer(this::occurrences);
    }

    private Future<Reply> create(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(ITEM_FIELDS);
        long residentId = in.requiredInteger("residentId", 1, Long.MAX_VALUE);
        String label;
        Schedule schedule;
        if (in.has("entry")) {
            if (in.has("label") || in.has("schedule")) {
                throw ApiError.field("entry", "entry（如“电费 每月5日”）和 label、schedule 只能给一种",
                        "give either 'entry' (电费 每月5日) or 'label' and 'schedule', not both");
            }
            Entry entry = Entry.parse(in.requiredText("entry", LABEL_MAX + 40));
            label = entry.label();
            schedule = entry.schedule();
        } else {
            label = in.requiredText("label", LABEL_MAX);
            schedule = schedule(ctx).orElseThrow(() -> ApiError.field("schedule", "缺少字段 schedule，如“每月5日”",
                    "field 'schedule' is required, e.g. \"每月5日\""));
        }
        HelpItems.NewItem item = new HelpItems.NewItem(residentId, label, category(in).orElse(Category.ERRAND),
                in.integer("volunteerId", 1, Long.MAX_VALUE), schedule, date(in), in.text("notes", NOTES_MAX).orElse(""));
        return items.create(item, ApiAccess.operator(ctx).actor()).map(Reply::created);
    }

    private Future<Reply> update(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(CHANGE_FIELDS);
        Optional<Optional<Long>> volunteer = !in.has("volunteerId") ? Optional.empty()
                : Optional.of(ctx.body().asJsonObject().getValue("volunteerId") == null ? Optional.empty()
                        : in.integer("volunteerId", 1, Long.MAX_VALUE));
        HelpItems.Change change = new HelpItems.Change(in.text("label", LABEL_MAX).filter(l -> !l.isEmpty()), category(in), volunteer,
                schedule(ctx), date(in), in.text("notes", NOTES_MAX), in.bool("active"));
        return items.update(ApiAccess.pathId(ctx, "id"), change, ApiAccess.operator(ctx).actor()).map(Reply::ok);
    }

    private Future<Reply> occurrences(RoutingContext ctx) {
        Optional<String> month = Optional.ofNullable(ctx.queryParams().get("month"));
        month.ifPresent(m -> {
            if (!m.matches("[0-9]{4}-[0-9]{2}")) {
                throw ApiError.query("month", "month 应当像 2026-02", "query parameter month must look like 2026-02");
            }
        });
        Page page = Page.of(ctx);
        return queries.occurrences(new LedgerQueries.Filter(month, Optional.ofNullable(ctx.queryParams().get("village")),
                QueryParams.id(ctx, "volunteerId"), QueryParams.oneOf(ctx, "outcome", LedgerQueries.OUTCOMES)), page)
                .map(found -> Reply.ok(page.answer(ctx, "occurrences", found.rows(), o -> o.getLong("id")).put("counts", found.counts())));
    }

    private static Optional<Schedule> schedule(RoutingContext ctx) {
        Object value = ctx.body().asJsonObject().getValue("schedule");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScheduleJson.fromInput(value));
        } catch (IllegalArgumentException e) {
            throw ApiError.field("schedule", "字段 schedule 看不懂：请写成“每月5日”“每周二上午”“每两周”这样",
                    "field 'schedule': " + e.getMessage());
        }
    }

    private static Optional<Category> category(Input in) {
        return in.oneOf("category", CATEGORIES).map(c -> Category.valueOf(c.toUpperCase(Locale.ROOT)));
    }

    private static Optional<LocalDate> date(Input in) {
        return in.text("startsOn", 10).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiError.field("startsOn", "字段 startsOn 应当是日期，如 2026-03-01", "field 'startsOn' must be a date such as 2026-03-01");
            }
        });
    }

    /** {@code 电费 每月5日}, {@code 购物每周二上午}: a label, then a schedule. */
    record Entry(String label, Schedule schedule) {
        static Entry parse(String text) {
            String trimmed = text.strip();
            for (int i = 1; i < trimmed.length(); i++) {
                String label = trimmed.substring(0, i).strip();
                String rest = trimmed.substring(i).strip();
                if (label.isEmpty() || rest.isEmpty() || !"每隔周星礼".contains(rest.substring(0, 1))) {
                    continue;
                }
                try {
                    return new Entry(label, ScheduleText.parse(rest));
                } catch (IllegalArgumentException e) {
                    // the schedule starts later in the text
                }
            }
            throw ApiError.field("entry", "“" + text + "”看不出事项和时间：请写成“电费 每月5日”“购物 每周二上午”“探访 每两周”这样",
                    "field 'entry': '" + text + "' is not an item and its schedule, e.g. 电费 每月5日, 购物 每周二上午, 探访 每两周");
        }
    }
}
