package io.qiaoqiao.gateway.logging;

import java.util.Locale;

/** How a log line is written: {@code log.format}. */
public enum LogFormat {
    /** For people: one line per event, a stack trace below it when there is one. */
    TEXT,
    /** For log shippers: one JSON object per line, always one line per event. */
    JSON;

    public static LogFormat parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("log.format must be text or json, not '" + name + "'");
        }
    }
}
