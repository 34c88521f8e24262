package io.qiaoqiao.gateway.outbound;

/**
 * Places one outbound call and waits for its outcome. Blocks for up to the ring time plus the
 * response timeout: call it from a virtual thread (the outbox does), never from an event loop.
 */
public interface CallPlacer {
    /**
     * @return how the call went once Asterisk reports it
     * @throws CallException when the call could not be placed or its outcome is unknown
     */
    CallOutcome place(OutboundCall call) throws CallException;

    /** Is the link to Asterisk up right now? */
    boolean connected();

    /**
     * After {@code call} was answered: blocks until its channel has hung up, or {@code most} has
     * passed, so that a trunk's lines are counted while people talk, not only while phones ring.
     * Call it once per answered call. A placer that cannot tell returns at once.
     *
     * @return true when Asterisk said the channel hung up; false when that is not known (the
     *         link dropped, {@code most} passed, or the placer cannot tell)
     */
    default boolean awaitHangup(OutboundCall call, java.time.Duration most) throws InterruptedException {
        return false;
    }
}
