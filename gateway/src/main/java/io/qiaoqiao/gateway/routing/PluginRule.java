package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.RoutingRule;

/**
 * A routing rule with the plugin that provided it, for weights, metrics and the audit trail.
 *
 * @param inline run on the deciding thread, without a thread or a time budget of its own: for the
 *               rules shipped in the gateway jar, which are pure and tested with it. A rule from a
 *               studio's jar runs on its own thread within the budget.
 */
public record PluginRule(String pluginId, RoutingRule rule, boolean inline) {
    /** A rule from a plugin jar the gateway does not ship: its own thread, its budget. */
    public PluginRule(String pluginId, RoutingRule rule) {
        this(pluginId, rule, false);
    }

    public String id() {
        return rule.id();
    }
}
