package io.qiaoqiao.gateway.outbound;

/** A call could not be placed; {@link #kind()} decides what the outbox does next. */
public final class CallException extends Exception {
    /** Whether a retry can help. */
    public enum Kind {
        /** The AMI link is down or reconnecting: retry after backoff, nothing was sent. */
        NOT_CONNECTED,
        /** Sent, but no outcome came back (timeout, link lost while waiting): the outcome is unknown. */
        TRANSIENT,
        /** Asterisk refused the Originate (permission, bad channel): retrying will not help. */
        PERMANENT
    }

    private final Kind kind;

    public CallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public CallException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
