package io.qiaoqiao.gateway.config;

import io.qiaoqiao.plugin.api.SettingType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The gateway's configuration: the declared defaults ({@link Keys}), then the config file,
 * then the environment, then values set by code ({@link #of}, {@link #with}). Every key can be
 * set from the environment as {@code QIAOQIAO_} + the key upper-cased with {@code .} and
 * {@code -} as {@code _}. Variables of the key families ({@code QIAOQIAO_PLUGIN_*},
 * {@code QIAOQIAO_ROUTING_WEIGHT_*}) wait until the plugins are known and are resolved with
 * {@link #resolveEnvironment}: their names alone are ambiguous.
 *
 * <p>Loading never fails on a value: {@link #problems()} lists what does not fit its type and
 * {@link #requireValid()} turns that into one error, so {@code check-config} can show all of it.
 */
public final class Config {
    private final Map<String, String> values;
    private final Map<String, Origin> origins;
    /** Family variables not yet resolved, by name. */
    private final Map<String, String> pending;
    private final List<String> warnings;
    // Where the values came from, so that reload() can read them again.
    private final Path file;
    private final Map<String, String> env;
    private final Map<String, String> overrides;

    /** Where a value came from. */
    public enum Source { DEFAULT, FILE, ENVIRONMENT, CODE }

    /**
     * @param source where the value came from
     * @param detail the file or the variable's name; empty for defaults and code
     */
    public record Origin(Source source, String detail) {
        static final Origin DEFAULT = new Origin(Source.DEFAULT, "");
        static final Origin CODE = new Origin(Source.CODE, "");

        @Override
        public String toString() {
            String name = source.name().toLowerCase(Locale.ROOT);
            return detail.isEmpty() ? name : name + " " + detail;
        }
    }

    /** A configuration with some family variables resolved, and what could not be. */
    public record Resolved(Config config, List<String> warnings) {
    }

    private Config(Map<String, String> values, Map<String, Origin> origins, Map<String, String> pending,
                   List<String> warnings, Path file, Map<String, String> env, Map<String, String> overrides) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Map.copyOf(origins);
        this.pending = Map.copyOf(pending);
        this.warnings = List.copyOf(warnings);
        this.file = file;
        this.env = Map.copyOf(env);
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Defaults, overridden by {@code file} (may be null), overridden by {@code env}. Unknown
     * keys in the file and {@code QIAOQIAO_*} variables that match no key are left out and
     * listed in {@link #warnings()}.
     */
    public static Config load(Path file, Map<String, String> env) {
        Map<String, String> values = defaults();
        Map<String, Origin> origins = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (file != null) {
            Origin fromFile = new Origin(Source.FILE, file.toString());
            readProperties(file).forEach((key, value) -> {
                if (Keys.find(key).isPresent()) {
                    values.put(key, value);
                    origins.put(key, fromFile);
                } else {
                    warnings.add("unknown key '" + key + "' in " + file + ": ignored");
                }
            });
        }
        Map<String, String> pending = new TreeMap<>();
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith(ConfigKey.ENV_PREFIX) || name.equals(Keys.CONFIG_FILE_ENV)) {
                return;
            }
            var key = Keys.byEnvName(name);
            if (key.isPresent()) {
                values.put(key.get().name(), value);
                origins.put(key.get().name(), new Origin(Source.ENVIRONMENT, name));
            } else if (name.startsWith(envName(Keys.PLUGIN_PREFIX)) || name.startsWith(envName(Keys.WEIGHT_PREFIX))) {
                pending.put(name, value);
            } else {
                warnings.add("environment variable " + name + " matches no configuration key: ignored");
            }
        });
        return new Config(values, origins, pending, warnings, file, env, Map.of());
    }

    /** Defaults plus the given overrides: for tests and embedded use. */
    public static Config of(Map<String, String> overrides) {
        return new Config(defaults(), Map.of(), Map.of(), List.of(), null, Map.of(), Map.of()).with(overrides);
    }

    /**
     * A copy with some keys changed; they win over the file and the environment, also after
     * {@link #reload()}. Throws {@link IllegalArgumentException} for a key nobody declared.
     */
    public Config with(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        Map<String, Origin> allOrigins = new LinkedHashMap<>(origins);
        changes.forEach((key, value) -> {
            declaration(key);
            merged.put(key, value);
            allOrigins.put(key, Origin.CODE);
        });
        Map<String, String> allOverrides = new LinkedHashMap<>(overrides);
        allOverrides.putAll(changes);
        return new Config(merged, allOrigins, pending, warnings, file, env, allOverrides);
    }

    /**
     * The configuration read again from where it came from: the same file (its current
     * content), the same environment and the same programmatic overrides. Used by the plugin
     * reload; throws {@link IllegalArgumentException} when the file cannot be read.
     */
    public Config reload() {
        return (file == null ? of(Map.of()) : load(file, env)).with(overrides);
    }

    /**
     * Resolves the pending variables whose names start with {@code envPrefix} against
     * {@code names}; a key also set by code keeps the code's value. Every variable that
     * names nothing or is ambiguous is ignored with a warning ending in {@code hint}.
     */
    public Resolved resolveEnvironment(String envPrefix, FamilyNames names, String hint) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        Map<String, Origin> allOrigins = new LinkedHashMap<>(origins);
        Map<String, String> left = new TreeMap<>(pending);
        List<String> unresolved = new ArrayList<>();
        pending.forEach((name, value) -> {
            if (!name.startsWith(envPrefix)) {
                return;
            }
            left.remove(name);
            switch (names.resolve(name)) {
                case FamilyNames.Match.Key k when overrides.containsKey(k.key()) -> {
                    // set by code: that wins, as for every other key
                }
                case FamilyNames.Match.Key k -> {
                    merged.put(k.key(), value);
                    allOrigins.put(k.key(), new Origin(Source.ENVIRONMENT, name));
                }
                case FamilyNames.Match.Ambiguous a -> unresolved.add("environment variable " + name + " could be any of "
                        + a.keys() + ": ignored; set the key you mean in the config file");
                case FamilyNames.Match.None n -> unresolved.add("environment variable " + name
                        + " matches no configuration key: ignored; " + hint);
            }
        });
        return new Resolved(new Config(merged, allOrigins, left, warnings, file, env, overrides), unresolved);
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return ConfigKey.envName(key);
    }

    /** What loading found odd but not fatal: unknown keys in the file, unknown variables. */
    public List<String> warnings() {
        return warnings;
    }

    /** The file the configuration was read from, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Every key that has a value, in key order. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    /** Where the value of {@code key} came from. */
    public Origin origin(String key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }

    /** The value for display: secrets as {@code ****} (when set), a password in a URI masked. */
    public String shown(String key) {
        String value = string(key);
        if (Keys.find(key).map(ConfigKey::secret).orElse(false)) {
            return value.isEmpty() ? "" : "****";
        }
        return value.replaceAll("(://[^:/@]+:)[^@/]*@", "$1****@");
    }

    /**
     * Every value that does not fit its declared type, as "key = 'value': must be …". Family
     * keys are checked against the family's type; a plugin's own keys are checked when the
     * plugins are loaded, against what each plugin declares.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        values.forEach((key, value) -> {
            ConfigKey declared = declaration(key);
            if (!declared.type().accepts(value)) {
                out.add(key + " = '" + shown(key) + "': must be " + declared.type().expected());
            } else if (value.isBlank() && !blankAllowed(declared)) {
                out.add(key + " is empty: must be " + declared.type().expected());
            }
        });
        return out;
    }

    /** Throws {@link InvalidConfig} naming every value that does not fit its type. */
    public Config requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidConfig(problems);
        }
        return this;
    }

    /** Values that do not fit their declared types. */
    public static final class InvalidConfig extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidConfig(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown configuration key: " + key);
        }
        return value.trim();
    }

    public int integer(String key) {
        return typed(key, SettingType.INTEGER, Integer::parseInt);
    }

    public double decimal(String key) {
        return typed(key, SettingType.DECIMAL, Double::parseDouble);
    }

    public boolean flag(String key) {
        return typed(key, SettingType.FLAG, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new IllegalArgumentException(v);
        });
    }

    public Duration duration(String key) {
        return typed(key, SettingType.DURATION, Duration::parse);
    }

    /** A time of day such as 21:30. */
    public LocalTime time(String key) {
        return typed(key, SettingType.TIME, LocalTime::parse);
    }

    /** A time zone such as Asia/Shanghai. */
    public ZoneId zone(String key) {
        return typed(key, SettingType.ZONE, ZoneId::of);
    }

    /** A file or directory. */
    public Path path(String key) {
        return typed(key, SettingType.PATH, Path::of);
    }

    /** Items separated by commas (ASCII or full-width), blanks dropped. */
    public List<String> list(String key) {
        return typed(key, SettingType.LIST, v -> Arrays.stream(v.split("[,，]")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList());
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

    private <T> T typed(String key, SettingType type, Function<String, T> parse) {
        ConfigKey declared = declaration(key);
        if (declared.type() != type) {
            throw new IllegalArgumentException(key + " is declared as " + declared.type() + ", not " + type);
        }
        String raw = string(key);
        try {
            return parse.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " = '" + raw + "': must be " + type.expected(), e);
        }
    }

    private static ConfigKey declaration(String key) {
        return Keys.find(key).orElseThrow(() -> new IllegalArgumentException("unknown configuration key: " + key));
    }

    /** Text, lists and paths may be empty; a flag reads empty as false; numbers, times and zones may not. */
    private static boolean blankAllowed(ConfigKey key) {
        return switch (key.type()) {
            case STRING, LIST, PATH, FLAG -> true;
            case INTEGER, DECIMAL, DURATION, TIME, ZONE -> false;
        };
    }

    private static Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey key : Keys.ALL) {
            if (!key.isFamily()) {
                out.put(key.name(), key.defaultValue());
            }
        }
        return out;
    }

    private static Map<String, String> readProperties(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Properties props = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            Map<String, String> map = new TreeMap<>();
            props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }
}
