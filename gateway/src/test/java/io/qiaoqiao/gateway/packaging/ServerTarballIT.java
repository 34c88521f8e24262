package io.qiaoqiao.gateway.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball the package phase builds, {@code target/qiaoqiao-<version>.tar.gz}, as a
 * township server unpacks it (with {@code tar}, not with the build's code): it holds every file
 * the install section of ops/OPERATIONS.md uses, the jar is the product jar, the systemd unit
 * starts the release's start script, and that script refuses a Java older than 21 saying which
 * version it found, and runs the jar with a newer one.
 */
class ServerTarballIT {
    private static final String VERSION = System.getProperty("qiaoqiao.version", "");
    private static final Path TARBALL = Path.of("target", "qiaoqiao-" + VERSION + ".tar.gz");
    @TempDir
    static Path unpacked;
    private static Path release;

    @BeforeAll
    static void unpack() throws Exception {
        assertFalse(VERSION.isEmpty(), "failsafe passes the project version as qiaoqiao.version");
        assertTrue(Files.isRegularFile(TARBALL), TARBALL + " is built by the package phase");
        Process tar = new ProcessBuilder("tar", "-xzf", TARBALL.toAbsolutePath().toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        String said = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), said);
        try (Stream<Path> top = Files.list(unpacked)) {
            assertEquals(List.of("qiaoqiao-" + VERSION), top.map(p -> p.getFileName().toString()).toList(),
                    "one folder named for the version, so releases unpack side by side under /opt");
        }
        release = unpacked.resolve("qiaoqiao-" + VERSION);
    }

    @Test
    void it_holds_the_product_jar_the_start_script_ops_and_a_readme() throws IOException {
        for (String file : List.of("qiaoqiao-gateway.jar", "bin/qiaoqiao", "README.md", "ops/OPERATIONS.md", "ops/DESK-API.md",
                "ops/systemd/qiaoqiao.service", "ops/qiaoqiao.sample.properties", "ops/logback.xml", "ops/asterisk/README.md",
                "ops/asterisk/extensions.conf", "ops/asterisk/manager.conf", "ops/prompts/prompts.tsv", "ops/prompts/generate.sh",
                "ops/metrics.md", "ops/prometheus/qiaoqiao-alerts.yml")) {
            assertTrue(Files.isRegularFile(release.resolve(file)), file + " is in the release");
        }
        assertArrayEquals(Files.readAllBytes(Path.of("target", "qiaoqiao-gateway.jar")),
                Files.readAllBytes(release.resolve("qiaoqiao-gateway.jar")), "the jar is the product jar the build made");
        assertTrue(Files.getPosixFilePermissions(release.resolve("bin/qiaoqiao")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(Files.getPosixFilePermissions(release.resolve("ops/prompts/generate.sh")).contains(PosixFilePermission.OWNER_EXECUTE));
        String readme = Files.readString(release.resolve("README.md"));
        assertTrue(readme.startsWith("# Qiaoqiao " + VERSION + " "), "the README names its version: " + readme.lines().findFirst());
        assertFalse(readme.contains("${"), "the README's placeholders are filled in");
    }

    @Test
    void every_file_of_the_release_the_debian_install_section_names_is_in_it() throws IOException {
        String guide = Files.readString(release.resolve("ops/OPERATIONS.md"));
        int start = guide.indexOf("## Install on Debian 12");
        assertTrue(start >= 0, "ops/OPERATIONS.md has the section");
        int end = guide.indexOf("\n## ", start + 1);
        String section = guide.substring(start, end < 0 ? guide.length() : end);
        for (String step : List.of("temurin-21-jdk", "apt-get install -y postgresql", "createuser", "createdb", "tar -xzf",
                "add-operator", "systemctl enable --now qiaoqiao", "curl -s localhost:8080/health")) {
            assertTrue(section.contains(step), "the section says " + step);
        }
        Set<String> named = new TreeSet<>();
        Matcher path = Pattern.compile("/opt/qiaoqiao/([A-Za-z0-9._/-]*[A-Za-z0-9_])").matcher(section);
        while (path.find()) {
            named.add(path.group(1));
        }
        assertTrue(named.containsAll(Set.of("bin/qiaoqiao", "ops/qiaoqiao.sample.properties", "ops/systemd/qiaoqiao.service",
                "ops/logback.xml")), named.toString());
        List<String> missing = named.stream().filter(p -> !Files.exists(release.resolve(p))).toList();
        assertEquals(List.of(), missing, "paths under /opt/qiaoqiao the section uses but the release lacks");
    }

    @Test
    void the_unit_sets_a_jdk_21_and_starts_the_release_start_script() throws IOException {
        List<String> unit = Files.readAllLines(release.resolve("ops/systemd/qiaoqiao.service"));
        List<String> execStart = unit.stream().filter(l -> l.startsWith("ExecStart=")).toList();
        assertEquals(List.of("ExecStart=/opt/qiaoqiao/bin/qiaoqiao run --config /etc/qiaoqiao/qiaoqiao.properties"), execStart);
        assertTrue(unit.contains("Environment=JAVA_HOME=/usr/lib/jvm/temurin-21-jdk-amd64"), "the JDK the install section installs");
        assertTrue(unit.indexOf("Environment=JAVA_HOME=/usr/lib/jvm/temurin-21-jdk-amd64") < unit.indexOf("EnvironmentFile=-/etc/qiaoqiao/env"),
                "the env file comes after, so a JAVA_HOME there wins");
    }

    @Test
    void the_start_script_refuses_java_17_naming_the_version_it_found() throws Exception {
        Path jdk = fakeJdk("jdk-17", "openjdk version \"17.0.12\" 2024-07-16\nOpenJDK Runtime Environment (build 17.0.12+7-Debian-2deb12u1)");
        Run run = start(Map.of("JAVA_HOME", jdk.toString()), "run", "--config", "/etc/qiaoqiao/qiaoqiao.properties");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("Java 21 or newer is needed"), run.err());
        assertTrue(run.err().contains(jdk.resolve("bin/java") + " is version 17.0.12"), run.err());
        assertEquals("", run.out(), "nothing was started");
        assertFalse(Files.exists(jdk.resolve("ran")), "the gateway was not run with Java 17");

        Path eight = fakeJdk("jdk-8", "java version \"1.8.0_402\"");
        Run old = start(Map.of("JAVA_HOME", eight.toString()), "--version");
        assertEquals(1, old.exit(), old.toString());
        assertTrue(old.err().contains("is version 1.8.0_402"), old.err());

        Run none = start(Map.of("JAVA_HOME", unpacked.resolve("no-such-jdk").toString()), "--version");
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.err().contains("no-such-jdk/bin/java is not there"), none.err());
    }

    @Test
    void the_start_script_runs_the_release_jar_with_java_21_and_passes_every_argument() throws Exception {
        Path jdk = fakeJdk("jdk-21", "openjdk version \"21.0.5\" 2024-10-15 LTS");
        Run run = start(Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", "-Xms256m -Xmx512m"),
                "run", "--config", "/etc/qiaoqiao/qiaoqiao.properties");
        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of("-Xms256m", "-Xmx512m", "-jar", release.resolve("qiaoqiao-gateway.jar").toString(), "run",
                "--config", "/etc/qiaoqiao/qiaoqiao.properties"), Files.readAllLines(jdk.resolve("ran")));
        Path newer = fakeJdk("jdk-25", "openjdk version \"25\" 2025-09-16");
        assertEquals(0, start(Map.of("JAVA_HOME", newer.toString()), "--version").exit());
    }

    /**
     * A JDK whose {@code java -version} prints {@code version} on standard error, as a real one
     * does; run otherwise, it writes its arguments one a line to {@code <jdk>/ran}.
     */
    private static Path fakeJdk(String name, String version) throws IOException {
        Path jdk = unpacked.resolve(name);
        Files.createDirectories(jdk.resolve("bin"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = \"-version\" ]; then\n  cat >&2 <<'EOF'\n" + version + "\nEOF\n  exit 0\nfi\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + jdk.resolve("ran") + "'\n");
        Files.setPosixFilePermissions(java, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        return jdk;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run start(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(release.resolve("bin/qiaoqiao").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("QIAOQIAO_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script ends");
        assertNotEquals(127, process.exitValue(), "the script itself was found and ran: " + err);
        return new Run(process.exitValue(), out, err);
    }
}
