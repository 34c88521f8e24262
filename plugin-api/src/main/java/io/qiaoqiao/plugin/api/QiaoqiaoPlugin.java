package io.qiaoqiao.plugin.api;

import java.util.List;
import java.util.Optional;

/**
 * The entry point of a plugin jar, found through {@code META-INF/services/io.qiaoqiao.plugin.api.QiaoqiaoPlugin}.
 * A plugin hands out the extension points it implements; the others keep their defaults.
 */
public interface QiaoqiaoPlugin {
    /** The SPI version this API describes. A plugin built against another version is refused. */
    int SPI_VERSION = 1;

    /** A short stable id, e.g. {@code proximity}; its settings live under {@code plugin.<id>.*}. */
    String id();

    /** The SPI version the plugin was compiled against; leave the default. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /** A classifier, if this plugin provides one. */
    default Optional<Classifier> classifier(PluginSettings settings) {
        return Optional.empty();
    }

    /** Routing rules this plugin provides, configured from its settings. */
    default List<RoutingRule> routingRules(PluginSettings settings) {
        return List.of();
    }
}
