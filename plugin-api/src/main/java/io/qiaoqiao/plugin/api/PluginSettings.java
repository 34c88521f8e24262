package io.qiaoqiao.plugin.api;

import java.util.Map;
import java.util.Optional;

/**
 * A plugin's own settings, read by the gateway from its configuration under
 * {@code plugin.<plugin id>.<key>}.
 *
 * @param values key (without the plugin prefix) to raw value
 */
public record PluginSettings(Map<String, String> values) {
    public PluginSettings {
        values = Map.copyOf(values);
    }

    /** No settings at all. */
    public static PluginSettings empty() {
        return new PluginSettings(Map.of());
    }

    /** The raw value of a key, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of a key, or the default when it is not set. */
    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }
}
