package io.qiaoqiao.plugin.api;

import java.util.Objects;

/**
 * One setting a plugin reads, as {@link QiaoqiaoPlugin#settings()} declares it. The gateway
 * uses the declarations to validate values at start-up, to list them (with their defaults) in
 * {@code check-config}, and to map environment variables onto them: {@code QIAOQIAO_PLUGIN_} +
 * the plugin id + the key, upper-cased with {@code .} and {@code -} as {@code _}, names a
 * declared key and nothing else.
 *
 * <p>A key may end in a placeholder for a family of keys, such as {@code start.<category>}:
 * any key that starts with {@code start.} belongs to it. From the environment the part that
 * fills the placeholder is taken in lower case with {@code _} as {@code -}
 * ({@code QIAOQIAO_PLUGIN_TRIAGE_START_MEDIATION} is {@code plugin.triage.start.mediation}).
 *
 * @param key          the key without the {@code plugin.<id>.} prefix, e.g. {@code start} or
 *                     {@code timeout.<step>}
 * @param type         what a valid value looks like
 * @param defaultValue the value the plugin uses when the key is not set, as text ({@code ""}:
 *                     none, or one the plugin computes; say which in {@code doc})
 * @param doc          one line for operators
 */
public record Setting(String key, SettingType type, String defaultValue, String doc) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
        if (key.isBlank() || key.startsWith(".") || key.endsWith(".")) {
            throw new IllegalArgumentException("a setting key must be a name such as 'start' or 'timeout.liaison', got '" + key + "'");
        }
        int open = key.indexOf('<');
        if (open >= 0 && (open == 0 || key.charAt(open - 1) != '.' || !key.endsWith(">") || key.indexOf('<', open + 1) >= 0)) {
            throw new IllegalArgumentException("a placeholder must be the last part of the key, as in 'start.<category>', got '" + key + "'");
        }
        if (!type.accepts(defaultValue)) {
            throw new IllegalArgumentException("the default of " + key + " must be " + type.expected() + ", got '" + defaultValue + "'");
        }
    }

    /** A setting with a default. */
    public static Setting of(String key, SettingType type, String defaultValue, String doc) {
        return new Setting(key, type, defaultValue, doc);
    }

    /** Whether this declares a family of keys ({@code start.<category>}) rather than one key. */
    public boolean isFamily() {
        return key.endsWith(">");
    }

    /** For a family, what every key of it starts with ({@code start.}); for one key, the key. */
    public String prefix() {
        return isFamily() ? key.substring(0, key.indexOf('<')) : key;
    }

    /** Whether {@code name} (without the plugin prefix) is this key or a member of this family. */
    public boolean covers(String name) {
        return isFamily() ? name.startsWith(prefix()) && name.length() > prefix().length() : name.equals(key);
    }
}
