package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code offer} script, as Asterisk runs it once a leader (or a duty phone) rung for an
 * urgent offer answers: the ticket in the URL, the number rung in {@code QQ_TO}.
 */
class OfferCallTest {
    private static final String LEADER = "+8613700000009";
    private static final String DUTY_PHONE = "+8613700000100";
    private static final String GATEWAY_CALLER_ID = "12345";
    private final VoiceEdgeFixture voice = new VoiceEdgeFixture();

    @AfterEach
    void stop() {
        voice.close();
    }

    private void leaderWithTheOffer() {
        voice.desk.roster.put(LEADER, new VoiceDesk.Caller(LEADER, VoiceDesk.Role.VOLUNTEER, "李组长", "茅岐村", Optional.empty()));
        voice.desk.offers.put(LEADER, List.of(new VoiceDesk.PendingOffer("4321", Category.REPAIR, Urgency.URGENT, "茅岐三组",
                Optional.empty(), Optional.empty())));
    }

    private FakeAsteriskAgiClient offerCall(String uniqueId, String to) {
        return voice.call("offer?ticket=4321&attempt=1", GATEWAY_CALLER_ID, uniqueId).variable("QQ_TO", to);
    }

    @Test
    void aLeaderWhoPressesOneTakesTheOfferAndHearsTheCodeBack() throws Exception {
        leaderWithTheOffer();

        List<String> commands = voice.complete(offerCall("10.1", LEADER).press('1'));

        assertEquals(List.of(new RecordingVoiceDesk.Answered(LEADER, "4321", VoiceDesk.OfferAnswer.ACCEPT)), voice.desk.answers);
        assertEquals(List.of("GET VARIABLE \"QQ_TO\"", "ANSWER", "STREAM FILE \"qiaoqiao/offer-call-intro\" \"\"",
                "STREAM FILE \"qiaoqiao/category-repair\" \"\"", "STREAM FILE \"qiaoqiao/volunteer-code-is\" \"\"",
                "SAY DIGITS \"4321\" \"\"", "STREAM FILE \"qiaoqiao/ticket-code-again\" \"\"", "SAY DIGITS \"4321\" \"\"",
                "GET DATA \"qiaoqiao/offer-call-menu\" 10000 1", "STREAM FILE \"qiaoqiao/offer-accepted\" \"\"",
                "SAY DIGITS \"4321\" \"\""), commands);
        assertEquals(List.of(new VoiceDesk.OutboundCallReport("4321", "offer", VoiceDesk.ScriptResult.COMPLETED, OptionalInt.of(1),
                Optional.of("digits"), Optional.empty())), voice.desk.reports);
    }

    @Test
    void anOfferAnotherTookFirstIsAnsweredAsTaken() throws Exception {
        leaderWithTheOffer();
        voice.desk.outcomes.put("4321", VoiceDesk.OfferOutcome.TAKEN_BY_OTHER);

        List<String> commands = voice.complete(offerCall("10.2", LEADER).press('1'));

        assertEquals("STREAM FILE \"qiaoqiao/offer-taken\" \"\"", commands.getLast());
    }

    @Test
    void twoPassesTheOffer() throws Exception {
        leaderWithTheOffer();

        List<String> commands = voice.complete(offerCall("10.3", LEADER).press('2'));

        assertEquals(List.of(new RecordingVoiceDesk.Answered(LEADER, "4321", VoiceDesk.OfferAnswer.DECLINE)), voice.desk.answers);
        assertEquals("STREAM FILE \"qiaoqiao/offer-declined\" \"\"", commands.getLast());
    }

    @Test
    void aLeaderWhoPressesNothingLeavesTheOfferAsItWasAndIsReportedNoKey() throws Exception {
        leaderWithTheOffer();

        voice.complete(offerCall("10.4", LEADER));

        assertEquals(List.of(), voice.desk.answers);
        assertEquals(VoiceDesk.ScriptResult.NO_KEY, voice.desk.reports.getFirst().result());
        assertEquals(Optional.of("goodbye"), voice.desk.reports.getFirst().lastPrompt());
    }

    @Test
    void aDutyPhoneHearsTheCodeAndThatTheDetailsAreInItsTexts() throws Exception {
        List<String> commands = voice.complete(offerCall("10.5", DUTY_PHONE));

        assertEquals(List.of(), voice.desk.answers);
        assertTrue(commands.stream().noneMatch(c -> c.startsWith("GET DATA")), "no key to press: " + commands);
        assertEquals(2, commands.stream().filter("SAY DIGITS \"4321\" \"\""::equals).count(), commands::toString);
        assertEquals("STREAM FILE \"qiaoqiao/offer-call-see-text\" \"\"", commands.getLast());
    }

    @Test
    void aLeaderWhoseOfferEndedBeforeTheyAnsweredHearsItIsOver() throws Exception {
        leaderWithTheOffer();
        voice.desk.offers.put(LEADER, List.of());

        List<String> commands = voice.complete(offerCall("10.6", LEADER));

        assertEquals(List.of(), voice.desk.answers);
        assertEquals("STREAM FILE \"qiaoqiao/offer-closed\" \"\"", commands.getLast());
    }

    @Test
    void theHangUpOfAnOfferCallIsReported() throws Exception {
        leaderWithTheOffer();

        voice.complete(offerCall("10.7", LEADER).hangUpAt("GET DATA"));

        assertEquals(List.of(), voice.desk.answers);
        assertEquals(VoiceDesk.ScriptResult.HUNG_UP, voice.desk.reports.getFirst().result());
    }
}
