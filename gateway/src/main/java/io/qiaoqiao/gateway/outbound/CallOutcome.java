package io.qiaoqiao.gateway.outbound;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Asterisk said about one placed call: our reading of it, the {@code Reason} of its
 * {@code OriginateResponse}, and the Q.850 cause of the channel's {@code Hangup} when it came
 * (an answered call is still up when the outcome is known, so it has none).
 */
public record CallOutcome(CallResult result, int amiReason, OptionalInt hangupCause, Optional<String> hangupCauseText) {

    /** Asterisk's words for an OriginateResponse {@code Reason} (its AST_CONTROL_* frame). */
    public static String reasonText(int reason) {
        return switch (reason) {
            case 0 -> "failed";
            case 1 -> "hung up before answer";
            case 3 -> "rang out";
            case 4 -> "answered";
            case 5 -> "busy";
            case 8 -> "congestion";
            default -> "reason " + reason;
        };
    }

    @Override
    public String toString() {
        return result + " (reason " + amiReason + " " + reasonText(amiReason)
                + (hangupCause.isPresent() ? ", cause " + hangupCause.getAsInt() + hangupCauseText.map(t -> " " + t).orElse("") : "")
                + ")";
    }
}
