package io.qiaoqiao.gateway.helpledger;

import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.ApiRoutes;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.QueryParams;
import io.qiaoqiao.gateway.recurring.Schedule;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.qiaoqiao.gateway.recurring.ScheduleText;
import io.qiaoqiao.plugin.api.Category;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one-to-one help ledger over HTTP (scopes {@code ledger.read}, {@code ledger.write}; changes
 * audited):
 * <ul>
 *   <li>{@code POST /api/ledger/items} {residentId, label, schedule, category, volunteerId, startsOn,
 *   notes}, or {residentId, entry: "电费 每月5日", …}: 201 with the item and its next occurrence;</li>
 *   <li>{@code GET /api/ledger/items?residentId=&volunteerId=&active=&after=&limit=},
 *   {@code GET /api/ledger/items/{id}}, {@code PATCH /api/ledger/items/{id}} (any field; active=false stops it);</li>
 *   <li>{@code GET /api/residents/{id}/ledger}: the resident's items and every occurrence with its outcome;</li>
 *   <li>{@code GET /api/ledger/occurrences?month=2026-02&village=&volunteerId=&outcome=&after=&limit=}: the
 *   ledger's rows (view {@code help_ledger}) with the month's counts, as the 晒单 counts them.</li>
 * </ul>
 */
public final class LedgerRoutes implements ApiRoutes {
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

    public LedgerRoutes(HelpItems items, LedgerQueries queries) {
        this.items = items;
        this.queries = queries;
    }

    @Override
    public void mount(Router router, ApiAccess access) {
        router.post("/api/ledger/items").handler(ApiAccess.jsonBody()).handler(access.require("ledger.write"))
                .handler(ApiAccess.answer(this::create));
        router.get("/api/ledger/items").handler(access.require("ledger.read")).handler(ApiAccess.answer(ctx -> items.list(
                QueryParams.id(ctx, "residentId"), QueryParams.id(ctx, "volunteerId"),
                QueryParams.oneOf(ctx, "active", Set.of("true", "false")).map(Boolean::parseBoolean),
                QueryParams.id(ctx, "after"), ApiAccess.queryInt(ctx, "limit", 100, 1, 500)).map(Reply::ok)));
        router.get("/api/ledger/items/:id").handler(access.require("ledger.read"))
                .handler(ApiAccess.answer(ctx -> items.one(ApiAccess.pathId(ctx, "id")).map(Reply::ok)));
        router.patch("/api/ledger/items/:id").handler(ApiAccess.jsonBody()).handler(access.require("ledger.write"))
                .handler(ApiAccess.answer(this::update));
        router.get("/api/residents/:id/ledger").handler(access.require("ledger.read"))
                .handler(ApiAccess.answer(ctx -> queries.resident(ApiAccess.pathId(ctx, "id")).map(Reply::ok)));
        router.get("/api/ledger/occurrences").handler(access.require("ledger.read")).handler(ApiAccess.answer(this::occurrences));
    }

    private Future<Reply> create(RoutingContext ctx) {
        Input in = ApiAccess.body(ctx).onlyFields(ITEM_FIELDS);
        long residentId = in.requiredInteger("residentId", 1, Long.MAX_VALUE);
        String label;
        Schedule schedule;
        if (in.has("entry")) {
            if (in.has("label") || in.has("schedule")) {
                throw ApiError.badRequest("give either 'entry' (电费 每月5日) or 'label' and 'schedule', not both");
            }
            Entry entry = Entry.parse(in.requiredText("entry", LABEL_MAX + 40));
            label = entry.label();
            schedule = entry.schedule();
        } else {
            label = in.requiredText("label", LABEL_MAX);
            schedule = schedule(ctx).orElseThrow(() -> ApiError.badRequest("field 'schedule' is required, e.g. \"每月5日\""));
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
                throw ApiError.badRequest("query parameter month must look like 2026-02");
            }
        });
        return queries.occurrences(new LedgerQueries.Filter(month, Optional.ofNullable(ctx.queryParams().get("village")),
                QueryParams.id(ctx, "volunteerId"), QueryParams.oneOf(ctx, "outcome", LedgerQueries.OUTCOMES)),
                QueryParams.id(ctx, "after"), ApiAccess.queryInt(ctx, "limit", 200, 1, 1000)).map(Reply::ok);
    }

    private static Optional<Schedule> schedule(RoutingContext ctx) {
        Object value = ctx.body().asJsonObject().getValue("schedule");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScheduleJson.fromInput(value));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("field 'schedule': " + e.getMessage());
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
                throw ApiError.badRequest("field 'startsOn' must be a date such as 2026-03-01");
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
            throw ApiError.badRequest("field 'entry': '" + text + "' is not an item and its schedule, e.g. 电费 每月5日, "
                    + "购物 每周二上午, 探访 每两周");
        }
    }
}
