package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.logging.LogContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id: the client's {@code X-Request-Id} when it is sane (1-64
 * letters, digits and {@code ._:-}: a proxy's or the console's own), else a new random one. The
 * id goes back in the answer's {@code X-Request-Id}, into every problem document, and into the
 * log: the MDC while the handlers run, and the request's Vert.x context for the callbacks that
 * finish the answer later ({@link LogContext#requestOnContext}).
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "qiaoqiao.request-id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    /** Mount before every other route, so that every answer carries the id. */
    public static void mount(Router router) {
        router.route().handler(RequestIds::assign);
    }

    private static void assign(RoutingContext ctx) {
        String offered = ctx.request().getHeader(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered : generate();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        LogContext.requestOnContext(id);
        try (LogContext scope = LogContext.request(id)) {
            ctx.next();
        }
    }

    /** The id of the request being answered. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "-" : id;
    }

    static String generate() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
