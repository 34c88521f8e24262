package io.qiaoqiao.plugin.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The kinds of value a configuration key holds, for the gateway's own keys and for the
 * settings a plugin declares alike: one set of parse rules, so a value that passes the
 * gateway's start-up check is one the plugin's {@link PluginSettings} getter accepts.
 * A blank value always passes: it means "not set" (the default applies).
 */
public enum SettingType {
    /** Free text. */
    STRING("text"),
    /** A whole number such as {@code 30}. */
    INTEGER("a whole number"),
    /** A number such as {@code 0.6}. */
    DECIMAL("a number"),
    /** {@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}. */
    FLAG("true or false"),
    /** An ISO-8601 duration such as {@code PT10M} or {@code -PT8H}. */
    DURATION("an ISO-8601 duration such as PT10M"),
    /** A time of day such as {@code 21:30}. */
    TIME("a time of day such as 21:30"),
    /** A time zone id such as {@code Asia/Shanghai}. */
    ZONE("a time zone such as Asia/Shanghai"),
    /** A file or directory name. */
    PATH("a file or directory name"),
    /** Items separated by commas (ASCII or full-width). */
    LIST("a comma-separated list");

    private final String expected;

    SettingType(String expected) {
        this.expected = expected;
    }

    /** What a valid value looks like, for error messages: "must be " + expected(). */
    public String expected() {
        return expected;
    }

    /** Whether {@code raw} is a valid value of this type; blank is always valid. */
    public boolean accepts(String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            return true;
        }
        try {
            switch (this) {
                case INTEGER -> Integer.parseInt(v);
                case DECIMAL -> {
                    if (!Double.isFinite(Double.parseDouble(v))) {
                        return false;
                    }
                }
                case FLAG -> parseFlag(v);
                case DURATION -> Duration.parse(v);
                case TIME -> LocalTime.parse(v);
                case ZONE -> ZoneId.of(v);
                case PATH -> Path.of(v);
                case STRING, LIST -> {
                    // any text
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The flag a value stands for; throws {@link IllegalArgumentException} for anything else. */
    static boolean parseFlag(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(v);
        };
    }
}
