package io.qiaoqiao.gateway.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broadcast and check-in scripts against Asterisk's FastAGI as captured: the words in order,
 * the key reported the moment it is pressed, the hang-up, and how each call's end is reported.
 */
class ReachScriptsTest {
    /** A desk that keeps every report, in order. */
    static final class RecordingReachDesk implements ReachDesk {
        final List<String> reports = Collections.synchronizedList(new ArrayList<>());
        volatile Optional<Notice> notice = Optional.of(new Notice("/var/spool/asterisk/qiaoqiao-notices/speech-1.wav", false));

        @Override
        public Future<Optional<Notice>> notice(long callId) {
            return Future.succeededFuture(notice);
        }

        @Override
        public Future<Void> keyPressed(long callId, char key) {
            reports.add(callId + " key " + key);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> callEnded(long callId, VoiceDesk.ScriptResult result) {
            reports.add(callId + " ended " + result);
            return Future.succeededFuture();
        }
    }

    private final RecordingReachDesk desk = new RecordingReachDesk();
    private final VoiceEdge edge = new VoiceEdge(Config.of(Map.of("agi.port", "0", "voice.digit-timeout-ms", "5000")),
            new RecordingVoiceDesk(), desk, new SimpleMeterRegistry());

    ReachScriptsTest() throws Exception {
        edge.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        edge.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private List<String> call(FakeAsteriskAgiClient client) throws Exception {
        List<String> commands = client.dial(edge.port()).get(20, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> desk.reports.stream()
                .anyMatch(r -> r.contains(" ended ")));
        return commands;
    }

    @Test
    void a_broadcast_plays_the_notice_twice_asks_for_1_reports_it_at_once_and_hangs_up() throws Exception {
        List<String> commands = call(new FakeAsteriskAgiClient("broadcast?call=41&attempt=2", "12345", "1.1").press('1'));
        assertEquals(List.of("ANSWER", "STREAM FILE \"qiaoqiao/broadcast-intro\" \"\"",
                "STREAM FILE \"/var/spool/asterisk/qiaoqiao-notices/speech-1\" \"\"", "STREAM FILE \"qiaoqiao/broadcast-again\" \"\"",
                "STREAM FILE \"/var/spool/asterisk/qiaoqiao-notices/speech-1\" \"\"", "GET DATA \"qiaoqiao/broadcast-heard\" 5000 1",
                "STREAM FILE \"qiaoqiao/broadcast-thanks\" \"\"", "HANGUP"), commands);
        assertEquals(List.of("41 key 1", "41 ended COMPLETED"), desk.reports);
    }

    @Test
    void an_emergency_says_so_and_a_resident_who_presses_nothing_is_asked_twice() throws Exception {
        desk.notice = Optional.of(new ReachDesk.Notice("/n/speech-2.wav", true));
        List<String> commands = call(new FakeAsteriskAgiClient("broadcast?call=42", "12345", "1.2"));
        assertEquals("STREAM FILE \"qiaoqiao/broadcast-intro-urgent\" \"\"", commands.get(1));
        assertEquals(2, commands.stream().filter(c -> c.startsWith("GET DATA \"qiaoqiao/broadcast-heard\"")).count());
        assertEquals(List.of("STREAM FILE \"qiaoqiao/goodbye\" \"\"", "HANGUP"), commands.subList(commands.size() - 2, commands.size()));
        assertEquals(List.of("42 ended NO_KEY"), desk.reports);
    }

    @Test
    void a_resident_who_hangs_up_during_the_notice_is_reported_hung_up_and_one_gone_during_the_thanks_still_heard_it()
            throws Exception {
        call(new FakeAsteriskAgiClient("broadcast?call=43", "12345", "1.3").hangUpAt("STREAM FILE"));
        assertEquals(List.of("43 ended HUNG_UP"), desk.reports);
        desk.reports.clear();
        // The caller's actions are taken in order: the 1 at the question, then gone at the next prompt, the thanks.
        List<String> commands = call(new FakeAsteriskAgiClient("broadcast?call=44", "12345", "1.4").press('1').hangUpAt("STREAM FILE"));
        assertEquals("STREAM FILE \"qiaoqiao/broadcast-thanks\" \"\"", commands.getLast(), "no HANGUP after the resident's own");
        assertEquals(List.of("44 key 1", "44 ended COMPLETED"), desk.reports);
    }

    @Test
    void a_broadcast_call_without_a_notice_says_goodbye() throws Exception {
        desk.notice = Optional.empty();
        List<String> commands = call(new FakeAsteriskAgiClient("broadcast?call=45", "12345", "1.5"));
        assertEquals(List.of("ANSWER", "STREAM FILE \"qiaoqiao/goodbye\" \"\"", "HANGUP"), commands);
        assertEquals(List.of("45 ended COMPLETED"), desk.reports);
    }

    @Test
    void a_check_in_asks_how_they_are_and_answers_1_or_2() throws Exception {
        List<String> well = call(new FakeAsteriskAgiClient("checkin?call=51&attempt=1", "12345", "2.1").press('1'));
        assertEquals(List.of("ANSWER", "GET DATA \"qiaoqiao/checkin-ask\" 5000 1", "STREAM FILE \"qiaoqiao/checkin-ok\" \"\"", "HANGUP"),
                well);
        assertEquals(List.of("51 key 1", "51 ended COMPLETED"), desk.reports);
        desk.reports.clear();
        List<String> help = call(new FakeAsteriskAgiClient("checkin?call=52", "12345", "2.2").press('7').press('2'));
        assertEquals("STREAM FILE \"qiaoqiao/checkin-help\" \"\"", help.get(help.size() - 2), "a wrong key counts as a try");
        assertEquals(List.of("52 key 2", "52 ended COMPLETED"), desk.reports);
    }

    @Test
    void a_call_without_its_id_is_refused_before_a_word() throws Exception {
        List<String> commands = new FakeAsteriskAgiClient("checkin", "12345", "3.1").dial(edge.port()).get(20, TimeUnit.SECONDS);
        assertEquals(List.of("GET VARIABLE \"QQ_CALL\""), commands);
        assertEquals(List.of(), desk.reports);
    }
}
