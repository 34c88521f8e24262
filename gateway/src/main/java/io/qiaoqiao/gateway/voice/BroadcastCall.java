package io.qiaoqiao.gateway.voice;

import java.util.Optional;

/**
 * Script {@code broadcast}: a notice called to a resident. Says who is calling (and that it is
 * urgent), plays the notice, says it will play it again and does, then asks for 1 if the
 * resident heard it. The 1 is reported the moment it is pressed; the script then thanks them and
 * hangs up, and reports the end, which frees the trunk's line. A resident who presses nothing,
 * or hangs up before the question, is called again.
 */
public final class BroadcastCall extends ReachScript {

    public BroadcastCall(ReachDesk desk, VoiceSettings settings) {
        super("broadcast", desk, settings);
    }

    @Override
    void talk(AgiCall call, ReachReports reports, Progress progress) throws CallEnded {
        Optional<ReachDesk.Notice> notice = reports.notice();
        if (notice.isEmpty()) {
            call.play(Prompts.GOODBYE);
            return;
        }
        call.play(notice.get().emergency() ? Prompts.BROADCAST_INTRO_URGENT : Prompts.BROADCAST_INTRO);
        call.playFile(notice.get().audio());
        call.play(Prompts.BROADCAST_AGAIN);
        call.playFile(notice.get().audio());
        Optional<Character> key = call.askChoice(Prompts.BROADCAST_HEARD, "1", settings.digitTimeoutMs(), 2);
        progress.asked = true;
        if (key.isPresent()) {
            reports.key(key.get());
            call.play(Prompts.BROADCAST_THANKS);
        } else {
            progress.result = VoiceDesk.ScriptResult.NO_KEY;
            call.play(Prompts.GOODBYE);
        }
    }
}
