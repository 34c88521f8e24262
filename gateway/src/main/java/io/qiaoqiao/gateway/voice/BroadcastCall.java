package io.qiaoqiao.gateway.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Script {@code broadcast}: a notice called to a resident. Says who is calling (and that it is
 * urgent), plays the notice, says it will play it again and does, then asks for 1 if the
 * resident heard it. The 1 is reported the moment it is pressed; the script then thanks them and
 * hangs up, and reports the end, which frees the trunk's line. A resident who presses nothing,
 * or hangs up before the question, is called again.
 */
public final class BroadcastCall implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(BroadcastCall.class);

    private final ReachDesk desk;
    private final VoiceSettings settings;
    private final DeskWait wait;

    public BroadcastCall(ReachDesk desk, VoiceSettings settings) {
        this.desk = desk;
        this.settings = settings;
        this.wait = new DeskWait(settings.deskTimeout());
    }

    @Override
    public void run(AgiCall call) throws CallEnded {
        long id = OutboundCallId.of(call);
        ReachReports reports = new ReachReports(desk, wait, id, "broadcast");
        Optional<ReachDesk.Notice> notice = reports.notice();
        VoiceDesk.ScriptResult result = VoiceDesk.ScriptResult.COMPLETED;
        boolean asked = false;
        try {
            call.answer();
            if (notice.isEmpty()) {
                call.play(Prompts.GOODBYE);
            } else {
                call.play(notice.get().emergency() ? Prompts.BROADCAST_INTRO_URGENT : Prompts.BROADCAST_INTRO);
                call.playFile(notice.get().audio());
                call.play(Prompts.BROADCAST_AGAIN);
                call.playFile(notice.get().audio());
                Optional<Character> key = call.askChoice(Prompts.BROADCAST_HEARD, "1", settings.digitTimeoutMs(), 2);
                asked = true;
                if (key.isPresent()) {
                    reports.key(key.get());
                    call.play(Prompts.BROADCAST_THANKS);
                } else {
                    result = VoiceDesk.ScriptResult.NO_KEY;
                    call.play(Prompts.GOODBYE);
                }
            }
            call.hangup();
        } catch (CallEnded ended) {
            // Gone during the closing words: the answer stands; before the question: not heard out.
            reports.ended(asked ? result : OutboundCallId.endedEarly(ended));
            throw ended;
        }
        reports.ended(result);
        log.info("broadcast call {} ended: {}", id, result);
    }
}
