package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.plugin.api.Category;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every prompt a script can play has its words in ops/prompts/prompts.tsv. */
class HotlinePromptsTest {
    @Test
    void everyPromptTheScriptsPlayHasItsWordsInThePromptTable() throws Exception {
        Set<String> table = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("../ops/prompts/prompts.tsv"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] columns = line.split("\t");
                assertTrue(columns.length == 2 && !columns[1].isBlank(), "id<TAB>text: " + line);
                table.add(columns[0]);
            }
        }
        Set<String> used = new HashSet<>();
        for (Field field : Prompts.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                used.add((String) field.get(null));
            }
        }
        for (Category category : Category.values()) {
            used.add(Prompts.category(category));
        }
        used.removeAll(table);
        assertTrue(used.isEmpty(), "prompts without words in prompts.tsv: " + used);
    }
}
