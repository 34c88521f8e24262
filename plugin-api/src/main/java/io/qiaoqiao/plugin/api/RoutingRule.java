package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.util.Optional;

/**
 * One routing concern (proximity, skills, load, schedules …) expressed as a filter and a
 * score, modelled on the Kubernetes scheduling framework. The engine keeps the candidates every
 * rule admits and ranks them by the weighted sum of the scores (weights from
 * {@code routing.weight.<rule id>}). Every method must be a pure function of its arguments: no
 * I/O, no clock other than {@link RoutingSnapshot#now()}, no shared mutable state.
 *
 * <p>A rule whose filter part ({@link #admits}, {@link #holdUntil}, {@link #confidential}) throws,
 * or takes longer than the gateway's budget, holds the ticket: nobody is offered it, and it is
 * routed again a little later ({@code routing.retry-after}). Only a failing {@link #score} is
 * skipped for that decision (its verdict is recorded as skipped) and the others rank alone.
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

    /**
     * Must the ticket wait before anybody is offered it (quiet hours, say)? When any rule
     * answers, the gateway parks the ticket with a durable timer until the latest of the
     * answers and routes it again then. Default: no.
     */
    default Optional<Instant> holdUntil(RoutingSnapshot snapshot) {
        return Optional.empty();
    }

    /**
     * Is this ticket confidential (matchmaking, say)? When any rule says so, offers hide the
     * request and the resident's name, and the ticket stays marked confidential. Default: no.
     */
    default boolean confidential(RoutingSnapshot snapshot) {
        return false;
    }
}
