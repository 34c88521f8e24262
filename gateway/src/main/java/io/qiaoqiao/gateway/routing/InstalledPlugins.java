package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Classifier;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins found on the class path through {@link ServiceLoader}, configured from
 * {@code plugin.<id>.*} keys. A plugin built for another SPI version is refused with a clear
 * message rather than failing on first use.
 */
public final class InstalledPlugins {
    private static final Logger log = LoggerFactory.getLogger(InstalledPlugins.class);

    private final Classifier classifier;
    private final List<RoutingRule> rules;

    public InstalledPlugins(Classifier classifier, List<RoutingRule> rules) {
        this.classifier = classifier;
        this.rules = List.copyOf(rules);
    }

    public static InstalledPlugins discover(Config config, ClassLoader loader) {
        Classifier classifier = null;
        List<RoutingRule> rules = new ArrayList<>();
        for (QiaoqiaoPlugin plugin : ServiceLoader.load(QiaoqiaoPlugin.class, loader)) {
            if (plugin.spiVersion() != QiaoqiaoPlugin.SPI_VERSION) {
                log.error("plugin {} ({}) was built for SPI version {}, this gateway speaks {}: not loaded",
                        plugin.id(), plugin.getClass().getName(), plugin.spiVersion(), QiaoqiaoPlugin.SPI_VERSION);
                continue;
            }
            PluginSettings settings = new PluginSettings(config.withPrefix("plugin." + plugin.id() + "."));
            if (classifier == null) {
                classifier = plugin.classifier(settings).orElse(null);
            }
            rules.addAll(plugin.routingRules(settings));
            log.info("plugin {} loaded", plugin.id());
        }
        if (classifier == null) {
            log.warn("no classifier plugin installed: every request is classified as unknown");
            classifier = text -> Classification.unknown();
        }
        return new InstalledPlugins(classifier, rules);
    }

    public Classifier classifier() {
        return classifier;
    }

    public RoutingEngine engine(Config config) {
        Map<String, Double> weights = new HashMap<>();
        config.withPrefix("routing.weight.").forEach((id, value) -> weights.put(id, Double.parseDouble(value)));
        return new RoutingEngine(rules, weights);
    }
}
