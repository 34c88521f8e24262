package io.qiaoqiao.gateway.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Script {@code rating}: the follow-up call after a ticket is done. "Was it done?" (1 yes,
 * 2 no), then "how satisfied, 1 to 5". The ticket code comes from the query string
 * ({@code rating?ticket=4321}) or the channel variable {@code QQ_TICKET}. A caller who
 * answers the first question and hangs up still has that answer stored; how the call ended
 * (heard out, no key, hung up) goes on the ticket too.
 */
public final class RatingCall implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(RatingCall.class);

    private final VoiceDesk desk;
    private final VoiceSettings settings;
    private final DeskWait wait;

    public RatingCall(VoiceDesk desk, VoiceSettings settings) {
        this.desk = desk;
        this.settings = settings;
        this.wait = new DeskWait(settings.deskTimeout());
    }

    @Override
    public void run(AgiCall call) throws CallEnded {
        String ticket = OutboundTicket.of(call);
        VoiceDesk.ScriptResult reached = VoiceDesk.ScriptResult.COMPLETED;
        try {
            call.answer();
            call.play(Prompts.RATING_INTRO);
            Optional<Character> done = call.askChoice(Prompts.RATING_DONE, "12", settings.digitTimeoutMs(), 2);
            if (done.isEmpty()) {
                log.info("ticket {} rating call: no answer to 'was it done'", ticket);
                reached = VoiceDesk.ScriptResult.NO_KEY;
                call.play(Prompts.GOODBYE);
            } else {
                rate(call, ticket, done.get() == '1');
            }
        } catch (CallEnded ended) {
            OutboundReport.send(desk, wait, call, ticket, "rating", reached, ended);
            throw ended;
        }
        OutboundReport.send(desk, wait, call, ticket, "rating", reached, null);
    }

    private void rate(AgiCall call, String ticket, boolean wasDone) throws CallEnded {
        OptionalInt satisfaction = OptionalInt.empty();
        try {
            if (!wasDone) {
                call.play(Prompts.RATING_NOT_DONE);
            }
            satisfaction = call.askChoice(Prompts.RATING_SATISFACTION, "12345", settings.digitTimeoutMs(), 2)
                    .map(key -> OptionalInt.of(key - '0')).orElse(OptionalInt.empty());
        } finally {
            store(ticket, wasDone, satisfaction);
        }
        call.play(Prompts.RATING_THANKS);
    }

    private void store(String ticket, boolean done, OptionalInt satisfaction) {
        try {
            wait.await(desk.recordRating(ticket, done, satisfaction), "recordRating");
            log.info("ticket {} rated: done={} satisfaction={}", ticket, done,
                    satisfaction.isPresent() ? satisfaction.getAsInt() : "none");
        } catch (DeskWait.DeskUnavailable e) {
            log.error("ticket {} rating lost: {}", ticket, e.getMessage());
        }
    }
}
