package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Residents hear the name they read: the service has one name, the template
 * {@code service-name} of the default templates, which signs every text and which
 * {@code generate.sh} puts into the prompts. No prompt spells a name itself, no signature in
 * the code differs, and the homophone the prompts once said appears nowhere in the repository.
 */
class ServiceNameTest {
    private static final Path REPOSITORY = Path.of("..");
    private static final Path TEMPLATES =
            Path.of("../plugins/default-templates/src/main/resources/io/qiaoqiao/plugins/templates/zh-CN.properties");
    /** The homophone of 桥桥 the prompts once said, escaped so that this test is not a hit itself. */
    private static final String WRONG_NAME = "\u5DE7\u5DE7";
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "sounds", "studio", "node_modules", ".idea");
    private static final Pattern SIGNATURE = Pattern.compile("【([^】]*)】");

    private static String serviceName() throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(Files.newInputStream(TEMPLATES), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p.getProperty("service-name");
    }

    @Test
    void theServiceNameIsTheOneTheTextsAreSignedWith() throws IOException {
        assertEquals("桥桥", serviceName());
    }

    @Test
    void promptsSayTheServiceNameOnlyThroughThePlaceholder() throws IOException {
        String name = serviceName();
        List<String> spelled = new ArrayList<>();
        int placeholders = 0;
        for (Map.Entry<String, String> row : GeneratedPrompts.table().entrySet()) {
            String text = row.getValue();
            if (text.contains(name) || text.contains(WRONG_NAME) || text.contains("Qiaoqiao")) {
                spelled.add(row.getKey() + ": " + text);
            }
            placeholders += text.contains("{service-name}") ? 1 : 0;
        }
        assertEquals(List.of(), spelled, "say {service-name} in prompts.tsv");
        assertTrue(placeholders >= 3, "the greeting, the rating call and the confirmation call name the service");
    }

    @Test
    void everySignatureWrittenInCodeIsTheServiceName() throws IOException {
        String name = serviceName();
        List<String> other = new ArrayList<>();
        List<Path> sources = textFiles(REPOSITORY).stream()
                .filter(p -> p.toString().replace('\\', '/').contains("/src/main/java/")).toList();
        assertTrue(sources.stream().anyMatch(p -> p.endsWith(Path.of("voice", "HotlineIvr.java"))), "found the sources");
        for (Path file : sources) {
            Matcher m = SIGNATURE.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!m.group(1).equals(name)) {
                    other.add(file + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), other);
    }

    @Test
    void theOtherSpellingAppearsNowhereInTheRepository() throws IOException {
        List<Path> files = textFiles(REPOSITORY);
        assertTrue(files.size() > 100, "the walk found the repository: " + files.size() + " files");
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            if (new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(WRONG_NAME)) {
                found.add(REPOSITORY.relativize(file).toString());
            }
        }
        assertEquals(List.of(), found);
    }

    private static List<Path> textFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (SKIPPED_DIRS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return Files.isRegularFile(p);
                    })
                    .filter(p -> !p.toString().matches(".*\\.(wav|jar|png|gz|zip|class)$"))
                    .toList();
        }
    }
}
