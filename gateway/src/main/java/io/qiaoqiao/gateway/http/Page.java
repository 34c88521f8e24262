package io.qiaoqiao.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Cursor pagination of a list, newest first: {@code ?before=<id>&limit=<n>} asks for the
 * {@code n} items whose id is below {@code before}. The answer holds the items and {@code next},
 * the link to the following page (the same query with {@code before} set to the last id), or
 * null when there is nothing more; a {@code Link: <...>; rel="next"} header says the same. A
 * page is never cut short silently: a limit above the maximum is refused, and {@code next} is
 * there whenever one more item exists (the query fetches {@link #fetch()} rows to know).
 *
 * @param before only items with a smaller id ({@link Long#MAX_VALUE}: from the newest)
 * @param limit  how many items the page holds at most
 */
public record Page(long before, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    /** The page a request asks for. */
    public static Page of(RoutingContext ctx) {
        return of(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    }

    public static Page of(RoutingContext ctx, int defaultLimit, int maxLimit) {
        String raw = ctx.queryParams().get("before");
        long before = Long.MAX_VALUE;
        if (raw != null) {
            try {
                before = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                before = -1;
            }
            if (before < 1) {
                throw ApiError.query("before", "查询参数 before 必须是正整数（上一页 next 中的编号）",
                        "query parameter before must be a positive whole number (from the previous page's next)");
            }
        }
        return new Page(before, ApiAccess.queryInt(ctx, "limit", defaultLimit, 1, maxLimit));
    }

    /** Rows to ask the database for: one more than the page holds, to know whether there is a next page. */
    public int fetch() {
        return limit + 1;
    }

    /**
     * The answer: {@code key} holds at most {@link #limit} of {@code fetched} (asked for with
     * {@link #fetch()}, newest first), {@code next} links to the rest.
     */
    public JsonObject answer(RoutingContext ctx, String key, List<JsonObject> fetched, ToLongFunction<JsonObject> id) {
        boolean more = fetched.size() > limit;
        List<JsonObject> items = more ? fetched.subList(0, limit) : fetched;
        String next = more ? link(ctx, "before", String.valueOf(id.applyAsLong(items.getLast()))) : null;
        if (next != null) {
            ctx.response().putHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        return new JsonObject().put(key, new JsonArray(List.copyOf(items))).put("next", next);
    }

    /** The request's own path and query with {@code name} set to {@code value} (and the same limit). */
    public static String link(RoutingContext ctx, String name, String value) {
        StringBuilder out = new StringBuilder(ctx.request().path());
        char sep = '?';
        MultiMap params = ctx.queryParams();
        for (String param : params.names()) {
            if (param.equals(name)) {
                continue;
            }
            for (String v : params.getAll(param)) {
                out.append(sep).append(encode(param)).append('=').append(encode(v));
                sep = '&';
            }
        }
        return out.append(sep).append(encode(name)).append('=').append(encode(value)).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
