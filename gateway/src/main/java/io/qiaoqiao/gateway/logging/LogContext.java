package io.qiaoqiao.gateway.logging;

import org.slf4j.MDC;

/**
 * The ticket code and the call id in the MDC, so every line logged while a ticket's work or a
 * call's script runs carries them ({@code ticket=1001}, {@code call=1795368349.12}) and a log
 * shipper can select one ticket's or one call's lines.
 *
 * <p>The MDC belongs to a thread. A Vert.x event loop runs the callbacks of many tickets in
 * turn, so it is set only around a piece of work that runs to its end on one thread, and put back
 * as it was when that piece ends (try-with-resources), never left behind for the next callback.
 * A call's script runs on its own virtual thread from start to end, so it holds the call id for
 * the whole call.
 *
 * <p>An HTTP request's answer is made of many callbacks (database rows, a worker's hash), each
 * run when its result arrives. Vert.x runs all of them on the request's own (duplicated)
 * context, so the request id is kept there too ({@link #requestOnContext}) and
 * {@link LogLineEncoder} adds it to any line logged on that context whose MDC lacks it.
 */
public final class LogContext implements AutoCloseable {
    public static final String TICKET = "ticket";
    public static final String CALL = "call";
    /** The HTTP request being answered ({@code X-Request-Id}). */
    public static final String REQUEST = "request";

    private final String key;
    private final String previous;

    private LogContext(String key, String value) {
        this.key = key;
        this.previous = MDC.get(key);
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** {@code ticket=<code>} until closed. */
    public static LogContext ticket(String code) {
        return new LogContext(TICKET, code);
    }

    /** {@code call=<id>} (Asterisk's unique id of the channel) until closed. */
    public static LogContext call(String id) {
        return new LogContext(CALL, id);
    }

    /** {@code request=<id>} until closed: the HTTP request being answered. */
    public static LogContext request(String id) {
        return new LogContext(REQUEST, id);
    }

    /** Runs {@code work} (a few log lines) with {@code ticket=<code>}, then puts the MDC back. */
    public static void withTicket(String code, Runnable work) {
        try (LogContext scope = ticket(code)) {
            scope.run(work);
        }
    }

    /** The context-local key under which the request id of an HTTP request's context is kept. */
    private static final String CONTEXT_KEY = "qiaoqiao.request-id";

    /** Keeps {@code id} on the current Vert.x context (the request's), for lines logged by its callbacks. */
    public static void requestOnContext(String id) {
        if (io.vertx.core.Vertx.currentContext() instanceof io.vertx.core.internal.ContextInternal context) {
            context.localContextData().put(CONTEXT_KEY, id);
        }
    }

    /** The request id kept on the current Vert.x context, or null off a request's context. */
    static String requestOfContext() {
        if (io.vertx.core.Vertx.currentContext() instanceof io.vertx.core.internal.ContextInternal context
                && context.isDuplicate()) {
            return context.localContextData().get(CONTEXT_KEY) instanceof String id ? id : null;
        }
        return null;
    }

    private void run(Runnable work) {
        work.run();
    }

    /** Puts back what this key held before. */
    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
