package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.qiaoqiao.gateway.voice.VoiceEdgeFixture.RESIDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer Asterisk 22's {@code res_agi.c} gives to {@code RECORD FILE}, for a caller who
 * pressed nothing: {@code (hangup)} is the only one that means the caller is gone; after
 * {@code (writefile)}, {@code (randomerror)}, {@code (timeout)} and {@code (dtmf)} the caller is
 * still on the line and must hear their ticket code and that help is coming.
 */
class RecordFileRepliesTest {
    /** What a caller still on the line hears after the recording, as written in the prompt table. */
    private static final List<String> READ_BACK = List.of(
            "STREAM FILE \"qiaoqiao/ticket-code-is\" \"\"",
            "SAY DIGITS \"4321\" \"\"",
            "STREAM FILE \"qiaoqiao/ticket-code-again\" \"\"",
            "SAY DIGITS \"4321\" \"\"",
            "STREAM FILE \"qiaoqiao/help-is-coming\" \"\"");

    private final VoiceEdgeFixture voice = new VoiceEdgeFixture();

    @AfterEach
    void stop() {
        voice.close();
    }

    private List<String> recordingAnsweredWith(String uniqueId, String reply) throws Exception {
        return voice.complete(voice.call("hotline", RESIDENT, uniqueId).replyWith("RECORD FILE", reply));
    }

    /** The commands after RECORD FILE. */
    private static List<String> after(List<String> commands, String prefix) {
        int at = -1;
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "no " + prefix + " in " + commands);
        return commands.subList(at + 1, commands.size());
    }

    @Test
    void theBeepIsOurOwnPromptPlayedJustBeforeRecordFileWhichHasNoBeepOption() throws Exception {
        List<String> commands = recordingAnsweredWith("10.1", "200 result=0 (timeout) endpos=0");

        int record = commands.indexOf("RECORD FILE \"/rec/10.1\" \"wav\" \"#\" 60000 0 s=5");
        assertTrue(record > 0, commands::toString);
        assertEquals("STREAM FILE \"qiaoqiao/beep\" \"\"", commands.get(record - 1));
    }

    @Test
    void hangupDuringTheRecordingKeepsWhatWasSaidOnACallbackTicketAndSendsNothingMore() throws Exception {
        List<String> commands = recordingAnsweredWith("10.2", "200 result=-1 (hangup) endpos=24000");

        assertTrue(commands.getLast().startsWith("RECORD FILE"), commands::toString);
        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(VoiceDesk.RequestKind.CALLBACK, ticket.kind());
        assertEquals(Optional.of("/rec/10.2.wav"), ticket.recording());
        voice.awaitCalls("hotline", "hangup", 1);
    }

    @Test
    void recordingsFolderMissingOrNotWritableStillGivesTheCallerACallbackTicketWithItsCodeReadBack() throws Exception {
        List<String> commands = recordingAnsweredWith("10.3", "200 result=-1 (writefile)");

        assertEquals(READ_BACK, after(commands, "RECORD FILE"));
        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(VoiceDesk.RequestKind.CALLBACK, ticket.kind());
        assertEquals(Optional.empty(), ticket.recording(), "Asterisk wrote no file");
        voice.awaitCalls("hotline", "completed", 1);
        assertEquals(1, voice.counter("qiaoqiao.callback.tickets"));
    }

    @Test
    void randomErrorIsNotAHangUpTheCallerGetsACallbackTicketWithItsCodeReadBack() throws Exception {
        List<String> commands = recordingAnsweredWith("10.4", "200 result=-1 (randomerror) endpos=0");

        assertEquals(READ_BACK, after(commands, "RECORD FILE"));
        assertEquals(VoiceDesk.RequestKind.CALLBACK, voice.desk.onlyTicket().kind());
        assertEquals(Optional.empty(), voice.desk.onlyTicket().recording());
        voice.awaitCalls("hotline", "completed", 1);
    }

    @Test
    void silenceUntilTheTimeoutIsACallbackTicketWithItsCodeReadBack() throws Exception {
        List<String> commands = recordingAnsweredWith("10.5", "200 result=0 (timeout) endpos=0");

        assertEquals(READ_BACK, after(commands, "RECORD FILE"));
        assertEquals(VoiceDesk.RequestKind.CALLBACK, voice.desk.onlyTicket().kind());
        assertEquals(Optional.empty(), voice.desk.onlyTicket().recording());
    }

    @Test
    void speechEndedBySilenceIsARequestWithTheRecording() throws Exception {
        List<String> commands = recordingAnsweredWith("10.6", "200 result=0 (timeout) endpos=48000");

        assertEquals(READ_BACK, after(commands, "RECORD FILE"));
        assertEquals(VoiceDesk.RequestKind.REQUEST, voice.desk.onlyTicket().kind());
        assertEquals(Optional.of("/rec/10.6.wav"), voice.desk.onlyTicket().recording());
        assertEquals(1, voice.counter("qiaoqiao.voice.recordings"));
    }

    @Test
    void speechEndedByTheHashKeyIsARequestWithTheRecording() throws Exception {
        List<String> commands = recordingAnsweredWith("10.7", "200 result=35 (dtmf) endpos=16000");

        assertEquals(READ_BACK, after(commands, "RECORD FILE"));
        assertEquals(VoiceDesk.RequestKind.REQUEST, voice.desk.onlyTicket().kind());
        assertEquals(Optional.of("/rec/10.7.wav"), voice.desk.onlyTicket().recording());
    }

    @Test
    void theOneLogLineForAFolderAsteriskCannotWriteNamesTheFolderAndTheSetting() {
        AgiCall.Recording failed = new AgiCall.Recording("/var/spool/asterisk/qiaoqiao/1.2.wav", 0,
                AgiCall.RecordingEnd.CANNOT_WRITE, "200 result=-1 (writefile)");

        assertEquals("Asterisk could not create /var/spool/asterisk/qiaoqiao/1.2.wav: the folder "
                + "voice.recordings-dir=/var/spool/asterisk/qiaoqiao is missing or Asterisk may not write to it "
                + "(see ops/asterisk/README.md); the caller stays on the line and gets a callback ticket",
                HotlineIvr.recordingFailure(failed, "/var/spool/asterisk/qiaoqiao"));
    }

    @Test
    void aBareHangupLineInPlaceOfTheAnswerEndsTheCallWithACallbackTicket() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "10.8").hangUpBefore("RECORD FILE"));

        assertTrue(commands.getLast().startsWith("RECORD FILE"), commands::toString);
        assertEquals(VoiceDesk.RequestKind.CALLBACK, voice.desk.onlyTicket().kind());
        assertEquals(Optional.empty(), voice.desk.onlyTicket().recording());
        voice.awaitCalls("hotline", "hangup", 1);
    }

    @Test
    void aDeadChannelAnswerEndsTheCallWithACallbackTicket() throws Exception {
        List<String> commands = recordingAnsweredWith("10.9", FakeAsteriskAgiClient.DEAD_CHANNEL);

        assertTrue(commands.getLast().startsWith("RECORD FILE"), commands::toString);
        assertEquals(VoiceDesk.RequestKind.CALLBACK, voice.desk.onlyTicket().kind());
        voice.awaitCalls("hotline", "hangup", 1);
    }

    @Test
    void aCallerWhoHungUpDuringAFailedRecordingIsFoundOutByTheNextPrompt() throws Exception {
        // (randomerror) also comes when the caller hangs up during Asterisk's beep: the next
        // command tells, with Asterisk's bare HANGUP line.
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "10.10")
                .replyWith("RECORD FILE", "200 result=-1 (randomerror) endpos=0").hangUpBefore("STREAM FILE"));

        assertEquals(List.of("STREAM FILE \"qiaoqiao/ticket-code-is\" \"\""), after(commands, "RECORD FILE"));
        assertEquals(VoiceDesk.RequestKind.CALLBACK, voice.desk.onlyTicket().kind());
        voice.awaitCalls("hotline", "hangup", 1);
    }
}
