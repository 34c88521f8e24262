package io.qiaoqiao.gateway.sms;

/**
 * Asked by the link, on the sending thread, right before each segment of a text goes out (once
 * its window slot is taken) and now and then while the text waits for a slot: may this sender
 * still submit it? The outbox answers from its claim on the row, renewing the claim when it runs
 * low, so that a slow SMSC or a long wait never lets another node send the same text meanwhile.
 * May block (it runs on the sender's virtual thread).
 */
@FunctionalInterface
public interface SubmitGuard {
    /** For senders that own what they send outright. */
    SubmitGuard ALWAYS = () -> true;

    /** True: go on; false: stop before the next segment (the text is someone else's now). */
    boolean mayProceed();
}
