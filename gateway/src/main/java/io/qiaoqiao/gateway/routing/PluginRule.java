package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.RoutingRule;

/** A routing rule with the plugin that provided it, for weights, metrics and the audit trail. */
public record PluginRule(String pluginId, RoutingRule rule) {
    public String id() {
        return rule.id();
    }
}
