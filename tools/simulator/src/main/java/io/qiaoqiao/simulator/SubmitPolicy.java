package io.qiaoqiao.simulator;

/** Decides, per submit_sm, how the simulated SMSC answers. Called on the SMSC's PDU threads. */
@FunctionalInterface
public interface SubmitPolicy {
    SubmitPolicy ACCEPT_ALL = submit -> SubmitDecision.accept();

    SubmitDecision decide(ReceivedSubmit submit);
}
