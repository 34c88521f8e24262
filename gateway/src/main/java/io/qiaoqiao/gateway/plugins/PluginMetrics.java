package io.qiaoqiao.gateway.plugins;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.routing.RoutingEngine;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plugin health: {@code qiaoqiao_plugin_errors_total{plugin,stage,kind}} (stage: route,
 * classify, load; kind: exception, timeout, or the load problem no-service-entry, spi-version,
 * load, duplicate-id),
 * {@code qiaoqiao_plugin_reloads_total{result}} and the gauge {@code qiaoqiao_plugins_loaded}.
 */
public final class PluginMetrics implements RoutingEngine.FailureSink {
    private final MeterRegistry registry;
    private final AtomicInteger loaded = new AtomicInteger();

    public PluginMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("qiaoqiao.plugins.loaded", loaded);
    }

    @Override
    public void ruleFailed(String pluginId, String kind) {
        error(pluginId, "route", kind);
    }

    void error(String plugin, String stage, String kind) {
        Counter.builder("qiaoqiao.plugin.errors").description("Plugin failures: rules skipped in a decision, jars refused")
                .tag("plugin", plugin).tag("stage", stage).tag("kind", kind).register(registry).increment();
    }

    void reload(String result) {
        Counter.builder("qiaoqiao.plugin.reloads").description("Plugin reloads by result (applied, rejected)")
                .tag("result", result).register(registry).increment();
    }

    void loaded(int count) {
        loaded.set(count);
    }
}
