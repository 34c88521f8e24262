package io.qiaoqiao.plugin.api;

/**
 * Turns a resident's words (or the keys they pressed on the hotline) into a category, an
 * urgency and the words that decided it. Must be a pure function: no I/O, no shared mutable
 * state, safe to call from any thread.
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

    /**
     * Classifies the digits a caller pressed in the hotline menu, e.g. {@code "2"} for repairs.
     * Default: nothing recognised.
     *
     * @param keys the DTMF digits in the order pressed (may be empty, never null)
     */
    default Classification classifyKeys(String keys) {
        return Classification.unknown();
    }
}
