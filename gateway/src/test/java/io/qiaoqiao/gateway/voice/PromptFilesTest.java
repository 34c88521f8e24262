package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prompts {@code ops/prompts/generate.sh} really makes (see {@link GeneratedPrompts}): one
 * file per prompt the scripts can play, each in the one format Asterisk plays on a telephone
 * line without transcoding.
 */
@Tag("slow")
class PromptFilesTest {

    @Test
    void everyPromptTheScriptsCanPlayIsGeneratedAsEightKilohertzMonoSixteenBitPcm() throws Exception {
        Path dir = GeneratedPrompts.dir();
        List<String> problems = new ArrayList<>();
        for (String id : GeneratedPrompts.played()) {
            Path file = dir.resolve(id + ".wav");
            if (!Files.isRegularFile(file)) {
                problems.add(id + ": not generated");
                continue;
            }
            WavHeader wav = WavHeader.read(file);
            if (!wav.isTelephonePcm()) {
                problems.add(id + ": " + wav);
            } else if (wav.seconds() < 0.2) {
                problems.add(id + ": only " + wav.seconds() + " s");
            }
        }
        assertTrue(problems.isEmpty(), "in " + dir.toAbsolutePath() + ": " + problems);
    }

    @Test
    void theBeepIsAShortToneNotWords() throws Exception {
        WavHeader beep = WavHeader.read(GeneratedPrompts.dir().resolve("beep.wav"));

        assertEquals(0.4, beep.seconds(), 0.01);
        assertEquals(3200, beep.samples());
    }
}
