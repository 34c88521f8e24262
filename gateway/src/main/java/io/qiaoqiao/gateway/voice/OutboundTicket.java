package io.qiaoqiao.gateway.voice;

/** The ticket an outbound call is about: {@code ?ticket=} in the AGI URL, else {@code QQ_TICKET}. */
final class OutboundTicket {
    private OutboundTicket() {
    }

    static String of(AgiCall call) throws CallEnded {
        var fromUrl = call.header().param("ticket");
        if (fromUrl.isPresent()) {
            return fromUrl.get();
        }
        return call.variable("QQ_TICKET").filter(v -> !v.isBlank())
                .orElseThrow(() -> new CallEnded(CallEnded.Reason.PROTOCOL, "outbound call without a ticket code"));
    }
}
