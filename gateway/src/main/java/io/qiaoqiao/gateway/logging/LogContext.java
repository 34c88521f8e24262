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
 */
public final class LogContext implements AutoCloseable {
    public static final String TICKET = "ticket";
    public static final String CALL = "call";

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

    /** Runs {@code work} (a few log lines) with {@code ticket=<code>}, then puts the MDC back. */
    public static void withTicket(String code, Runnable work) {
        try (LogContext scope = ticket(code)) {
            scope.run(work);
        }
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
