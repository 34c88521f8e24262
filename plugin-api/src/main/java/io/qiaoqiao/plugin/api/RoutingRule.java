package io.qiaoqiao.plugin.api;

/**
 * One routing concern (proximity, skills, load, schedules …) expressed as a filter and a
 * score. The engine keeps the candidates every rule admits and ranks them by the weighted sum
 * of the scores. Both methods must be pure functions of their arguments.
 */
public interface RoutingRule {
    /** A stable id used in configuration (weights) and in the ticket's audit trail. */
    String id();

    /** May this candidate take this ticket now? Default: yes. */
    default boolean admits(RoutingSnapshot snapshot, Candidate candidate) {
        return true;
    }

    /**
     * How good is this candidate for this ticket, from 0 (no preference) to 100 (ideal)?
     * Default: 0, for rules that only filter.
     */
    default double score(RoutingSnapshot snapshot, Candidate candidate) {
        return 0;
    }
}
