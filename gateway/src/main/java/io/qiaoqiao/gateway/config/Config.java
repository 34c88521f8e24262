package io.qiaoqiao.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The gateway's configuration: documented defaults, then the config file, then the
 * environment. Keys are looked up by name; every key that exists has a default in
 * {@code qiaoqiao-defaults.properties}, so asking for an unknown key is a programming error.
 */
public final class Config {
    private static final String DEFAULTS = "/qiaoqiao-defaults.properties";
    private static final String ENV_PREFIX = "QIAOQIAO_";

    private final Map<String, String> values;
    // Where the values came from, so that reload() can read them again.
    private final Path file;
    private final Map<String, String> env;
    private final Map<String, String> overrides;

    private Config(Map<String, String> values, Path file, Map<String, String> env, Map<String, String> overrides) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.file = file;
        this.env = Map.copyOf(env);
        this.overrides = Map.copyOf(overrides);
    }

    /** Defaults, overridden by {@code file} (may be null), overridden by {@code env}. */
    public static Config load(Path file, Map<String, String> env) {
        Map<String, String> merged = new LinkedHashMap<>(defaults());
        if (file != null) {
            merged.putAll(readProperties(file));
        }
        for (String key : merged.keySet().toArray(String[]::new)) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                merged.put(key, fromEnv);
            }
        }
        return new Config(merged, file, env, Map.of());
    }

    /** Defaults plus the given overrides: for tests and embedded use. */
    public static Config of(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(defaults());
        merged.putAll(overrides);
        return new Config(merged, null, Map.of(), overrides);
    }

    /** A copy with some keys changed. */
    public Config with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        Map<String, String> allOverrides = new LinkedHashMap<>(this.overrides);
        allOverrides.putAll(overrides);
        return new Config(merged, file, env, allOverrides);
    }

    /**
     * The configuration read again from where it came from: the same file (its current
     * content), the same environment and the same programmatic overrides. Used by the plugin
     * reload; throws {@link IllegalArgumentException} when the file cannot be read.
     */
    public Config reload() {
        return (file == null ? of(Map.of()) : load(file, env)).with(overrides);
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown configuration key: " + key);
        }
        return value.trim();
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + string(key) + "'", e);
        }
    }

    public double decimal(String key) {
        try {
            return Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + string(key) + "'", e);
        }
    }

    public boolean flag(String key) {
        String value = string(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        };
    }

    public Duration duration(String key) {
        try {
            return Duration.parse(string(key));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT10M, got '" + string(key) + "'", e);
        }
    }

    /**
     * A secret: the key's value, or the first line of the file named by {@code key + "-file"}.
     * Never logged.
     */
    public String secret(String key) {
        String direct = string(key);
        if (!direct.isEmpty()) {
            return direct;
        }
        String fileKey = key + "-file";
        String file = values.containsKey(fileKey) ? string(fileKey) : "";
        if (file.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + fileKey + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** All keys starting with {@code prefix}, with the prefix removed. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.trim());
            }
        });
        return out;
    }

    private static Map<String, String> defaults() {
        try (InputStream in = Config.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the class path");
            }
            return toMap(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return toMap(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> toMap(InputStream in) throws IOException {
        Properties props = new Properties();
        try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
        return map;
    }
}
