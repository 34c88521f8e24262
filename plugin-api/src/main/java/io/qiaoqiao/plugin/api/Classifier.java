package io.qiaoqiao.plugin.api;

/**
 * Turns a resident's words into a category and an urgency. Must be a pure function: no I/O,
 * no shared mutable state, safe to call from any thread.
 */
public interface Classifier {
    /**
     * @param text the request as the resident wrote it (may be empty, never null)
     * @return never null; {@link Classification#unknown()} when nothing matches
     */
    Classification classify(String text);
}
