package io.qiaoqiao.gateway.sms;

/** A text could not be (fully) submitted; {@link #kind()} decides what the outbox does next. */
public final class SubmitException extends Exception {
    /** What kind of failure, and so whether a retry can help. */
    public enum Kind {
        /** The link is not bound (dropped, rebinding): retry after backoff, it is not the message's fault. */
        NOT_BOUND,
        /** ESME_RTHROTTLED / ESME_RMSGQFUL: the SMSC asks us to slow down: retry after backoff. */
        THROTTLED,
        /** Timeouts, system errors: retry after backoff. */
        TRANSIENT,
        /** Invalid destination, message refused for good: mark the message failed. */
        PERMANENT,
        /**
         * The sender's guard said stop before a segment went out (its claim on the text may have
         * run out): nothing to record here, whoever holds the text now sends it.
         */
        WITHDRAWN
    }

    private final Kind kind;
    private final int commandStatus;
    private final PartsSent partsSent;

    public SubmitException(Kind kind, int commandStatus, String message, Throwable cause) {
        this(kind, commandStatus, message, cause, null);
    }

    private SubmitException(Kind kind, int commandStatus, String message, Throwable cause, PartsSent partsSent) {
        super(message, cause);
        this.kind = kind;
        this.commandStatus = commandStatus;
        this.partsSent = partsSent;
    }

    /** The same failure, telling which parts of the text the SMSC accepted before it. */
    public SubmitException withPartsSent(PartsSent sent) {
        return new SubmitException(kind, commandStatus, getMessage(), getCause(), sent);
    }

    /** The parts of a long text the SMSC accepted before this failure, for taking the text up again; null when none or a one-part text. */
    public PartsSent partsSent() {
        return partsSent;
    }

    public SubmitException(Kind kind, int commandStatus, String message) {
        this(kind, commandStatus, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The SMPP command_status that caused it, or 0 when none (I/O, not bound). */
    public int commandStatus() {
        return commandStatus;
    }
}
