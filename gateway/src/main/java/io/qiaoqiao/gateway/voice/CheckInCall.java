package io.qiaoqiao.gateway.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Script {@code checkin}: the studio's knock on the door, by phone. "您好，我是桥桥。您今天身体好吗？
 * 好，请按1。需要帮助，请按2。" The key is reported the moment it is pressed (2 opens an urgent
 * ticket); the script answers it, hangs up and reports the end. No key is a missed check-in try.
 */
public final class CheckInCall implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(CheckInCall.class);

    private final ReachDesk desk;
    private final VoiceSettings settings;
    private final DeskWait wait;

    public CheckInCall(ReachDesk desk, VoiceSettings settings) {
        this.desk = desk;
        this.settings = settings;
        this.wait = new DeskWait(settings.deskTimeout());
    }

    @Override
    public void run(AgiCall call) throws CallEnded {
        long id = OutboundCallId.of(call);
        ReachReports reports = new ReachReports(desk, wait, id, "checkin");
        VoiceDesk.ScriptResult result = VoiceDesk.ScriptResult.COMPLETED;
        boolean asked = false;
        try {
            call.answer();
            Optional<Character> key = call.askChoice(Prompts.CHECKIN_ASK, "12", settings.digitTimeoutMs(), 2);
            asked = true;
            if (key.isPresent()) {
                reports.key(key.get());
                call.play(key.get() == '1' ? Prompts.CHECKIN_OK : Prompts.CHECKIN_HELP);
            } else {
                result = VoiceDesk.ScriptResult.NO_KEY;
                call.play(Prompts.GOODBYE);
            }
            call.hangup();
        } catch (CallEnded ended) {
            reports.ended(asked ? result : OutboundCallId.endedEarly(ended));
            throw ended;
        }
        reports.ended(result);
        log.info("checkin call {} ended: {}", id, result);
    }
}
