package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.qiaoqiao.gateway.voice.VoiceEdgeFixture.RESIDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HotlineIvrTest {
    private final VoiceEdgeFixture voice = new VoiceEdgeFixture();

    @AfterEach
    void stop() {
        voice.close();
    }

    @Test
    void callerPressingTwoGetsARepairTicketWithItsCodeReadBackTwice() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "1795368349.7").press('2'));

        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(Category.REPAIR, ticket.category());
        assertEquals(Urgency.NORMAL, ticket.urgency());
        assertEquals(VoiceDesk.RequestKind.REQUEST, ticket.kind());
        assertEquals(RESIDENT, ticket.callerPhone());
        assertTrue(ticket.registered());
        assertEquals(Optional.empty(), ticket.recording());
        assertEquals(List.of(
                "ANSWER",
                "STREAM FILE \"qiaoqiao/hotline-greeting\" \"01234\"",
                "GET DATA \"qiaoqiao/hotline-menu\" 10000 1",
                "STREAM FILE \"qiaoqiao/ticket-code-is\" \"\"",
                "SAY DIGITS \"4321\" \"\"",
                "STREAM FILE \"qiaoqiao/ticket-code-again\" \"\"",
                "SAY DIGITS \"4321\" \"\"",
                "STREAM FILE \"qiaoqiao/help-is-coming\" \"\""), commands);
        voice.awaitCalls("hotline", "completed", 1);
        assertEquals(1, voice.counter("qiaoqiao.ivr.choices", "choice", "repair"));
    }

    @Test
    void callerPressingZeroDuringTheGreetingGetsAnUrgentTicket() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "1.1").pressDuringPrompt('0'));

        assertEquals(Urgency.URGENT, voice.desk.onlyTicket().urgency());
        assertFalse(commands.stream().anyMatch(c -> c.startsWith("GET DATA")), "no menu after a key in the greeting");
        assertEquals("STREAM FILE \"qiaoqiao/help-is-coming-urgent\" \"\"", commands.getLast());
    }

    @Test
    void callerPressingNothingHearsTheMenuOnceThenTheBeepAndLeavesAMessageThatBecomesTheTicket() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "1795368349.7")
                .pressNothing().speak(48000));

        assertEquals(List.of(
                "ANSWER",
                "STREAM FILE \"qiaoqiao/hotline-greeting\" \"01234\"",
                "GET DATA \"qiaoqiao/hotline-menu\" 10000 1",
                "STREAM FILE \"qiaoqiao/beep\" \"\"",
                "RECORD FILE \"/rec/1795368349.7\" \"wav\" \"#\" 60000 0 s=5"), commands.subList(0, 5));
        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(Optional.of("/rec/1795368349.7.wav"), ticket.recording());
        assertEquals(VoiceDesk.RequestKind.REQUEST, ticket.kind());
        assertEquals(Category.UNKNOWN, ticket.category());
        assertEquals(2, commands.stream().filter(c -> c.startsWith("SAY DIGITS \"4321\"")).count());
        assertEquals(1, voice.counter("qiaoqiao.voice.recordings"));
        assertEquals(1, voice.counter("qiaoqiao.ivr.choices", "choice", "none"));
    }

    @Test
    void callerWhoRecordsOnlySilenceGetsACallbackTicketWithoutRecording() throws Exception {
        voice.complete(voice.call("hotline", RESIDENT, "2.2").pressNothing());

        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(VoiceDesk.RequestKind.CALLBACK, ticket.kind());
        assertEquals(Optional.empty(), ticket.recording());
    }

    @Test
    void callerHangingUpDuringTheGreetingGetsACallbackTicketAndNoFurtherCommand() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "1795368374.9").hangUpAt("STREAM FILE"));

        assertEquals(List.of("ANSWER", "STREAM FILE \"qiaoqiao/hotline-greeting\" \"01234\""), commands);
        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(VoiceDesk.RequestKind.CALLBACK, ticket.kind());
        assertEquals(RESIDENT, ticket.callerPhone());
        voice.awaitCalls("hotline", "hangup", 1);
        assertEquals(1, voice.counter("qiaoqiao.callback.tickets"));
    }

    @Test
    void aKeyThatIsNotOnTheMenuHearsTheMenuOnceMore() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "3.2").press('7').press('4'));

        assertEquals(2, commands.stream().filter(c -> c.equals("GET DATA \"qiaoqiao/hotline-menu\" 10000 1")).count());
        assertEquals(Category.MEDIATION, voice.desk.onlyTicket().category());
    }

    @Test
    void hangUpNoticedOnlyByABareHangupLineStopsTheScript() throws Exception {
        FakeAsteriskAgiClient caller = voice.call("hotline", RESIDENT, "3.3").press('7').hangUpBefore("GET DATA");
        List<String> commands = voice.complete(caller);

        assertTrue(commands.getLast().startsWith("GET DATA"), "nothing sent after HANGUP: " + commands);
        assertEquals(2, commands.stream().filter(c -> c.startsWith("GET DATA")).count());
        assertEquals(VoiceDesk.RequestKind.CALLBACK, voice.desk.onlyTicket().kind());
    }

    @Test
    void deadChannelReplyStopsTheScriptAndKeepsACallbackTicket() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "4.4")
                .replyWith("GET DATA", FakeAsteriskAgiClient.DEAD_CHANNEL));

        assertTrue(commands.getLast().startsWith("GET DATA"), commands::toString);
        assertEquals(VoiceDesk.RequestKind.CALLBACK, voice.desk.onlyTicket().kind());
        voice.awaitCalls("hotline", "hangup", 1);
    }

    @Test
    void hangUpWhileReadingTheCodeBackKeepsTheTicketAsItWas() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "5.5").press('1').hangUpAt("SAY DIGITS"));

        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(Category.ERRAND, ticket.category());
        assertEquals(VoiceDesk.RequestKind.REQUEST, ticket.kind());
        assertTrue(commands.getLast().startsWith("SAY DIGITS"), commands::toString);
        assertEquals(0, voice.counter("qiaoqiao.callback.tickets"));
    }

    @Test
    void callerHangingUpWhileRecordingGetsACallbackTicketWithWhatWasSaid() throws Exception {
        voice.complete(voice.call("hotline", RESIDENT, "6.6").pressNothing().hangUpAt("RECORD FILE"));

        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals(VoiceDesk.RequestKind.CALLBACK, ticket.kind());
        assertEquals(Optional.of("/rec/6.6.wav"), ticket.recording());
    }

    @Test
    void unknownCallerStillGetsATicketMarkedUnregistered() throws Exception {
        voice.complete(voice.call("hotline", "13912345678", "7.7").press('3'));

        VoiceDesk.VoiceRequest ticket = voice.desk.onlyTicket();
        assertEquals("+8613912345678", ticket.callerPhone());
        assertFalse(ticket.registered());
        assertEquals(Category.ADVICE, ticket.category());
    }

    @Test
    void repeatCallerIsLookedUpOnceUntilTheRosterChanges() throws Exception {
        voice.complete(voice.call("hotline", RESIDENT, "11.1").press('1'));
        voice.complete(voice.call("hotline", RESIDENT, "11.2").press('1'));
        assertEquals(1, voice.desk.lookups.get());

        voice.edge.callers().invalidateAll();
        voice.complete(voice.call("hotline", RESIDENT, "11.3").press('1'));

        assertEquals(2, voice.desk.lookups.get());
    }

    @Test
    void twoHundredSimultaneousCallsAllGetTheirTicket() throws Exception {
        List<CompletableFuture<List<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String phone = "+86139%08d".formatted(i);
            FakeAsteriskAgiClient caller = voice.call("hotline", phone, "200." + i);
            calls.add(caller.dial(voice.edge.port()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertEquals(200, voice.desk.tickets.size());
        voice.awaitCalls("hotline", "completed", 200);
        for (CompletableFuture<List<String>> call : calls) {
            assertEquals(2, call.get().stream().filter(c -> c.startsWith("SAY DIGITS")).count());
        }
    }
}
