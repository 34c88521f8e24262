package io.qiaoqiao.gateway.voice;

import java.util.Optional;

/**
 * Script {@code checkin}: the studio's knock on the door, by phone. "您好，我是桥桥。您今天身体好吗？
 * 好，请按1。需要帮助，请按2。" The key is reported the moment it is pressed (2 opens an urgent
 * ticket); the script answers it, hangs up and reports the end. No key is a missed check-in try.
 */
public final class CheckInCall extends ReachScript {

    public CheckInCall(ReachDesk desk, VoiceSettings settings) {
        super("checkin", desk, settings);
    }

    @Override
    void talk(AgiCall call, ReachReports reports, Progress progress) throws CallEnded {
        Optional<Character> key = call.askChoice(Prompts.CHECKIN_ASK, "12", settings.digitTimeoutMs(), 2);
        progress.asked = true;
        if (key.isPresent()) {
            reports.key(key.get());
            call.play(key.get() == '1' ? Prompts.CHECKIN_OK : Prompts.CHECKIN_HELP);
        } else {
            progress.result = VoiceDesk.ScriptResult.NO_KEY;
            call.play(Prompts.GOODBYE);
        }
    }
}
