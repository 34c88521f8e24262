package io.qiaoqiao.gateway.broadcast;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Broadcasts speak their notices with espeak-ng and sox on the gateway host. Tests that make one
 * are skipped where the tools are missing, unless {@code REQUIRE_GENERATED_PROMPTS=1} (CI, which
 * installs them) makes that a failure.
 */
public final class SpeechTools {
    private SpeechTools() {
    }

    public static void requireOrSkip() {
        boolean present = onPath("espeak-ng") && onPath("sox");
        if (present) {
            return;
        }
        String why = "espeak-ng and sox are not installed (apt-get install espeak-ng sox)";
        if (System.getenv("REQUIRE_GENERATED_PROMPTS") != null) {
            throw new AssertionError(why + "; REQUIRE_GENERATED_PROMPTS is set");
        }
        Assumptions.abort(why);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
