package io.qiaoqiao.simulator;


import java.time.Duration;

/** How the simulated SMSC answers one submit_sm. */
public sealed interface SubmitDecision {
    record Accept() implements SubmitDecision {
    }

    /** Answer with this command_status. */
    record Fail(int commandStatus) implements SubmitDecision {
    }

    /** Wait, then answer as {@code then} says (a slow SMSC). */
    record Delay(Duration delay, SubmitDecision then) implements SubmitDecision {
    }

    static SubmitDecision accept() {
        return new Accept();
    }

    static SubmitDecision throttle() {
        return new Fail(SmscStatus.ESME_RTHROTTLED);
    }

    static SubmitDecision fail(int commandStatus) {
        return new Fail(commandStatus);
    }

    static SubmitDecision delay(Duration delay, SubmitDecision then) {
        return new Delay(delay, then);
    }
}
