package io.qiaoqiao.gateway.plugins;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.config.FamilyNames;
import io.qiaoqiao.gateway.config.Keys;
import io.qiaoqiao.plugin.api.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plugin side of the configuration: {@code QIAOQIAO_PLUGIN_*} and
 * {@code QIAOQIAO_ROUTING_WEIGHT_*} variables resolved against what the plugins declare and
 * the rules they provide, declared values checked against their types, and undeclared
 * {@code plugin.<id>.*} keys reported.
 */
final class DeclaredSettings {
    private DeclaredSettings() {
    }

    /** What each plugin declares, by id; a plugin whose declaration fails is reported and declares nothing. */
    static Map<String, List<Setting>> of(List<LoadedPlugin> plugins, List<String> errors) {
        Map<String, List<Setting>> out = new LinkedHashMap<>();
        for (LoadedPlugin p : plugins) {
            try {
                out.put(p.id(), List.copyOf(p.plugin().settings()));
            } catch (RuntimeException | LinkageError e) {
                errors.add("plugin " + p.id() + " (" + p.source() + "): its settings() failed: " + PluginJars.rootMessage(e));
                out.put(p.id(), List.of());
            }
        }
        return out;
    }

    /**
     * Resolves the plugin variables against the declarations of every plugin found (disabled
     * ones too, so their variables are not reported as unknown).
     */
    static Config resolvePluginVariables(Config config, Map<String, List<Setting>> declared, List<PluginProblem> problems) {
        FamilyNames names = new FamilyNames();
        declared.forEach((id, settings) -> settings.forEach(s -> {
            String key = Keys.PLUGIN_PREFIX + id + "." + s.prefix();
            if (s.isFamily()) {
                names.family(key);
            } else {
                names.key(key);
            }
        }));
        Config.Resolved resolved = config.resolveEnvironment(Config.envName(Keys.PLUGIN_PREFIX), names,
                "only settings a plugin declares can come from the environment (see check-config); "
                        + "set others in the config file");
        resolved.warnings().forEach(w -> problems.add(new PluginProblem("environment", "settings", w)));
        return resolved.config();
    }

    /** Resolves the weight variables against the rule ids in use; any other name is taken as a rule id with - for _. */
    static Config resolveWeightVariables(Config config, Set<String> ruleIds, List<PluginProblem> problems) {
        FamilyNames names = new FamilyNames().family(Keys.WEIGHT_PREFIX);
        ruleIds.forEach(id -> names.key(Keys.WEIGHT_PREFIX + id));
        Config.Resolved resolved = config.resolveEnvironment(Config.envName(Keys.WEIGHT_PREFIX), names, "");
        resolved.warnings().forEach(w -> problems.add(new PluginProblem("environment", "weight", w)));
        return resolved.config();
    }

    /**
     * Checks every value of an active plugin's declared settings against its type (an error:
     * the set is refused) and reports keys that a plugin with declarations does not declare,
     * and keys of plugins nobody provides.
     */
    static void check(Config config, Map<String, List<Setting>> declared, Set<String> active, List<String> errors,
                      List<PluginProblem> problems) {
        Map<String, String> all = config.withPrefix(Keys.PLUGIN_PREFIX);
        Set<String> unknownIds = new TreeSet<>();
        all.forEach((rest, value) -> {
            String id = declared.keySet().stream().filter(i -> rest.startsWith(i + "."))
                    .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(null);
            String full = Keys.PLUGIN_PREFIX + rest;
            if (id == null) {
                unknownIds.add(full);
                return;
            }
            List<Setting> settings = declared.get(id);
            String key = rest.substring(id.length() + 1);
            Setting setting = settings.stream().filter(s -> s.covers(key))
                    .max((a, b) -> Integer.compare(a.prefix().length(), b.prefix().length())).orElse(null);
            if (setting == null) {
                if (!settings.isEmpty()) {
                    problems.add(new PluginProblem(full, "settings", "plugin " + id + " declares no setting '" + key
                            + "' (" + config.origin(full) + "), a misspelt key? it declares "
                            + settings.stream().map(Setting::key).toList()));
                }
            } else if (active.contains(id) && !setting.type().accepts(value)) {
                errors.add(full + " = '" + value + "': must be " + setting.type().expected());
            }
        });
        unknownIds.forEach(key -> problems.add(new PluginProblem(key, "settings", "no plugin found has the id this key names ("
                + config.origin(key) + "); plugins: " + declared.keySet())));
    }
}
