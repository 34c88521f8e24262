package io.qiaoqiao.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.config.ConfigKey;
import io.qiaoqiao.gateway.config.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's key table is the declarations, row for row: a key added without documentation fails here. */
class ReadmeConfigTest {
    private static final String BEGIN = "<!-- config-keys: generated from Keys.java, checked by ReadmeConfigTest -->";
    private static final String END = "<!-- /config-keys -->";

    static String table() {
        return "| key | type | default | meaning |\n| --- | --- | --- | --- |\n" + Keys.ALL.stream().map(k -> "| `" + k.name()
                + "` | " + type(k) + " | " + (k.defaultValue().isEmpty() ? "empty" : "`" + k.defaultValue() + "`") + " | "
                + k.doc().replace("|", "\\|") + " |").collect(Collectors.joining("\n")) + "\n";
    }

    private static String type(ConfigKey key) {
        return key.type().name().toLowerCase(Locale.ROOT) + (key.secret() ? ", secret" : "");
    }

    @Test
    void the_readme_key_table_is_generated_from_the_declarations() throws IOException {
        String readme = Files.readString(OpsFiles.root().getParent().resolve("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        String documented = begin < 0 || end < begin ? "(no table between " + BEGIN + " and " + END + ")"
                : readme.substring(begin + BEGIN.length(), end).strip() + "\n";
        assertEquals(table(), documented, "paste the expected table into README.md");
    }
}
