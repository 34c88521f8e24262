package io.qiaoqiao.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Query parameters of list routes, read with a 400 that names what is wrong. */
public final class QueryParams {
    private QueryParams() {
    }

    /** One of {@code allowed}, or empty when absent. */
    public static Optional<String> oneOf(RoutingContext ctx, String name, Set<String> allowed) {
        String value = ctx.queryParams().get(name);
        if (value != null && !allowed.contains(value)) {
            throw ApiError.query(name, "查询参数 " + name + " 应当是 " + new TreeSet<>(allowed) + " 之一，现在是“" + value + "”",
                    "query parameter " + name + " must be one of " + new TreeSet<>(allowed));
        }
        return Optional.ofNullable(value);
    }

    /** An id to filter by, or empty when absent (cursors are {@link Page}'s). */
    public static Optional<Long> id(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw ApiError.query(name, "查询参数 " + name + " 必须是编号（整数），现在是“" + value + "”",
                    "query parameter " + name + " must be an id (a whole number), got '" + value + "'");
        }
    }
}
