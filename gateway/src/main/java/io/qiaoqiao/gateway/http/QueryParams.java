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
            throw ApiError.badRequest("query parameter " + name + " must be one of " + new TreeSet<>(allowed));
        }
        return Optional.ofNullable(value);
    }

    /** An id (a filter, or a cursor such as {@code before}/{@code after}), or empty when absent. */
    public static Optional<Long> id(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter " + name + " must be an id (a whole number), got '" + value + "'");
        }
    }
}
