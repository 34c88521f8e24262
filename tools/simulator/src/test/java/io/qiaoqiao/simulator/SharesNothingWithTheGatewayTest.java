package io.qiaoqiao.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulated SMSC is an oracle for the gateway's SMS codec only while it shares none of the
 * gateway's code: a bug in a shared class would be on both sides of every check and cancel out.
 * So no dependency on a gateway artifact, no gateway class on the class path, no source that
 * names the gateway's package, and no compiled class whose constant pool refers to it.
 */
class SharesNothingWithTheGatewayTest {
    private static final String PACKAGE = "io.qiaoqiao.gateway";
    private static final byte[] INTERNAL_NAME = "io/qiaoqiao/gateway".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_pom_depends_on_no_gateway_artifact() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<artifactId>qiaoqiao-simulator</artifactId>"), "this is the simulator's pom");
        assertFalse(pom.contains("<artifactId>qiaoqiao-gateway"), "the simulator must not depend on the gateway:\n" + pom);
    }

    @Test
    void no_gateway_class_is_on_the_class_path() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PACKAGE + ".Gateway"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PACKAGE + ".sms.DeliverSmDecoder"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PACKAGE + ".sms.OutboundTextEncoder"));
    }

    @Test
    void no_source_names_the_gateway_package() throws IOException {
        List<Path> sources = files(Path.of("src"), ".java");
        assertTrue(sources.contains(Path.of("src/main/java/io/qiaoqiao/simulator/SimulatedSmsc.java")), "found the sources: " + sources);
        List<String> offending = sources.stream().filter(p -> read(p).contains(PACKAGE)
                && !p.endsWith("SharesNothingWithTheGatewayTest.java")).map(Path::toString).toList();
        assertEquals(List.of(), offending, "sources that use the gateway's package");
    }

    @Test
    void no_compiled_class_refers_to_the_gateway() throws IOException, URISyntaxException {
        Path classes = Path.of(SimulatedSmsc.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> compiled = files(classes, ".class");
        assertTrue(compiled.stream().anyMatch(p -> p.endsWith("HandsetEncoder.class")), "found the classes in " + classes);
        // Every class a class file uses is named in its constant pool, in this internal form.
        List<String> offending = compiled.stream().filter(p -> contains(bytes(p), INTERNAL_NAME)).map(Path::toString).toList();
        assertEquals(List.of(), offending, "compiled classes that refer to " + PACKAGE);
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    private static String read(Path p) {
        return new String(bytes(p), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
