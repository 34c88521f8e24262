package io.qiaoqiao.gateway.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys that environment variables of a key family ({@code plugin.<id>.<key>},
 * {@code routing.weight.<rule>}) may stand for, known only once the plugins are loaded.
 * Upper-casing and turning {@code .} and {@code -} into {@code _} loses information, so a
 * name is never guessed back: it is matched against the keys the plugins declare. A name that
 * two declared keys share is reported as ambiguous, never resolved to either.
 */
public final class FamilyNames {
    private final Map<String, Set<String>> keys = new HashMap<>();
    private final Map<String, Set<String>> families = new HashMap<>();

    /** What one environment variable stands for. */
    public sealed interface Match {
        /** Exactly one key. */
        record Key(String key) implements Match {
        }

        /** Several declared keys share the name; none is taken. */
        record Ambiguous(Set<String> keys) implements Match {
        }

        /** No declared key. */
        record None() implements Match {
        }
    }

    /** Declares one key, e.g. {@code plugin.quiet-hours.start}. */
    public FamilyNames key(String key) {
        keys.computeIfAbsent(ConfigKey.envName(key), k -> new TreeSet<>()).add(key);
        return this;
    }

    /**
     * Declares every key starting with {@code prefix} (which ends in {@code .}), e.g.
     * {@code plugin.triage.start.}: the rest of the variable's name fills the key in lower
     * case with {@code _} as {@code -}.
     */
    public FamilyNames family(String prefix) {
        families.computeIfAbsent(ConfigKey.envName(prefix), k -> new TreeSet<>()).add(prefix);
        return this;
    }

    /** A declared key wins over a family; of several families the longest prefix wins. */
    public Match resolve(String envName) {
        Set<String> exact = keys.get(envName);
        if (exact != null) {
            return exact.size() == 1 ? new Match.Key(exact.iterator().next()) : new Match.Ambiguous(exact);
        }
        String best = null;
        for (String envPrefix : families.keySet()) {
            if (envName.startsWith(envPrefix) && envName.length() > envPrefix.length()
                    && (best == null || envPrefix.length() > best.length())) {
                best = envPrefix;
            }
        }
        if (best == null) {
            return new Match.None();
        }
        String rest = envName.substring(best.length()).toLowerCase(Locale.ROOT).replace('_', '-');
        Set<String> prefixes = families.get(best);
        if (prefixes.size() > 1) {
            Set<String> candidates = new TreeSet<>();
            prefixes.forEach(p -> candidates.add(p + rest));
            return new Match.Ambiguous(candidates);
        }
        return new Match.Key(prefixes.iterator().next() + rest);
    }
}
