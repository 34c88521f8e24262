package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ops/prompts/prompts.tsv and the scripts agree: every prompt a script can play has a row, no
 * row is a prompt nobody plays, and every prompt id in {@link Prompts} is used by a script.
 */
class PromptTableTest {
    private static final Path VOICE_SOURCES = Path.of("src/main/java/io/qiaoqiao/gateway/voice");

    @Test
    void everyPromptTheScriptsCanPlayHasARowInThePromptTable() throws Exception {
        Set<String> missing = new TreeSet<>(GeneratedPrompts.played());
        missing.removeAll(GeneratedPrompts.table().keySet());
        assertEquals(Set.of(), missing, "prompts without a row in prompts.tsv");
    }

    @Test
    void thePromptTableHasNoPromptTheScriptsNeverPlay() throws Exception {
        Set<String> unplayed = new TreeSet<>(GeneratedPrompts.table().keySet());
        unplayed.removeAll(GeneratedPrompts.played());
        assertEquals(Set.of(), unplayed, "rows of prompts.tsv no script plays");
    }

    @Test
    void everyPromptIdIsUsedByAScript() throws Exception {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.list(VOICE_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            }
        }
        List<String> unused = new ArrayList<>();
        for (Field field : Prompts.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                // Once for the declaration; a script's use is any further mention.
                Matcher m = Pattern.compile("\\b" + field.getName() + "\\b").matcher(sources);
                int mentions = 0;
                while (m.find()) {
                    mentions++;
                }
                if (mentions < 2) {
                    unused.add(field.getName());
                }
            }
        }
        assertEquals(List.of(), unused, "prompt ids in Prompts that no script plays");
    }
}
