package io.qiaoqiao.gateway.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar a township installs holds the product only: no benchmark, no simulated SMSC or
 * phones, no demo and its roster, no embedded PostgreSQL. Runs after {@code package}, on the
 * jar itself.
 */
class ProductJarIT {
    private static final Path JAR = Path.of("target", "qiaoqiao-gateway.jar");
    private static final List<String> NOT_PRODUCT = List.of(
            "io/qiaoqiao/bench/", "io/qiaoqiao/simulator/", "io/qiaoqiao/demo/", "io/qiaoqiao/embedded/",
            "io/qiaoqiao/gateway/bench/", "io/qiaoqiao/gateway/simulator/", "io/qiaoqiao/gateway/demo/",
            "io/zonky/", "postgres-linux", "demo/roster/", "org/postgresql/");

    @Test
    void the_product_jar_carries_no_benchmark_simulator_demo_or_embedded_database() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> strays = jar.stream().map(ZipEntry::getName)
                    .filter(name -> NOT_PRODUCT.stream().anyMatch(name::contains)).toList();
            assertEquals(List.of(), strays, "entries that are not the product");
            assertTrue(jar.getEntry("io/qiaoqiao/gateway/Main.class") != null, "the gateway itself is in it");
            assertTrue(jar.getEntry("builtin-plugins/triage-escalation.jar") != null, "with its built-in plugins");
        }
    }

    @Test
    void the_jar_logs_through_logback_with_its_own_configuration_and_knows_its_build() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertTrue(jar.getEntry("logback.xml") != null, "the product's logging configuration");
            assertTrue(jar.getEntry("qiaoqiao/logback-defaults.xml") != null, "the library levels a log.config file includes");
            assertTrue(jar.getEntry("ch/qos/logback/classic/LoggerContext.class") != null, "Logback");
            assertEquals(null, jar.getEntry("logback-test.xml"), "the tests' logging stays with the tests");
            assertEquals(List.of(), jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("org/slf4j/simple/")).toList(),
                    "one SLF4J provider only");
            java.util.Properties build = new java.util.Properties();
            try (var in = jar.getInputStream(jar.getEntry("qiaoqiao-build.properties"))) {
                build.load(in);
            }
            assertTrue(build.getProperty("version").matches("\\d+\\.\\d+\\.\\d+.*"), build.toString());
            // The revision is written by git itself, into its own resource, when the build runs in a checkout.
            var revisionEntry = jar.getEntry("qiaoqiao-revision.properties");
            java.util.Properties revision = new java.util.Properties();
            if (revisionEntry != null) {
                try (var in = jar.getInputStream(revisionEntry)) {
                    revision.load(in);
                }
            }
            assertTrue(revision.getProperty("revision", "unknown").matches("[0-9a-f]{12}|unknown"), revision.toString());
        }
    }

    @Test
    void the_jar_runs_the_gateway_and_names_nothing_else_on_its_class_path() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("io.qiaoqiao.gateway.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals(null, jar.getManifest().getMainAttributes().getValue("Class-Path"));
        }
    }
}
