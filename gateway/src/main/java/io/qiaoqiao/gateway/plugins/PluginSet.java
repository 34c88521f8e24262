package io.qiaoqiao.gateway.plugins;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.routing.PluginRule;
import io.qiaoqiao.gateway.routing.RoutingEngine;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Classifier;
import io.qiaoqiao.plugin.api.EscalationPolicy;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.MessageTemplates;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.TriageLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One consistent set of plugins configured from one configuration: the classifier, the
 * routing engine with its rules and weights, the escalation policy and the message templates.
 * Built whole or not at all, so a reload either replaces the running set or leaves it alone.
 *
 * @param plugins          the plugins in use
 * @param classifierPlugin the id of the plugin whose classifier is used
 * @param problems  jars that were refused, and other things an operator should fix
 * @param loadedAt  when the set was built
 * @param config    the configuration it was built from, with the plugin and weight variables
 *                  of the environment resolved
 * @param declared  the settings each plugin found declares, by plugin id
 */
public record PluginSet(List<LoadedPlugin> plugins, Classifier classifier, String classifierPlugin, RoutingEngine engine,
                        EscalationPolicy escalation, MessageTemplates templates, Locale locale,
                        List<PluginProblem> problems, Instant loadedAt, Config config, Map<String, List<Setting>> declared) {

    /**
     * Escalation when no policy plugin is installed, and when the one in use throws: the best
     * neighbours routing finds (one at a time, three at once when urgent), then the group leaders.
     */
    static final EscalationPolicy LEADERS_ONLY = new EscalationPolicy() {
        @Override
        public String id() {
            return "neighbours-then-leaders";
        }

        @Override
        public Optional<EscalationStep> next(io.qiaoqiao.plugin.api.EscalationContext context) {
            boolean urgent = context.ticket().urgency() == io.qiaoqiao.plugin.api.Urgency.URGENT;
            if (context.previous().isEmpty()) {
                return Optional.of(new EscalationStep("neighbours", TriageLevel.PRIVATE, new EscalationStep.Recipients.Neighbours(),
                        Duration.ofMinutes(urgent ? 6 : 20), urgent ? 6 : 2, urgent ? 3 : 1, Duration.ofMinutes(urgent ? 3 : 10), false));
            }
            return context.previous().get().equals("village-leaders") ? Optional.empty()
                    : Optional.of(new EscalationStep("village-leaders", TriageLevel.VILLAGE, new EscalationStep.Recipients.GroupLeaders(),
                            Duration.ofDays(1), Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofDays(1), urgent));
        }
    };

    /** The fallback policy, also used when the policy in use throws. */
    public static EscalationPolicy leadersOnly() {
        return LEADERS_ONLY;
    }

    /** Settings or weights that cannot be used; the message lists every problem found. */
    public static final class InvalidPlugins extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidPlugins(List<String> errors) {
            super(String.join("; ", errors));
        }
    }

    /**
     * @param requiredTemplates the template keys the gateway sends; all must resolve in the locale
     * @throws InvalidPlugins when any plugin rejects its settings, a weight is not a number, or
     *                        a template is missing
     */
    public static PluginSet build(PluginJars.Scan scan, Config loaded, Set<String> requiredTemplates,
                                  RoutingEngine.FailureSink failures) {
        List<String> errors = new ArrayList<>();
        List<PluginProblem> problems = new ArrayList<>(scan.problems());
        Map<String, List<Setting>> declared = DeclaredSettings.of(scan.plugins(), errors);
        Config config = DeclaredSettings.resolvePluginVariables(loaded, declared, problems);
        Set<String> disabled = new HashSet<>(config.list("plugins.disabled"));
        List<LoadedPlugin> active = activePlugins(scan.plugins(), disabled, problems);
        Set<String> activeIds = new HashSet<>();
        active.forEach(p -> activeIds.add(p.id()));
        DeclaredSettings.check(config, declared, activeIds, errors, problems);

        Classifier classifier = null;
        String classifierPlugin = "-";
        List<PluginRule> rules = new ArrayList<>();
        Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
        List<MessageTemplates> templates = new ArrayList<>();
        MessageTemplates defaults = null;
        for (LoadedPlugin p : active) {
            PluginSettings settings = new PluginSettings(p.id(), config.withPrefix("plugin." + p.id() + "."));
            try {
                Optional<Classifier> offered = classifier == null ? p.plugin().classifier(settings) : Optional.empty();
                if (offered.isPresent()) {
                    classifier = offered.get();
                    classifierPlugin = p.id();
                }
                p.plugin().routingRules(settings).forEach(r -> rules.add(new PluginRule(p.id(), r, p.builtin())));
                p.plugin().escalationPolicy(settings).ifPresent(e -> policies.put(e.id(), e));
                Optional<MessageTemplates> t = p.plugin().messageTemplates(settings);
                if (t.isPresent() && p.builtin() && p.id().equals("templates")) {
                    defaults = t.get();
                } else {
                    t.ifPresent(templates::add);
                }
            } catch (RuntimeException | LinkageError e) {
                errors.add("plugin " + p.id() + " (" + p.source() + "): " + PluginJars.rootMessage(e));
            }
        }
        if (defaults != null) {
            templates.add(defaults);
        }
        Set<String> ruleIds = new TreeSet<>();
        rules.forEach(r -> ruleIds.add(r.id()));
        config = DeclaredSettings.resolveWeightVariables(config, ruleIds, problems);
        Map<String, Double> weights = weights(config, errors);
        weights.keySet().stream().filter(id -> !ruleIds.contains(id)).forEach(id -> problems.add(new PluginProblem(
                "routing.weight." + id, "weight", "no installed rule has id '" + id + "'; rules: " + ruleIds)));

        String policyId = config.string("escalation.policy");
        EscalationPolicy policy = policies.get(policyId);
        if (policy == null) {
            problems.add(new PluginProblem("escalation.policy", "settings", "no plugin provides escalation policy '"
                    + policyId + "' (installed: " + policies.keySet() + "); escalating to group leaders only"));
            policy = LEADERS_ONLY;
        }
        Locale locale = Locale.forLanguageTag(config.string("messages.locale"));
        MessageTemplates chain = new TemplateChain(templates);
        Set<String> missing = new TreeSet<>(requiredTemplates);
        missing.removeIf(key -> chain.template(key, locale).isPresent());
        if (!missing.isEmpty()) {
            errors.add("no template for " + missing + " in locale " + locale.toLanguageTag()
                    + " (is the templates plugin installed, and messages.locale one it ships?)");
        }
        long budget = config.integer("plugins.rule-budget-ms");
        if (budget <= 0) {
            errors.add("plugins.rule-budget-ms must be positive, got " + budget);
        }
        if (!errors.isEmpty()) {
            throw new InvalidPlugins(errors);
        }
        if (classifier == null) {
            problems.add(new PluginProblem("-", "settings", "no classifier plugin installed: every request is unknown"));
            classifier = text -> Classification.unknown();
        }
        RoutingEngine engine = new RoutingEngine(rules, weights, Duration.ofMillis(budget), failures);
        return new PluginSet(active, classifier, classifierPlugin, engine, policy, chain, locale, problems, Instant.now(),
                config, declared);
    }

    /** Later sources win over earlier ones with the same id, so a studio's jar replaces a built-in. */
    private static List<LoadedPlugin> activePlugins(List<LoadedPlugin> all, Set<String> disabled, List<PluginProblem> problems) {
        Map<String, LoadedPlugin> byId = new LinkedHashMap<>();
        for (LoadedPlugin p : all) {
            if (disabled.contains(p.id())) {
                continue;
            }
            LoadedPlugin before = byId.get(p.id());
            if (before != null && !before.builtin()) {
                problems.add(new PluginProblem(p.source(), "duplicate-id", "plugin id '" + p.id() + "' is already provided by "
                        + before.source() + ": not loaded"));
                continue;
            }
            byId.remove(p.id());
            byId.put(p.id(), p);
        }
        return List.copyOf(byId.values());
    }

    private static Map<String, Double> weights(Config config, List<String> errors) {
        Map<String, Double> weights = new LinkedHashMap<>();
        config.withPrefix("routing.weight.").forEach((id, value) -> {
            try {
                double w = Double.parseDouble(value);
                if (!Double.isFinite(w) || w < 0) {
                    throw new NumberFormatException();
                }
                weights.put(id, w);
            } catch (NumberFormatException e) {
                errors.add("routing.weight." + id + " must be a number of 0 or more, got '" + value + "'");
            }
        });
        return weights;
    }

    /** The ids of every plugin in use. */
    public Set<String> pluginIds() {
        Set<String> ids = new LinkedHashSet<>();
        plugins.forEach(p -> ids.add(p.id()));
        return ids;
    }

    /** Asks each provider in turn; the built-in defaults come last. */
    record TemplateChain(List<MessageTemplates> providers) implements MessageTemplates {
        TemplateChain {
            providers = List.copyOf(providers);
        }

        @Override
        public Optional<String> template(String key, Locale locale) {
            for (MessageTemplates p : providers) {
                Optional<String> t = p.template(key, locale);
                if (t.isPresent()) {
                    return t;
                }
            }
            return Optional.empty();
        }

        @Override
        public Set<String> keys(Locale locale) {
            Set<String> keys = new TreeSet<>();
            providers.forEach(p -> keys.addAll(p.keys(locale)));
            return keys;
        }
    }
}
