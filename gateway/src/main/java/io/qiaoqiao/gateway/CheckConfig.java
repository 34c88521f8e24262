package io.qiaoqiao.gateway;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.config.ConfigKey;
import io.qiaoqiao.gateway.config.Keys;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.plugins.LoadedPlugin;
import io.qiaoqiao.gateway.plugins.PluginJars;
import io.qiaoqiao.gateway.plugins.PluginProblem;
import io.qiaoqiao.gateway.plugins.PluginSet;
import io.qiaoqiao.plugin.api.Setting;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code check-config}: the effective configuration, every key with its value and where it came
 * from, secrets masked, the plugins' own settings with their defaults, then warnings and
 * invalid values. Loads the plugins as a start would (to resolve their environment variables
 * and check their settings) but opens no database, port or link.
 */
final class CheckConfig {
    /** The exit code when any value is invalid. */
    static final int INVALID = 2;

    private CheckConfig() {
    }

    static int run(Config config, PrintStream out) {
        List<String> errors = new ArrayList<>(config.problems());
        List<String> warnings = new ArrayList<>(config.warnings());
        PluginSet plugins = null;
        if (errors.isEmpty()) {
            try {
                Gateway.checkSmppLimits(config);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
            try {
                ResidentReach.checkSettings(config);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
            try {
                plugins = PluginSet.build(new PluginJars().scan(config.flag("plugins.builtin"), config.path("plugins.dir")),
                        config, Texts.KEYS, (plugin, kind) -> { });
                plugins.problems().stream().map(CheckConfig::describe).forEach(warnings::add);
            } catch (IllegalArgumentException e) {
                errors.add("plugins: " + e.getMessage());
            }
            Duration offset = config.duration("clock.offset");
            if (!offset.isZero()) {
                warnings.add("clock.offset is " + offset + ": the clock is shifted; for tests, rehearsals and demos only, never in production");
            }
        }
        Config effective = plugins == null ? config : plugins.config();
        out.println("# Qiaoqiao configuration as " + BuildInfo.current().describe() + " sees it");
        out.println("# file: " + effective.file().map(Object::toString).orElse("none") + "; secrets are shown as ****");
        Set<String> printed = new LinkedHashSet<>();
        for (ConfigKey key : Keys.ALL) {
            if (!key.isFamily()) {
                line(out, effective, key.name(), printed);
            }
        }
        for (String key : effective.keys()) {
            if (!key.startsWith(Keys.PLUGIN_PREFIX)) {
                line(out, effective, key, printed);
            }
        }
        if (plugins != null) {
            for (LoadedPlugin p : plugins.plugins()) {
                out.println("# plugin " + p.id() + " (" + p.source() + ")");
                String prefix = Keys.PLUGIN_PREFIX + p.id() + ".";
                for (Setting s : plugins.declared().getOrDefault(p.id(), List.of())) {
                    String key = prefix + s.key();
                    if (s.isFamily()) {
                        out.println("# " + key + ": " + s.doc());
                        effective.keys().stream().filter(k -> k.startsWith(prefix) && s.covers(k.substring(prefix.length())))
                                .forEach(k -> line(out, effective, k, printed));
                    } else if (effective.keys().contains(key)) {
                        line(out, effective, key, printed);
                    } else if (printed.add(key)) {
                        out.println(pad(key + " = " + s.defaultValue()) + " # default of the plugin: " + s.doc());
                    }
                }
                for (String key : effective.keys()) {
                    if (key.startsWith(Keys.PLUGIN_PREFIX + p.id() + ".")) {
                        line(out, effective, key, printed);
                    }
                }
            }
        }
        for (String key : effective.keys()) {
            line(out, effective, key, printed);
        }
        warnings.forEach(w -> out.println("WARNING " + w));
        errors.forEach(e -> out.println("INVALID " + e));
        out.println(errors.isEmpty() ? "# configuration is valid" : "# configuration is INVALID: the gateway would not start");
        return errors.isEmpty() ? 0 : INVALID;
    }

    private static void line(PrintStream out, Config config, String key, Set<String> printed) {
        if (printed.add(key)) {
            out.println(pad(key + " = " + config.shown(key)) + " # " + config.origin(key));
        }
    }

    private static String pad(String text) {
        return text.length() >= 48 ? text : text + " ".repeat(48 - text.length());
    }

    private static String describe(PluginProblem p) {
        return p.source().equals("environment") ? p.message() : p.source() + ": " + p.message();
    }
}
