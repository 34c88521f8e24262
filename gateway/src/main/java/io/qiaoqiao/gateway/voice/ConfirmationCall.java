package io.qiaoqiao.gateway.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Script {@code confirm}: the call to a resident when a volunteer accepted their ticket. Plays
 * the ticket code twice and the volunteer's name when the studio recorded it, and tells the
 * desk whether the resident heard it to the end.
 */
public final class ConfirmationCall implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(ConfirmationCall.class);

    private final VoiceDesk desk;
    private final DeskWait wait;

    public ConfirmationCall(VoiceDesk desk, VoiceSettings settings) {
        this.desk = desk;
        this.wait = new DeskWait(settings.deskTimeout());
    }

    @Override
    public void run(AgiCall call) throws CallEnded {
        String ticket = OutboundTicket.of(call);
        Optional<VoiceDesk.Caller> volunteer;
        try {
            volunteer = wait.await(desk.assignee(ticket), "assignee");
        } catch (DeskWait.DeskUnavailable e) {
            log.warn("ticket {} confirmation without the volunteer's name: {}", ticket, e.getMessage());
            volunteer = Optional.empty();
        }
        try {
            call.answer();
            call.play(Prompts.CONFIRM_ACCEPTED);
            Prompts.readBackCode(call, ticket);
            Optional<String> name = volunteer.flatMap(VoiceDesk.Caller::namePrompt);
            if (name.isPresent()) {
                call.play(Prompts.CONFIRM_VOLUNTEER_IS);
                call.play(name.get());
            }
            call.play(Prompts.HELP_IS_COMING);
        } catch (CallEnded ended) {
            OutboundReport.send(desk, wait, call, ticket, "confirm", VoiceDesk.ScriptResult.COMPLETED, ended);
            throw ended;
        }
        OutboundReport.send(desk, wait, call, ticket, "confirm", VoiceDesk.ScriptResult.COMPLETED, null);
        log.info("ticket {} confirmation played", ticket);
    }
}
