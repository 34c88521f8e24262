package io.qiaoqiao.gateway.plugins;

import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar at test time, as a studio's developer would: compiles Java sources
 * against the plugin API with the JDK's compiler and packs the classes, with or without the
 * {@code META-INF/services} entry.
 */
public final class PluginJarBuilder {
    private final List<String> sources = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>(List.of(locationOf(QiaoqiaoPlugin.class)));
    private String serviceEntry;

    /** A source file; its class name is read from its {@code package} and first {@code class}. */
    public PluginJarBuilder source(String javaSource) {
        sources.add(javaSource);
        return this;
    }

    /** Names the plugin class in {@code META-INF/services/io.qiaoqiao.plugin.api.QiaoqiaoPlugin}. */
    public PluginJarBuilder service(String pluginClass) {
        this.serviceEntry = pluginClass;
        return this;
    }

    /** Compiles against more than the API, to build a plugin that wrongly uses gateway classes. */
    PluginJarBuilder alsoCompileAgainst(Class<?> type) {
        classPath.add(locationOf(type));
        return this;
    }

    public Path writeTo(Path jar) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "21", "-encoding", "UTF-8", "-d", classes.toString(),
                "-cp", String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList())));
        for (String source : sources) {
            Path file = work.resolve(className(source).replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("test plugin did not compile; see the test output");
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            if (serviceEntry != null) {
                out.putNextEntry(new JarEntry(PluginJars.SERVICE_ENTRY));
                write(out, serviceEntry + "\n");
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String className(String source) {
        String pkg = source.replaceAll("(?s).*?package\\s+([\\w.]+);.*", "$1");
        String name = source.replaceAll("(?s).*?(?:class|record|interface)\\s+(\\w+).*", "$1");
        return pkg + "." + name;
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plugin with one rule: {@code ruleBody} is the body of a RoutingRule implementation. */
    public static String plugin(String pkg, String id, String spiVersion, String ruleBody) {
        return """
                package %1$s;

                import io.qiaoqiao.plugin.api.*;
                import java.util.List;

                public final class TestPlugin implements QiaoqiaoPlugin {
                    @Override public String id() { return "%2$s"; }
                    @Override public int spiVersion() { return %3$s; }
                    @Override public List<RoutingRule> routingRules(PluginSettings settings) {
                        return List.of(new RoutingRule() {
                            @Override public String id() { return "%2$s"; }
                            %4$s
                        });
                    }
                }
                """.formatted(pkg, id, spiVersion, ruleBody);
    }
}
