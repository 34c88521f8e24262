package io.qiaoqiao.gateway.plugins;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.routing.RoutingEngine;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plugin health: {@code qiaoqiao_plugin_errors_total{plugin,stage,kind}} (stage: route,
 * classify, load; kind: exception, timeout, or the load problem no-service-entry, spi-version,
 * load, duplicate-id),
 * {@code qiaoqiao_plugin_reloads_total{result}} and the gauges {@code qiaoqiao_plugins_loaded} and
 * {@code qiaoqiao_plugin_class_loaders}.
 */
public final class PluginMetrics implements RoutingEngine.FailureSink {
    private final MeterRegistry registry;
    private final AtomicInteger loaded = new AtomicInteger();

    public PluginMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("qiaoqiao.plugins.loaded", loaded);
        // Series that alerts and dashboards query exist from the start, at zero.
        reloads("applied");
        reloads("rejected");
    }

    @Override
    public void ruleFailed(String pluginId, String kind) {
        error(pluginId, "route", kind);
    }

    void error(String plugin, String stage, String kind) {
        errors(plugin, stage, kind).increment();
    }

    /** Plugin class loaders open now: those in use, and replaced ones not yet closed. */
    void classLoaders(java.util.function.IntSupplier open) {
        io.micrometer.core.instrument.Gauge.builder("qiaoqiao.plugin.class.loaders", open::getAsInt)
                .description("plugin class loaders open: in use, or replaced and not yet closed").strongReference(true)
                .register(registry);
    }

    void reload(String result) {
        reloads(result).increment();
    }

    private Counter reloads(String result) {
        return Counter.builder("qiaoqiao.plugin.reloads").description("Plugin reloads by result (applied, rejected)")
                .tag("result", result).register(registry);
    }

    /** The set in use: its size, and a zero error series per plugin so a first failure shows as a rise. */
    void loaded(java.util.Collection<String> pluginIds) {
        loaded.set(pluginIds.size());
        for (String plugin : pluginIds) {
            for (String kind : java.util.List.of("exception", "timeout")) {
                errors(plugin, "route", kind);
            }
        }
    }

    private Counter errors(String plugin, String stage, String kind) {
        return Counter.builder("qiaoqiao.plugin.errors").description("Plugin failures: rules skipped in a decision, jars refused")
                .tag("plugin", plugin).tag("stage", stage).tag("kind", kind).register(registry);
    }
}
