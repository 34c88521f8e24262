package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.plugin.api.Category;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The prompts as {@code ops/prompts/generate.sh} makes them, for tests that check the files
 * Asterisk will play. Where: {@code -Dqiaoqiao.prompts.dir=…}, else {@code target/prompts},
 * generated there once per test run when espeak-ng and sox are on the PATH (CI installs them),
 * else whatever a build step left in {@code target/prompts}. Without any of these the test is
 * skipped, unless {@code REQUIRE_GENERATED_PROMPTS=1} is set (CI), when it fails.
 */
final class GeneratedPrompts {
    static final Path PROMPT_DIR = Path.of("../ops/prompts");
    static final Path TABLE = PROMPT_DIR.resolve("prompts.tsv");
    private static final Path TARGET = Path.of("target/prompts");
    private static Path generated;

    private GeneratedPrompts() {
    }

    /** The folder with {@code <prompt id>.wav}, or the calling test is skipped (see above). */
    static synchronized Path dir() {
        String given = System.getProperty("qiaoqiao.prompts.dir");
        if (given != null) {
            return Path.of(given);
        }
        if (generated == null && onPath("espeak-ng") && onPath("sox")) {
            generate(TARGET);
            generated = TARGET;
        }
        if (generated != null || Files.isRegularFile(TARGET.resolve("hotline-menu.wav"))) {
            return TARGET;
        }
        String why = "no generated prompts: install espeak-ng and sox (apt-get install espeak-ng sox)";
        if (System.getenv("REQUIRE_GENERATED_PROMPTS") != null) {
            throw new AssertionError(why + "; REQUIRE_GENERATED_PROMPTS is set");
        }
        Assumptions.abort(why);
        return null;
    }

    /** Every prompt id the scripts can play: each constant of {@link Prompts}, the categories, the digits. */
    static Set<String> played() throws IllegalAccessException {
        Set<String> ids = new TreeSet<>();
        for (Field field : Prompts.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                field.setAccessible(true);
                ids.add((String) field.get(null));
            }
        }
        for (Category category : Category.values()) {
            ids.add(Prompts.category(category));
        }
        // SAY DIGITS reads ticket codes with Asterisk's digits/N in the channel's language (zh).
        for (char digit = '0'; digit <= '9'; digit++) {
            ids.add("digits/" + digit);
        }
        return ids;
    }

    /** prompts.tsv: prompt id to its text, in file order. */
    static Map<String, String> table() {
        Map<String, String> rows = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] columns = line.split("\t");
                    if (columns.length != 2 || columns[1].isBlank()) {
                        throw new AssertionError("prompts.tsv rows are id<TAB>text: " + line);
                    }
                    if (rows.put(columns[0], columns[1]) != null) {
                        throw new AssertionError("prompts.tsv has " + columns[0] + " twice");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static void generate(Path out) {
        try {
            Path log = Files.createTempFile("generate-prompts", ".log");
            Process p = new ProcessBuilder("bash", PROMPT_DIR.resolve("generate.sh").toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("generate.sh took over two minutes");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("generate.sh failed with " + p.exitValue() + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while generating the prompts", e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
