package io.qiaoqiao.gateway.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Tells the desk how the script of an answered outbound call ended, so that the ticket shows
 * whether the resident heard it out. Never throws: a desk that cannot take it is logged.
 */
final class OutboundReport {
    private static final Logger log = LoggerFactory.getLogger(OutboundReport.class);

    private OutboundReport() {
    }

    /**
     * @param result what the script reached, used when the call did not end early
     * @param ended  how the call ended early, or null
     */
    static void send(VoiceDesk desk, DeskWait wait, AgiCall call, String ticket, String script,
                     VoiceDesk.ScriptResult result, CallEnded ended) {
        VoiceDesk.ScriptResult outcome = ended == null ? result
                : ended.reason() == CallEnded.Reason.HANGUP ? VoiceDesk.ScriptResult.HUNG_UP : VoiceDesk.ScriptResult.DROPPED;
        VoiceDesk.OutboundCallReport report = new VoiceDesk.OutboundCallReport(ticket, script, outcome, attempt(call),
                call.lastPrompt(), Optional.ofNullable(ended).map(CallEnded::getMessage));
        try {
            wait.await(desk.outboundCallEnded(report), "outboundCallEnded");
        } catch (DeskWait.DeskUnavailable e) {
            log.warn("ticket {} {} call ended {}, not recorded on the ticket: {}", ticket, script, outcome, e.getMessage());
        }
    }

    private static OptionalInt attempt(AgiCall call) {
        try {
            return call.header().param("attempt").map(a -> OptionalInt.of(Integer.parseInt(a))).orElse(OptionalInt.empty());
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
