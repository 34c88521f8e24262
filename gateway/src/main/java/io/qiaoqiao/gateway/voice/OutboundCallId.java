package io.qiaoqiao.gateway.voice;

/** The outbox row a call not about a ticket was placed for: {@code ?call=} in the AGI URL, else {@code QQ_CALL}. */
final class OutboundCallId {
    private OutboundCallId() {
    }

    static long of(AgiCall call) throws CallEnded {
        String id = call.header().param("call").orElse(null);
        if (id == null) {
            id = call.variable("QQ_CALL").filter(v -> !v.isBlank())
                    .orElseThrow(() -> new CallEnded(CallEnded.Reason.PROTOCOL, "outbound call without a call id"));
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new CallEnded(CallEnded.Reason.PROTOCOL, "outbound call id is not a number: " + AgiHeader.printable(id));
        }
    }

    /** How the call ended early, for the report. */
    static VoiceDesk.ScriptResult endedEarly(CallEnded ended) {
        return ended.reason() == CallEnded.Reason.HANGUP ? VoiceDesk.ScriptResult.HUNG_UP : VoiceDesk.ScriptResult.DROPPED;
    }
}
