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
    void confirmationCallPlaysTheCodeAndTheVolunteersRecordedName() throws Exception {
        voice.desk.assignees.put("4321", new VoiceDesk.Caller(VoiceEdgeFixture.VOLUNTEER, VoiceDesk.Role.VOLUNTEER,
                "王师傅", "茅岐村", Optional.of("names/wang")));

        List<String> commands = voice.complete(voice.call("confirm?ticket=4321", RESIDENT, "9.4"));

        assertEquals(2, commands.stream().filter(c -> c.equals("SAY DIGITS \"4321\" \"\"")).count(), commands::toString);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/names/wang\" \"\""), commands::toString);
        voice.awaitCalls("confirm", "completed", 1);
    }
}
