package io.qiaoqiao.gateway.voice;

/**
 * One FastAGI script, chosen by the name in {@code AGI(agi://host:4573/NAME?...)}. Runs on the
 * call's own virtual thread, so it may block on the socket and on {@link DeskWait}.
 */
public interface VoiceScript {
    /**
     * Runs the call to its end. Returns normally when the script finished; throws
     * {@link CallEnded} when the caller or the line went away first (after keeping whatever the
     * call produced).
     */
    void run(AgiCall call) throws CallEnded;
}
