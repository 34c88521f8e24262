package io.qiaoqiao.gateway.config;

import io.qiaoqiao.plugin.api.SettingType;
import java.util.Locale;

/**
 * One declared configuration key, or a family of keys whose name ends in placeholders
 * ({@code routing.weight.<rule>}, {@code plugin.<id>.<key>}).
 *
 * @param name         the key, e.g. {@code smpp.port}
 * @param type         what a valid value looks like; checked at start-up
 * @param defaultValue the value when neither the file nor the environment sets one ({@code ""}: empty)
 * @param doc          one line for operators (README's table is made of these)
 * @param secret       never printed or logged: {@code check-config} shows {@code ****}
 */
public record ConfigKey(String name, SettingType type, String defaultValue, String doc, boolean secret) {
    static final String ENV_PREFIX = "QIAOQIAO_";

    public ConfigKey {
        if (!type.accepts(defaultValue)) {
            throw new IllegalArgumentException("the default of " + name + " must be " + type.expected() + ", got '" + defaultValue + "'");
        }
    }

    /** Whether this declares a family of keys rather than one key. */
    public boolean isFamily() {
        return name.indexOf('<') >= 0;
    }

    /** What every key of the family starts with ({@code routing.weight.}); for one key, the key itself. */
    public String prefix() {
        int open = name.indexOf('<');
        return open < 0 ? name : name.substring(0, open);
    }

    /** Whether {@code key} is this key or a member of this family. */
    public boolean covers(String key) {
        return isFamily() ? key.startsWith(prefix()) && key.length() > prefix().length() : key.equals(name);
    }

    /** The environment variable that sets {@code key}: QIAOQIAO_, upper case, {@code .} and {@code -} as {@code _}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
