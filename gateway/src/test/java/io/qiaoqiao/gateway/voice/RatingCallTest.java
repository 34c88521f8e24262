package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static io.qiaoqiao.gateway.voice.VoiceEdgeFixture.RESIDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatingCallTest {
    private final VoiceEdgeFixture voice = new VoiceEdgeFixture();

    @AfterEach
    void stop() {
        voice.close();
    }

    @Test
    void residentPressingOneThenFourStoresDoneAndSatisfactionFour() throws Exception {
        voice.complete(voice.call("rating?ticket=4321", RESIDENT, "9.1").press('1').press('4'));

        assertEquals(List.of(new RecordingVoiceDesk.Rating("4321", true, OptionalInt.of(4))), voice.desk.ratings);
        voice.awaitCalls("rating", "completed", 1);
    }

    @Test
    void ticketCodeComesFromTheChannelVariableWhenTheUrlHasNone() throws Exception {
        List<String> commands = voice.complete(voice.call("rating", RESIDENT, "9.2")
                .variable("QQ_TICKET", "5555").press('2').press('1'));

        assertEquals(List.of(new RecordingVoiceDesk.Rating("5555", false, OptionalInt.of(1))), voice.desk.ratings);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/rating-not-done\" \"\""), commands::toString);
    }

    @Test
    void residentHangingUpAfterTheFirstAnswerStillHasItStored() throws Exception {
        voice.complete(voice.call("rating?ticket=4321", RESIDENT, "9.3").press('1').hangUpAt("GET DATA"));

        assertEquals(List.of(new RecordingVoiceDesk.Rating("4321", true, OptionalInt.empty())), voice.desk.ratings);
        voice.awaitCalls("rating", "hangup", 1);
    }

    @Test
    void aRatingHeardOutIsReportedCompletedWithItsAttempt() throws Exception {
        voice.complete(voice.call("rating?ticket=4321&attempt=2", RESIDENT, "9.5").press('1').press('5'));

        assertEquals(List.of(new VoiceDesk.OutboundCallReport("4321", "rating", VoiceDesk.ScriptResult.COMPLETED,
                OptionalInt.of(2), Optional.of("rating-thanks"), Optional.empty())), voice.desk.reports);
    }

    @Test
    void aResidentWhoPressesNothingIsReportedNoKey() throws Exception {
        voice.complete(voice.call("rating?ticket=4321", RESIDENT, "9.6"));

        assertEquals(List.of(new VoiceDesk.OutboundCallReport("4321", "rating", VoiceDesk.ScriptResult.NO_KEY,
                OptionalInt.empty(), Optional.of("goodbye"), Optional.empty())), voice.desk.reports);
        assertEquals(List.of(), voice.desk.ratings);
    }

    @Test
    void aResidentWhoHangsUpDuringTheSatisfactionQuestionIsReportedHungUpThere() throws Exception {
        voice.complete(voice.call("rating?ticket=4321&attempt=1", RESIDENT, "9.7").press('1').hangUpAt("GET DATA"));

        VoiceDesk.OutboundCallReport report = voice.desk.reports.getFirst();
        assertEquals(VoiceDesk.ScriptResult.HUNG_UP, report.result());
        assertEquals(Optional.of("rating-satisfaction"), report.lastPrompt());
        assertEquals(OptionalInt.of(1), report.attempt());
        assertEquals(1, voice.desk.reports.size());
    }

    @Test
    void aConfirmationHungUpDuringTheCodeIsReportedHungUpAtTheDigits() throws Exception {
        voice.complete(voice.call("confirm?ticket=4321&attempt=1", RESIDENT, "9.8").hangUpAt("SAY DIGITS"));

        assertEquals(List.of(new VoiceDesk.OutboundCallReport("4321", "confirm", VoiceDesk.ScriptResult.HUNG_UP,
                OptionalInt.of(1), Optional.of("digits"), Optional.of("result=-1"))), voice.desk.reports);
    }

    @Test
    void confirmationCallPlaysTheCodeAndTheVolunteersRecordedName() throws Exception {
        voice.desk.assignees.put("4321", new VoiceDesk.Caller(VoiceEdgeFixture.VOLUNTEER, VoiceDesk.Role.VOLUNTEER,
                "王师傅", "茅岐村", Optional.of("names/wang")));

        List<String> commands = voice.complete(voice.call("confirm?ticket=4321", RESIDENT, "9.4"));

        assertEquals(2, commands.stream().filter(c -> c.equals("SAY DIGITS \"4321\" \"\"")).count(), commands::toString);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/names/wang\" \"\""), commands::toString);
        voice.awaitCalls("confirm", "completed", 1);
        assertEquals(VoiceDesk.ScriptResult.COMPLETED, voice.desk.reports.getFirst().result());
    }
}
