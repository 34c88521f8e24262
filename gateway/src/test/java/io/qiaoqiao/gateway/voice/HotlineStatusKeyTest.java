package io.qiaoqiao.gateway.voice;

import static io.qiaoqiao.gateway.voice.VoiceEdgeFixture.RESIDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A caller with an open request hears a greeting that offers 9, and 9 reads out where the request
 * stands: its code, who has it, the volunteer's phone digit by digit. Asking opens no ticket,
 * not even when the caller hangs up while listening; any other key is a new request as before.
 */
class HotlineStatusKeyTest {
    private final VoiceEdgeFixture voice = new VoiceEdgeFixture();

    @AfterEach
    void stop() {
        voice.close();
    }

    private void openRequest(VoiceDesk.Stage stage, Optional<String> volunteerPhone) {
        voice.desk.standings.put(RESIDENT, new VoiceDesk.RequestStanding("1234", stage, volunteerPhone));
    }

    @Test
    void nine_during_the_greeting_reads_the_code_the_volunteer_who_accepted_and_his_phone() throws Exception {
        openRequest(VoiceDesk.Stage.ACCEPTED, Optional.of("13900002001"));
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "21.1").pressDuringPrompt('9'));

        assertEquals(List.of(
                "ANSWER",
                "STREAM FILE \"qiaoqiao/hotline-greeting-status\" \"012349\"",
                "STREAM FILE \"qiaoqiao/ticket-code-is\" \"\"",
                "SAY DIGITS \"1234\" \"\"",
                "STREAM FILE \"qiaoqiao/status-accepted\" \"\"",
                "SAY DIGITS \"13900002001\" \"\"",
                "STREAM FILE \"qiaoqiao/goodbye\" \"\""), commands);
        assertEquals(List.of(), voice.desk.tickets, "asking opens no ticket");
        voice.awaitCalls("hotline", "completed", 1);
        assertEquals(1, voice.counter("qiaoqiao.ivr.choices", "choice", "status"));
    }

    @Test
    void nine_in_the_menu_works_too_and_says_who_has_it_in_words() throws Exception {
        for (VoiceDesk.Stage stage : VoiceDesk.Stage.values()) {
            if (stage == VoiceDesk.Stage.ACCEPTED) {
                continue;
            }
            openRequest(stage, Optional.empty());
            List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "22." + stage.ordinal()).press('9'));
            String said = switch (stage) {
                case WAITING -> "status-waiting";
                case HELD -> "status-held";
                case ESCALATED -> "status-escalated";
                case ACCEPTED -> throw new AssertionError();
            };
            assertEquals(List.of(
                    "ANSWER",
                    "STREAM FILE \"qiaoqiao/hotline-greeting-status\" \"012349\"",
                    "GET DATA \"qiaoqiao/hotline-menu\" 10000 1",
                    "STREAM FILE \"qiaoqiao/ticket-code-is\" \"\"",
                    "SAY DIGITS \"1234\" \"\"",
                    "STREAM FILE \"qiaoqiao/" + said + "\" \"\"",
                    "STREAM FILE \"qiaoqiao/goodbye\" \"\""), commands, stage.name());
        }
        assertEquals(List.of(), voice.desk.tickets);
    }

    @Test
    void another_key_is_a_new_request_as_for_anyone() throws Exception {
        openRequest(VoiceDesk.Stage.WAITING, Optional.empty());
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "23.1").press('2'));

        assertEquals("STREAM FILE \"qiaoqiao/hotline-greeting-status\" \"012349\"", commands.get(1));
        assertEquals(2, commands.stream().filter(c -> c.equals("SAY DIGITS \"4321\" \"\"")).count(), "the new ticket's code");
        assertEquals(1, voice.desk.tickets.size());
    }

    @Test
    void a_caller_who_hangs_up_while_hearing_the_status_gets_no_callback_ticket() throws Exception {
        openRequest(VoiceDesk.Stage.ACCEPTED, Optional.of("13900002001"));
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "24.1").pressDuringPrompt('9')
                .hangUpAt("SAY DIGITS"));

        assertTrue(commands.getLast().startsWith("SAY DIGITS \"1234\""), commands::toString);
        assertEquals(List.of(), voice.desk.tickets);
        assertEquals(0, voice.counter("qiaoqiao.callback.tickets"));
    }

    @Test
    void a_caller_with_no_open_request_hears_the_usual_greeting_and_nine_is_not_a_key() throws Exception {
        List<String> commands = voice.complete(voice.call("hotline", RESIDENT, "25.1").press('9').press('1'));

        assertEquals("STREAM FILE \"qiaoqiao/hotline-greeting\" \"01234\"", commands.get(1));
        assertEquals(2, commands.stream().filter(c -> c.startsWith("GET DATA \"qiaoqiao/hotline-menu\"")).count(),
                "9 is a slip of the finger: the menu once more");
        assertEquals(1, voice.desk.tickets.size());
    }
}
