package io.qiaoqiao.plugin.api;

/** How soon help must come; decides offer timeouts and whether quiet hours apply. */
public enum Urgency {
    /** Ordinary requests. */
    NORMAL,
    /** Fever, a fall, fire, flood, fraud in progress: shorter timeouts, may fan out. */
    URGENT
}
