package io.qiaoqiao.gateway.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's answer for one snapshot.
 *
 * @param ranked       admitted candidates, best first
 * @param rejections   volunteer id → id of the first rule that filtered them out
 * @param verdicts     every rule's verdict, skipped ones included, in rule order
 * @param holdUntil    when set, nobody may be offered the ticket before then
 * @param confidential a rule marked the ticket confidential (or it already was)
 */
public record RoutingDecision(List<RankedCandidate> ranked, Map<Long, String> rejections, List<RuleVerdict> verdicts,
                              Optional<Instant> holdUntil, boolean confidential) {
    public boolean nobodyLeft() {
        return ranked.isEmpty();
    }

    /** The ids of the rules that asked for the hold. */
    public List<String> holdingRules() {
        return verdicts.stream().filter(v -> v.holdUntil().isPresent()).map(v -> v.rule().id()).toList();
    }
}
