package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.qiaoqiao.gateway.voice.VoiceEdgeFixture.RESIDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hotline caller who presses nothing hears the beep within 30 s of the answer. Measured on a
 * simulated clock that runs as Asterisk plays the prompts {@code generate.sh} makes (their WAV
 * lengths) and waits out {@code GET DATA} timeouts, with the shipped default settings — the
 * timing the record-failure capture shows for a real Asterisk 22, without waiting for it.
 */
class TimeToBeepTest {
    private static final double LIMIT_SECONDS = 30.0;

    private final VoiceEdgeFixture voice = new VoiceEdgeFixture(Map.of());

    @AfterEach
    void stop() {
        voice.close();
    }

    @Test
    void aCallerWhoPressesNothingHearsTheBeepWithinThirtySecondsOfTheAnswer() throws Exception {
        assertBeepInTime("1796155351.35", List.of(
                "ANSWER",
                "STREAM FILE \"qiaoqiao/hotline-greeting\" \"01234\"",
                "GET DATA \"qiaoqiao/hotline-menu\" 5000 1",
                "STREAM FILE \"qiaoqiao/beep\" \"\"",
                "RECORD FILE \"/var/spool/asterisk/qiaoqiao/1796155351.35\" \"wav\" \"#\" 60000 0 s=5"),
                "greeting, the menu once, our beep, the recording");
    }

    @Test
    void aCallerWithAnOpenRequestWhoPressesNothingHearsTheBeepWithinThirtySecondsToo() throws Exception {
        voice.desk.standings.put(RESIDENT, new VoiceDesk.RequestStanding("1234", VoiceDesk.Stage.WAITING, Optional.empty()));
        assertBeepInTime("1796155351.36", List.of(
                "ANSWER",
                "STREAM FILE \"qiaoqiao/hotline-greeting-status\" \"012349\"",
                "GET DATA \"qiaoqiao/hotline-menu\" 5000 1",
                "STREAM FILE \"qiaoqiao/beep\" \"\"",
                "RECORD FILE \"/var/spool/asterisk/qiaoqiao/1796155351.36\" \"wav\" \"#\" 60000 0 s=5"),
                "the greeting that offers 9 takes the usual greeting's place: nothing is added before the beep");
    }

    /** A call that presses nothing, played on the simulated clock: it starts as {@code expected} and the beep is in time. */
    private void assertBeepInTime(String uniqueId, List<String> expected, String why) throws Exception {
        FakeAsteriskAgiClient asterisk = voice.call("hotline", RESIDENT, uniqueId)
                .playback(new AsteriskPlaybackTime(generatedSamples(), "qiaoqiao"));
        voice.complete(asterisk);

        List<AsteriskPlaybackTime.Timed> timeline = asterisk.timeline();
        assertEquals(List.of(), asterisk.missingPrompts(), "prompts the call asked for that generate.sh does not make");
        assertEquals(expected, timeline.subList(0, expected.size()).stream().map(AsteriskPlaybackTime.Timed::command).toList(), why);
        double beep = timeline.get(3).at();
        System.out.printf("time to beep %.2f s: %s%n", beep, timeline);
        assertTrue(beep <= LIMIT_SECONDS, "the beep starts " + beep + " s after the answer: " + timeline);
    }

    @Test
    void theSimulatedClockKeepsTheTimeOfTheCapturedCall() {
        // The prompts as shipped when the capture was made: greeting and recording prompt from
        // their endpos, the menu as generate.sh made it then (21.04 s).
        AsteriskPlaybackTime old = new AsteriskPlaybackTime(
                Map.of("hotline-greeting", 57_160L, "hotline-menu", 168_284L, "hotline-record", 154_000L), "qiaoqiao");
        List<AgiCapture.Exchange> captured = AgiCapture.read("/captures/asterisk-22-record-failure.txt").exchanges();

        Duration capturedTotal = Duration.ZERO;
        for (AgiCapture.Exchange e : captured) {
            Duration simulated = old.took(e.command(), e.reply());
            assertTrue(simulated.minus(e.took()).abs().compareTo(Duration.ofSeconds(1)) < 0,
                    e.command() + " took " + e.took() + " on Asterisk's clock, " + simulated + " simulated");
            capturedTotal = capturedTotal.plus(e.took());
        }
        List<AsteriskPlaybackTime.Timed> timeline = old.timeline(captured);
        AsteriskPlaybackTime.Timed record = timeline.getLast();
        assertTrue(record.command().startsWith("RECORD FILE"));
        // 20:02:31 ANSWER … 20:03:52 RECORD FILE: 81 s before the (failed) beep.
        assertEquals(81, capturedTotal.toSeconds());
        assertEquals(81.5, record.at(), 1.0);
    }

    /** The length of every prompt the scripts can play, from the generated WAV files. */
    static Map<String, Long> generatedSamples() throws Exception {
        Path dir = GeneratedPrompts.dir();
        Map<String, Long> samples = new HashMap<>();
        for (String id : GeneratedPrompts.played()) {
            Path file = dir.resolve(id + ".wav");
            if (Files.isRegularFile(file)) {
                samples.put(id, WavHeader.read(file).samples());
            }
        }
        return samples;
    }
}
