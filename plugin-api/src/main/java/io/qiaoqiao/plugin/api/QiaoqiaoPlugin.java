package io.qiaoqiao.plugin.api;

import java.util.List;
import java.util.Optional;

/**
 * The entry point of a plugin jar, found through
 * {@code META-INF/services/io.qiaoqiao.plugin.api.QiaoqiaoPlugin}. A plugin hands out the
 * extension points it implements, each built from the plugin's own settings; the others keep
 * their defaults.
 *
 * <p>The gateway loads every plugin jar in its own class loader that sees this package and
 * the JDK, nothing of the gateway. Every factory method is called again on a reload with the
 * new settings; throw {@link IllegalArgumentException} from it to reject settings that make no
 * sense, and the gateway keeps the running set.
 */
public interface QiaoqiaoPlugin {
    /**
     * The SPI version this API describes. Version 2 added schedules, history, escalation
     * policies and message templates; version 3 made the escalation chain the whole life of a
     * ticket (its first step is the neighbours routing picks, each step has a budget, a number
     * to ask and a call for urgent requests) and gave routing the studio's quiet hours. A plugin
     * built against another version is refused.
     */
    int SPI_VERSION = 3;

    /** A short stable id, e.g. {@code proximity}; its settings live under {@code plugin.<id>.*}. */
    String id();

    /**
     * The SPI version the plugin was compiled against. Implement it as
     * {@code return SPI_VERSION;}: the compiler copies the constant into the plugin's class, so
     * the value records the API the plugin was built with, not the one it runs with.
     */
    int spiVersion();

    /**
     * The settings this plugin reads, each with its type, default and one line of
     * documentation. Optional (the default declares none), and worth doing: the gateway checks
     * declared values at start-up, lists them in {@code check-config}, warns about
     * {@code plugin.<id>.*} keys that are not declared, and only declared keys can be set from
     * the environment ({@code QIAOQIAO_PLUGIN_LOAD_FAIRNESS_MAX_OPEN} is {@code plugin.load-fairness.max-open}
     * because {@code load-fairness} declares {@code max-open}; without declarations the name would
     * be ambiguous). Keys are given without the {@code plugin.<id>.} prefix. Called once per
     * load or reload, before the factory methods; must not depend on the settings.
     *
     * <p>Added in SPI version 2 as a default method, so plugins built before it still load.
     */
    default List<Setting> settings() {
        return List.of();
    }

    /** A classifier, if this plugin provides one. The first plugin that provides one is used. */
    default Optional<Classifier> classifier(PluginSettings settings) {
        return Optional.empty();
    }

    /** Routing rules this plugin provides, configured from its settings. */
    default List<RoutingRule> routingRules(PluginSettings settings) {
        return List.of();
    }

    /** An escalation policy, if this plugin provides one. The gateway uses the one named by {@code escalation.policy}. */
    default Optional<EscalationPolicy> escalationPolicy(PluginSettings settings) {
        return Optional.empty();
    }

    /** Message templates, if this plugin provides them; they take precedence over the built-in defaults. */
    default Optional<MessageTemplates> messageTemplates(PluginSettings settings) {
        return Optional.empty();
    }
}
