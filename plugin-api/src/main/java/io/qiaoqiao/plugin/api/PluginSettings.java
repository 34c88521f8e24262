package io.qiaoqiao.plugin.api;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plugin's own settings, read by the gateway from its configuration under
 * {@code plugin.<plugin id>.<key>} (and so overridable from the environment like every key).
 * The typed getters throw {@link IllegalArgumentException} naming the key and the bad value,
 * which is how a plugin rejects invalid settings on load or reload.
 *
 * @param pluginId the plugin the settings belong to, used in error messages
 * @param values   key (without the plugin prefix) to raw value
 */
public record PluginSettings(String pluginId, Map<String, String> values) {
    public PluginSettings {
        values = Map.copyOf(values);
    }

    /** Settings for tests and plugins without configuration. */
    public static PluginSettings of(String pluginId, Map<String, String> values) {
        return new PluginSettings(pluginId, values);
    }

    /** No settings at all. */
    public static PluginSettings empty(String pluginId) {
        return new PluginSettings(pluginId, Map.of());
    }

    /** The raw value of a key, if set and not blank. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** The value of a key, or the default when it is not set. */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** Every key starting with {@code prefix}, the prefix removed, in key order. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.strip());
            }
        });
        return out;
    }

    /** A whole number. */
    public int integer(String key, int defaultValue) {
        return parse(key, defaultValue, Integer::parseInt, "a whole number");
    }

    /** A decimal number. */
    public double decimal(String key, double defaultValue) {
        return parse(key, defaultValue, Double::parseDouble, "a number");
    }

    /** An ISO-8601 duration such as {@code PT30M}. */
    public Duration duration(String key, Duration defaultValue) {
        return parse(key, defaultValue, Duration::parse, "an ISO-8601 duration such as PT30M");
    }

    /** A time of day such as {@code 21:30}. */
    public LocalTime time(String key, LocalTime defaultValue) {
        return parse(key, defaultValue, LocalTime::parse, "a time of day such as 21:30");
    }

    /** true/false, yes/no, on/off. */
    public boolean flag(String key, boolean defaultValue) {
        return parse(key, defaultValue, SettingType::parseFlag, SettingType.FLAG.expected());
    }

    /** A list separated by commas (ASCII or full-width), blanks dropped. */
    public List<String> list(String key, String defaultValue) {
        return Arrays.stream(get(key, defaultValue).split("[,，]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The exception a plugin throws for a setting it cannot use. */
    public IllegalArgumentException invalid(String key, String why) {
        return new IllegalArgumentException("plugin." + pluginId + "." + key + ": " + why);
    }

    private <T> T parse(String key, T defaultValue, Parser<T> parser, String expected) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.parse(raw.get());
        } catch (RuntimeException e) {
            throw invalid(key, "must be " + expected + ", got '" + raw.get() + "'");
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String raw) throws DateTimeParseException;
    }
}
