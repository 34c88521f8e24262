package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.qiaoqiao.gateway.voice.VoiceEdgeFixture.VOLUNTEER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolunteerLineTest {
    private final VoiceEdgeFixture voice = new VoiceEdgeFixture();

    @BeforeEach
    void volunteerWithTwoOffers() {
        voice.desk.roster.put(VOLUNTEER, new VoiceDesk.Caller(VOLUNTEER, VoiceDesk.Role.VOLUNTEER, "王师傅", "茅岐村",
                Optional.empty()));
        voice.desk.offers.put(VOLUNTEER, List.of(
                new VoiceDesk.PendingOffer("4321", Category.REPAIR, Urgency.NORMAL, "茅岐三组",
                        Optional.of("places/maoqi-3"), Optional.of("/rec/1795368349.7.wav")),
                new VoiceDesk.PendingOffer("4322", Category.ERRAND, Urgency.URGENT, "茅岐一组",
                        Optional.empty(), Optional.empty())));
    }

    @AfterEach
    void stop() {
        voice.close();
    }

    @Test
    void volunteerAcceptsTheFirstOfferByPressingOne() throws Exception {
        List<String> commands = voice.complete(voice.call("volunteer", VOLUNTEER, "8.1").press('1').press('3'));

        assertEquals(List.of(new RecordingVoiceDesk.Answered(VOLUNTEER, "4321", VoiceDesk.OfferAnswer.ACCEPT)),
                voice.desk.answers);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/category-repair\" \"\""), commands::toString);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/places/maoqi-3\" \"\""), commands::toString);
        assertTrue(commands.contains("STREAM FILE \"/rec/1795368349.7\" \"\""), "the resident's message is played");
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/offer-accepted\" \"\""), commands::toString);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/offer-urgent\" \"\""), "the second offer is urgent");
        voice.awaitCalls("volunteer", "completed", 1);
    }

    @Test
    void offerTakenByAnotherVolunteerPlaysTheAlreadyTakenPrompt() throws Exception {
        voice.desk.outcomes.put("4321", VoiceDesk.OfferOutcome.TAKEN_BY_OTHER);

        List<String> commands = voice.complete(voice.call("volunteer", VOLUNTEER, "8.2").press('1').press('2'));

        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/offer-taken\" \"\""), commands::toString);
        assertEquals(VoiceDesk.OfferAnswer.DECLINE, voice.desk.answers.get(1).answer());
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/offer-declined\" \"\""), commands::toString);
    }

    @Test
    void afterTheOffersTheVolunteerReportsAnAcceptedTicketDoneWithTheDoneKey() throws Exception {
        voice.desk.accepted.put(VOLUNTEER, List.of(new VoiceDesk.AcceptedTicket("4400", Category.ERRAND, "茅岐一组", List.of()),
                new VoiceDesk.AcceptedTicket("4401", Category.REPAIR, "茅岐二组", List.of())));

        List<String> commands = voice.complete(voice.call("volunteer", VOLUNTEER, "8.4")
                .press('3').press('3').press('1').press('2'));

        assertEquals(List.of(), voice.desk.answers, "both offers were passed over with 3");
        assertEquals(List.of(VOLUNTEER + " 4400"), voice.desk.reportedDone, "1 reports the first done, 2 leaves the second");
        int intro = commands.indexOf("STREAM FILE \"qiaoqiao/accepted-intro\" \"\"");
        assertTrue(intro > 0, commands::toString);
        assertEquals(List.of("STREAM FILE \"qiaoqiao/accepted-intro\" \"\"", "STREAM FILE \"qiaoqiao/category-errand\" \"\"",
                "STREAM FILE \"qiaoqiao/volunteer-code-is\" \"\"", "SAY DIGITS \"4400\" \"\"",
                "GET DATA \"qiaoqiao/accepted-menu\" 10000 1", "STREAM FILE \"qiaoqiao/done-recorded\" \"\""),
                commands.subList(intro, intro + 6));
        assertTrue(commands.contains("SAY DIGITS \"4401\" \"\""), commands::toString);
        assertEquals("STREAM FILE \"qiaoqiao/volunteer-no-more-offers\" \"\"", commands.getLast());
    }

    @Test
    void aVolunteerWithNoOffersButAcceptedWorkHearsIt() throws Exception {
        voice.desk.offers.remove(VOLUNTEER);
        voice.desk.accepted.put(VOLUNTEER, List.of(new VoiceDesk.AcceptedTicket("4400", Category.ERRAND, "茅岐一组", List.of())));

        List<String> commands = voice.complete(voice.call("volunteer", VOLUNTEER, "8.5").press('1'));

        assertEquals(List.of(VOLUNTEER + " 4400"), voice.desk.reportedDone);
        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/done-recorded\" \"\""), commands::toString);
        assertTrue(commands.stream().noneMatch(c -> c.contains("offer-menu")), "no offers, no offer menu: " + commands);
    }

    @Test
    void aDoneForWorkThatIsNoLongerTheirsIsToldItIsOver() throws Exception {
        voice.desk.offers.remove(VOLUNTEER);
        voice.desk.accepted.put(VOLUNTEER, List.of(new VoiceDesk.AcceptedTicket("4400", Category.ERRAND, "茅岐一组", List.of())));
        voice.desk.doneOutcomes.put("4400", VoiceDesk.DoneOutcome.NOT_YOURS);

        List<String> commands = voice.complete(voice.call("volunteer", VOLUNTEER, "8.6").press('1'));

        assertTrue(commands.contains("STREAM FILE \"qiaoqiao/offer-closed\" \"\""), commands::toString);
        assertTrue(commands.stream().noneMatch(c -> c.contains("done-recorded")), commands::toString);
    }

    @Test
    void unknownNumberOnTheVolunteerLineHearsItIsNotRegistered() throws Exception {
        List<String> commands = voice.complete(voice.call("volunteer", "+8613800000000", "8.3"));

        assertEquals(List.of("ANSWER", "STREAM FILE \"qiaoqiao/volunteer-unknown\" \"\""), commands);
        assertTrue(voice.desk.answers.isEmpty());
    }
}
