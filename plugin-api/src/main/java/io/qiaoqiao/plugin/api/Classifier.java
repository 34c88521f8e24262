package io.qiaoqiao.plugin.api;

/**
 * Turns a resident's words into a category, an urgency and the words that decided it. Must be
 * a pure function: no I/O, no shared mutable state, safe to call from any thread. The hotline's
 * menu keys are the gateway's own (its voice menu), not a classifier's.
 *
 * <p>Unlike routing rules, which the gateway runs on their own threads within a time budget,
 * this is called directly while a ticket is being handled (on the gateway's event loop, with
 * the ticket's row locked): it must answer within a millisecond or so and never block.
 */
public interface Classifier {
    /**
     * @param text the request as the resident wrote it (may be empty, never null)
     * @return never null; {@link Classification#unknown()} when nothing matches
     */
    Classification classify(String text);
}
