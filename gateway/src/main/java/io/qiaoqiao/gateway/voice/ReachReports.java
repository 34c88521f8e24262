package io.qiaoqiao.gateway.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What a call not about a ticket tells the desk, without ever failing the call: a desk that
 * cannot take a report is logged, and the try is settled later (the gateway ends a call whose
 * script never reported once the dialplan's time limit has passed).
 */
final class ReachReports {
    private static final Logger log = LoggerFactory.getLogger(ReachReports.class);

    private final ReachDesk desk;
    private final DeskWait wait;
    private final long callId;
    private final String script;

    ReachReports(ReachDesk desk, DeskWait wait, long callId, String script) {
        this.desk = desk;
        this.wait = wait;
        this.callId = callId;
        this.script = script;
    }

    /** The notice to play; empty when there is none or the desk does not answer. */
    Optional<ReachDesk.Notice> notice() {
        try {
            Optional<ReachDesk.Notice> notice = wait.await(desk.notice(callId), "notice");
            if (notice.isEmpty()) {
                log.warn("{} call {} has no notice to play", script, callId);
            }
            return notice;
        } catch (DeskWait.DeskUnavailable e) {
            log.error("{} call {}: no notice to play: {}", script, callId, e.getMessage());
            return Optional.empty();
        }
    }

    void key(char key) {
        try {
            wait.await(desk.keyPressed(callId, key), "keyPressed");
        } catch (DeskWait.DeskUnavailable e) {
            log.error("{} call {}: key {} pressed but not recorded: {}", script, callId, key, e.getMessage());
        }
    }

    void ended(VoiceDesk.ScriptResult result) {
        try {
            wait.await(desk.callEnded(callId, result), "callEnded");
        } catch (DeskWait.DeskUnavailable e) {
            log.warn("{} call {} ended {}, not recorded: {}", script, callId, result, e.getMessage());
        }
    }
}
