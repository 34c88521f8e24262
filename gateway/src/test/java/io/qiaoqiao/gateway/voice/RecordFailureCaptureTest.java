package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hotline call of {@code captures/asterisk-22-record-failure.txt}, replayed with Asterisk's
 * own header block and answers: the caller pressed nothing and {@code RECORD FILE} came back
 * {@code 200 result=-1 (randomerror) endpos=0} while the caller was still on the line. The
 * gateway ended the script there; it must go on to the ticket code and "help is coming".
 */
class RecordFailureCaptureTest {
    private static final AgiCapture CAPTURE = AgiCapture.read("/captures/asterisk-22-record-failure.txt");

    // The shipped defaults (recordings under /var/spool/asterisk/qiaoqiao, as in the capture).
    private final VoiceEdgeFixture voice = new VoiceEdgeFixture(Map.of());

    @AfterEach
    void stop() {
        voice.close();
    }

    @Test
    void theCaptureIsTheSessionThisTestIsAbout() {
        assertTrue(CAPTURE.headerLines().contains("agi_callerid: 13900001002"), CAPTURE.headerLines()::toString);
        assertTrue(CAPTURE.headerLines().contains("agi_uniqueid: 1796155351.35"));
        AgiCapture.Exchange record = CAPTURE.exchanges().stream().filter(e -> e.verb().equals("RECORD FILE")).findFirst()
                .orElseThrow();
        assertEquals("200 result=-1 (randomerror) endpos=0", record.reply());
        assertEquals("/var/spool/asterisk/qiaoqiao/1796155351.35", record.firstArgument());
    }

    @Test
    void aCallerStillOnTheLineAfterRandomErrorHearsTheCodeTwiceAndHelpIsComing() throws Exception {
        FakeAsteriskAgiClient asterisk = FakeAsteriskAgiClient.replaying(CAPTURE);
        List<String> commands = voice.complete(asterisk);

        int record = indexOf(commands, "RECORD FILE \"/var/spool/asterisk/qiaoqiao/1796155351.35\" \"wav\"");
        assertEquals(List.of(
                "STREAM FILE \"qiaoqiao/ticket-code-is\" \"\"",
                "SAY DIGITS \"4321\" \"\"",
                "STREAM FILE \"qiaoqiao/ticket-code-again\" \"\"",
                "SAY DIGITS \"4321\" \"\"",
                "STREAM FILE \"qiaoqiao/help-is-coming\" \"\""), commands.subList(record + 1, commands.size()));
        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(VoiceDesk.RequestKind.CALLBACK, ticket.kind(), "a volunteer calls back the caller who said nothing");
        assertEquals("+8613900001002", ticket.callerPhone());
        assertEquals(Optional.empty(), ticket.recording());
        voice.awaitCalls("hotline", "completed", 1);
        assertEquals(0, voice.calls("hotline", "hangup"));
    }

    private static int indexOf(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + " in " + commands);
    }
}
