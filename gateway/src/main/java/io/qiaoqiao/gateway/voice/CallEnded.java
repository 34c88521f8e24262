package io.qiaoqiao.gateway.voice;

/**
 * The call can go no further: the caller hung up, the channel is dead, the socket broke, or
 * Asterisk said something we do not understand. Scripts catch it to keep what they have
 * (a callback ticket, a partial rating) and let it propagate; the server logs the reason.
 */
public final class CallEnded extends Exception {
    /** Why the call ended; decides the {@code outcome} tag of {@code qiaoqiao_agi_calls_total}. */
    public enum Reason {
        /** {@code HANGUP}, {@code 511}, or {@code result=-1}: the caller is gone. */
        HANGUP("hangup"),
        /** The socket closed, broke or stayed silent past the reply timeout. */
        NETWORK("network-error"),
        /** A line that is not FastAGI: missing header, CRLF, unknown status, 510/520. */
        PROTOCOL("protocol-error");

        private final String outcome;

        Reason(String outcome) {
            this.outcome = outcome;
        }

        /** The metric tag value. */
        public String outcome() {
            return outcome;
        }
    }

    private final Reason reason;

    public CallEnded(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
