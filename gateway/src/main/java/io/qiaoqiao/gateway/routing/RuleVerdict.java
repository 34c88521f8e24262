package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one rule said about one snapshot: whom it admits, whether it holds or marks the ticket
 * (its filter part), how it scores them (its score part); or why a part failed. A failed filter
 * part holds the ticket — a rule that cannot say who may be asked, or whether now is the time,
 * must not be read as "everyone, now" — while a failed score part only drops that rule's scores.
 *
 * @param filterFailure empty when the filter part answered; otherwise why it did not
 * @param scoreFailure  empty when the score part answered; otherwise why its scores are ignored
 * @param admitted      volunteer id → admitted
 * @param scores        volunteer id → raw score (before the weight)
 * @param holdUntil     the rule's hold, if any
 * @param confidential  whether the rule marks the ticket confidential
 */
public record RuleVerdict(PluginRule rule, Optional<String> filterFailure, Optional<String> scoreFailure,
                          Map<Long, Boolean> admitted, Map<Long, Double> scores, Optional<Instant> holdUntil,
                          boolean confidential) {

    /** The filter part: admits, hold, confidential. Throws whatever the rule throws. */
    static RuleVerdict filters(PluginRule rule, RoutingSnapshot snapshot) {
        Map<Long, Boolean> admitted = new LinkedHashMap<>();
        for (Candidate c : snapshot.candidates()) {
            admitted.put(c.volunteerId(), rule.rule().admits(snapshot, c));
        }
        Optional<Instant> hold = rule.rule().holdUntil(snapshot);
        return new RuleVerdict(rule, Optional.empty(), Optional.empty(), admitted, Map.of(),
                hold == null ? Optional.empty() : hold, rule.rule().confidential(snapshot));
    }

    /** Adds the score part. Throws whatever the rule throws, or when a score is not a number. */
    RuleVerdict withScores(RoutingSnapshot snapshot) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Candidate c : snapshot.candidates()) {
            double score = rule.rule().score(snapshot, c);
            if (!Double.isFinite(score)) {
                throw new IllegalStateException("score " + score + " for volunteer " + c.volunteerId() + " is not a number");
            }
            out.put(c.volunteerId(), score);
        }
        return new RuleVerdict(rule, filterFailure, scoreFailure, admitted, out, holdUntil, confidential);
    }

    static RuleVerdict filterFailed(PluginRule rule, String why) {
        return new RuleVerdict(rule, Optional.of(why), Optional.empty(), Map.of(), Map.of(), Optional.empty(), false);
    }

    RuleVerdict scoresFailed(String why) {
        return new RuleVerdict(rule, filterFailure, Optional.of(why), admitted, Map.of(), holdUntil, confidential);
    }

    public boolean filtersAnswered() {
        return filterFailure.isEmpty();
    }

    public boolean scoresAnswered() {
        return filterFailure.isEmpty() && scoreFailure.isEmpty();
    }
}
