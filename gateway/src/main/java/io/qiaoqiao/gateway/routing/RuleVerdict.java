package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one rule said about one snapshot: whom it admits, how it scores them, whether it holds
 * or marks the ticket; or why it was skipped.
 *
 * @param skipped      empty when the rule answered; otherwise why its answer is ignored
 * @param admitted     volunteer id → admitted
 * @param scores       volunteer id → raw score (before the weight)
 * @param holdUntil    the rule's hold, if any
 * @param confidential whether the rule marks the ticket confidential
 */
public record RuleVerdict(PluginRule rule, Optional<String> skipped, Map<Long, Boolean> admitted,
                          Map<Long, Double> scores, Optional<Instant> holdUntil, boolean confidential) {

    /** Runs the rule over every candidate. Throws whatever the rule throws. */
    static RuleVerdict of(PluginRule rule, RoutingSnapshot snapshot) {
        Map<Long, Boolean> admitted = new LinkedHashMap<>();
        Map<Long, Double> scores = new LinkedHashMap<>();
        for (Candidate c : snapshot.candidates()) {
            admitted.put(c.volunteerId(), rule.rule().admits(snapshot, c));
            double score = rule.rule().score(snapshot, c);
            if (!Double.isFinite(score)) {
                throw new IllegalStateException("score " + score + " for volunteer " + c.volunteerId() + " is not a number");
            }
            scores.put(c.volunteerId(), score);
        }
        Optional<Instant> hold = rule.rule().holdUntil(snapshot);
        return new RuleVerdict(rule, Optional.empty(), admitted, scores, hold == null ? Optional.empty() : hold,
                rule.rule().confidential(snapshot));
    }

    static RuleVerdict skipped(PluginRule rule, String why) {
        return new RuleVerdict(rule, Optional.of(why), Map.of(), Map.of(), Optional.empty(), false);
    }

    public boolean answered() {
        return skipped.isEmpty();
    }
}
