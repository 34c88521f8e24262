package io.qiaoqiao.gateway.plugins;

import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and loads plugin jars, each in its own class loader whose parent exposes only the
 * plugin API. A plugin is a {@code .jar} in the plugin directory, or a sub-directory holding
 * the plugin's jar and the libraries it needs. Built-in plugins are jars nested in the gateway
 * jar under {@code builtin-plugins/}, extracted once to a temporary directory and loaded
 * exactly like the others, so they get no privileges a studio's plugin would not have.
 *
 * <p>Class loaders are cached by file and modification time: a reload that only changes
 * settings reuses them, and a jar replaced on disk gets a fresh one. The loader it replaces (or
 * the loader of a jar no longer there) is closed {@code plugins.close-replaced-after} later:
 * a decision running at the reload keeps the set it took and may still load classes from it,
 * and after that nobody does. Before, they were never closed: each kept its jar open, and fifty
 * reloads of a replaced jar were fifty open jars.
 */
public final class PluginJars {
    private static final Logger log = LoggerFactory.getLogger(PluginJars.class);
    static final String SERVICE_ENTRY = "META-INF/services/" + QiaoqiaoPlugin.class.getName();
    private static final String BUILTIN_INDEX = "/builtin-plugins/index.txt";

    private final ApiOnlyClassLoader apiOnly = new ApiOnlyClassLoader(QiaoqiaoPlugin.class.getClassLoader());
    private final Map<String, CachedLoader> loaders = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger retiring = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.time.Duration closeAfter = java.time.Duration.ofMinutes(1);
    /** The sources the scan in progress has met (guarded by this). */
    private final java.util.Set<String> seenNow = new java.util.HashSet<>();
    private Path builtinDir;

    /** The result of one scan. */
    public record Scan(List<LoadedPlugin> plugins, List<PluginProblem> problems) {
    }

    private record CachedLoader(String stamp, URLClassLoader loader) {
    }

    /** How long a replaced class loader stays open (see the class comment). */
    void closeReplacedAfter(java.time.Duration delay) {
        this.closeAfter = delay;
    }

    /** Class loaders open now: cached ones and replaced ones not yet closed. */
    synchronized int openLoaders() {
        return loaders.size() + retiring.get();
    }

    /** Loads the built-in plugins (when asked) and then everything in {@code dir}. */
    public synchronized Scan scan(boolean builtins, Path dir) {
        seenNow.clear();
        try {
            return scanAll(builtins, dir);
        } finally {
            // A jar (or directory) no longer there: its loader goes too.
            for (String gone : new ArrayList<>(loaders.keySet())) {
                if (!seenNow.contains(gone)) {
                    retire(loaders.remove(gone).loader());
                }
            }
        }
    }

    private Scan scanAll(boolean builtins, Path dir) {
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<PluginProblem> problems = new ArrayList<>();
        if (builtins) {
            for (Path jar : builtinJars()) {
                load(jar.getFileName().toString(), List.of(jar), true, plugins, problems);
            }
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.sorted().toList()) {
                    if (entry.toString().endsWith(".jar")) {
                        load(entry.toString(), List.of(entry), false, plugins, problems);
                    } else if (Files.isDirectory(entry)) {
                        List<Path> jars = jarsIn(entry);
                        if (!jars.isEmpty()) {
                            load(entry.toString(), jars, false, plugins, problems);
                        }
                    }
                }
            } catch (IOException e) {
                problems.add(new PluginProblem(dir.toString(), "load", "cannot list the plugin directory: " + e.getMessage()));
            }
        } else {
            log.info("plugin directory {} does not exist: only built-in plugins", dir);
        }
        return new Scan(plugins, problems);
    }

    private void load(String source, List<Path> jars, boolean builtin, List<LoadedPlugin> plugins,
                      List<PluginProblem> problems) {
        seenNow.add(source);
        URLClassLoader loader;
        try {
            loader = loaderFor(source, jars);
        } catch (IOException e) {
            problems.add(new PluginProblem(source, "load", "cannot read the jar: " + e.getMessage()));
            return;
        }
        try {
            if (!loader.findResources(SERVICE_ENTRY).hasMoreElements()) {
                problems.add(new PluginProblem(source, "no-service-entry", "not a plugin: the jar has no " + SERVICE_ENTRY
                        + " file naming its QiaoqiaoPlugin class"));
                return;
            }
        } catch (IOException e) {
            problems.add(new PluginProblem(source, "load", "cannot read the jar: " + e.getMessage()));
            return;
        }
        Iterator<QiaoqiaoPlugin> found = ServiceLoader.load(QiaoqiaoPlugin.class, loader).iterator();
        while (true) {
            QiaoqiaoPlugin plugin;
            try {
                if (!found.hasNext()) {
                    break;
                }
                plugin = found.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(new PluginProblem(source, "load", "cannot instantiate the plugin: " + rootMessage(e)));
                break;
            }
            int version;
            try {
                version = plugin.spiVersion();
            } catch (AbstractMethodError e) {
                version = 1; // SPI 1 had spiVersion() as a default method, so its plugins do not implement it
            }
            if (version != QiaoqiaoPlugin.SPI_VERSION) {
                problems.add(new PluginProblem(source, "spi-version", "plugin " + plugin.getClass().getName()
                        + " was built for plugin SPI version " + version + " but this gateway provides version "
                        + QiaoqiaoPlugin.SPI_VERSION + ": not loaded; rebuild it against qiaoqiao-plugin-api "
                        + QiaoqiaoPlugin.SPI_VERSION));
                continue;
            }
            plugins.add(new LoadedPlugin(plugin, source, builtin));
        }
    }

    private URLClassLoader loaderFor(String source, List<Path> jars) throws IOException {
        StringBuilder stamp = new StringBuilder();
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            stamp.append(jar).append('@').append(Files.getLastModifiedTime(jar).toMillis()).append('#').append(Files.size(jar));
            urls.add(toUrl(jar));
        }
        CachedLoader cached = loaders.get(source);
        if (cached != null && cached.stamp().contentEquals(stamp)) {
            return cached.loader();
        }
        URLClassLoader loader = new URLClassLoader("plugin:" + source, urls.toArray(URL[]::new), apiOnly);
        CachedLoader replaced = loaders.put(source, new CachedLoader(stamp.toString(), loader));
        if (replaced != null) {
            retire(replaced.loader());
        }
        return loader;
    }

    /** Closes a loader nobody will take again, once a decision running now has had time to finish with it. */
    private void retire(URLClassLoader loader) {
        retiring.incrementAndGet();
        java.util.concurrent.CompletableFuture.delayedExecutor(closeAfter.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> {
                    try {
                        loader.close();
                    } catch (IOException e) {
                        log.warn("closing the replaced class loader {}: {}", loader.getName(), e.toString());
                    } finally {
                        retiring.decrementAndGet();
                    }
                });
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> jarsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** The built-in jars, extracted from the gateway jar on first use. */
    private List<Path> builtinJars() {
        try (InputStream index = PluginJars.class.getResourceAsStream(BUILTIN_INDEX)) {
            if (index == null) {
                log.warn("this gateway build carries no built-in plugins ({} is missing)", BUILTIN_INDEX);
                return List.of();
            }
            List<String> names = new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (builtinDir == null) {
                builtinDir = Files.createTempDirectory("qiaoqiao-builtin-plugins");
                builtinDir.toFile().deleteOnExit();
                for (String name : names) {
                    try (InputStream jar = PluginJars.class.getResourceAsStream("/builtin-plugins/" + name)) {
                        if (jar == null) {
                            throw new IllegalStateException("built-in plugin " + name + " is listed but missing from the gateway jar");
                        }
                        Path target = builtinDir.resolve(name);
                        Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
                        target.toFile().deleteOnExit();
                    }
                }
            }
            return names.stream().map(builtinDir::resolve).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the built-in plugins", e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
