package io.qiaoqiao.gateway.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's answer for one snapshot.
 *
 * @param ranked        admitted candidates, best first
 * @param rejections    volunteer id → id of the first rule that filtered them out
 * @param verdicts      every rule's verdict, failed ones included, in rule order
 * @param holdUntil     when set, nobody may be offered the ticket before then (quiet hours and the like)
 * @param failedFilters rules whose filter part failed: the decision must hold the ticket and try again
 * @param confidential  a rule marked the ticket confidential (or it already was)
 */
public record RoutingDecision(List<RankedCandidate> ranked, Map<Long, String> rejections, List<RuleVerdict> verdicts,
                              Optional<Instant> holdUntil, List<String> failedFilters, boolean confidential) {
    public boolean nobodyLeft() {
        return ranked.isEmpty();
    }

    /** Fail closed: a rule that could not say who may be asked, or when, holds the ticket. */
    public boolean mustHold() {
        return holdUntil.isPresent() || !failedFilters.isEmpty();
    }

    /** The ids of the rules that asked for the hold. */
    public List<String> holdingRules() {
        return verdicts.stream().filter(v -> v.holdUntil().isPresent()).map(v -> v.rule().id()).toList();
    }
}
