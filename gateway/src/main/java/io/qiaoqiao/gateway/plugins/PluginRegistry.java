package io.qiaoqiao.gateway.plugins;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Classifier;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin set in use, and its reload. Readers take {@link #current()} once per decision
 * and keep it for that decision, so a reload never mixes two sets in one ticket's routing.
 * A reload re-reads the configuration, rescans the plugin directory and builds a new set; if
 * anything in it is invalid the running set stays and the reason is returned.
 */
public final class PluginRegistry {
    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    private final PluginJars jars = new PluginJars();
    private final Supplier<Config> configSource;
    private final Set<String> requiredTemplates;
    private final PluginMetrics metrics;
    private final AtomicReference<PluginSet> current = new AtomicReference<>();
    private final Object reloads = new Object();
    /** The reload running now, and the one that will run after it for every request that came meanwhile. */
    private CompletableFuture<Reload> running;
    private CompletableFuture<Reload> queued;
    /** Configuration warnings already logged, so a reload repeats none of them. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** The outcome of a reload: applied, or rejected with the reason (the old set stays). */
    public record Reload(boolean applied, String message, PluginSet running) {
    }

    /**
     * Loads the first set; throws {@link PluginSet.InvalidPlugins} when it is invalid, because
     * a gateway must not start with settings it cannot use.
     *
     * @param configSource re-reads the configuration on each reload
     */
    public PluginRegistry(Config config, Supplier<Config> configSource, Set<String> requiredTemplates, PluginMetrics metrics) {
        this.configSource = configSource;
        this.requiredTemplates = Set.copyOf(requiredTemplates);
        this.metrics = metrics;
        metrics.classLoaders(jars::openLoaders);
        install(build(config));
    }

    public PluginSet current() {
        return current.get();
    }

    /**
     * The classifier in use, looked up per call so a reload takes effect at once. A classifier
     * that throws must not lose the request (the SMSC would redeliver it forever): the text
     * becomes an unknown, normal ticket for a person to read, and the failure is counted.
     */
    public Classifier classifier() {
        return text -> {
            PluginSet set = current();
            try {
                return set.classifier().classify(text);
            } catch (RuntimeException | LinkageError e) {
                log.error("classifier failed, the request is filed as unknown: {}", e.toString());
                metrics.error(set.classifierPlugin(), "classify", "exception");
                return Classification.unknown();
            }
        };
    }

    /**
     * Asks for a reload and returns at once; the result completes when it has run. Reloads run
     * one at a time on a virtual thread of their own: requests that come while one runs share the
     * single reload that follows it (it reads the configuration and the jars afresh, so it sees
     * whatever changed meanwhile). Fifty requests in a burst are two reloads, and no request holds
     * a thread while it waits: a burst used to take every Vert.x worker thread, each blocked on
     * the reload lock.
     */
    public CompletableFuture<Reload> requestReload() {
        synchronized (reloads) {
            if (running == null) {
                running = new CompletableFuture<>();
                runReload(running);
                return running;
            }
            if (queued == null) {
                queued = new CompletableFuture<>();
            }
            return queued;
        }
    }

    private void runReload(CompletableFuture<Reload> result) {
        Thread.ofVirtual().name("plugin-reload").start(() -> {
            try {
                result.complete(reload());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            } finally {
                synchronized (reloads) {
                    running = queued;
                    queued = null;
                    if (running != null) {
                        runReload(running);
                    }
                }
            }
        });
    }

    /** Rebuilds from a fresh read of the configuration; blocking (file system, class loading). */
    public synchronized Reload reload() {
        PluginSet next;
        try {
            next = build(configSource.get());
        } catch (RuntimeException e) {
            metrics.reload("rejected");
            log.error("plugin reload rejected, the running plugins stay: {}", e.getMessage());
            return new Reload(false, e.getMessage(), current());
        }
        install(next);
        metrics.reload("applied");
        return new Reload(true, "reloaded " + next.pluginIds(), next);
    }

    private PluginSet build(Config config) {
        config.warnings().stream().filter(warned::add).forEach(w -> log.warn("configuration: {}", w));
        jars.closeReplacedAfter(config.duration("plugins.close-replaced-after"));
        PluginJars.Scan scan = jars.scan(config.flag("plugins.builtin"), Path.of(config.string("plugins.dir")));
        return PluginSet.build(scan, config, requiredTemplates, metrics);
    }

    private void install(PluginSet set) {
        PluginSet before = current.getAndSet(set);
        for (PluginProblem p : set.problems()) {
            boolean known = before != null && before.problems().contains(p);
            if (known) {
                continue;
            }
            if (p.kind().equals("weight") || p.kind().equals("settings")) {
                log.warn("plugin configuration: {}: {}", p.source(), p.message());
            } else {
                log.error("plugin problem in {}: {}", p.source(), p.message());
                metrics.error(Path.of(p.source()).getFileName().toString(), "load", p.kind());
            }
        }
        metrics.loaded(set.pluginIds());
        log.info("plugins in use: {}; rules {}; escalation {}; locale {}", set.pluginIds(),
                set.engine().rules().stream().map(r -> r.id()).toList(), set.escalation().id(), set.locale().toLanguageTag());
    }
}
