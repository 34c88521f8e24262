package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines routing rules: a candidate must be admitted by every rule; the admitted ones are
 * ranked by the weighted sum of the rules' scores. Ties go to members before group leaders
 * (leaders are where escalations land, so they are kept free for those), then to the volunteer
 * with fewer open tickets, then to the longest-registered one (lowest id), so a decision is
 * reproducible. A pure function of its snapshot.
 */
public final class RoutingEngine {
    private static final Comparator<RankedCandidate> BEST_FIRST = Comparator
            .comparingDouble(RankedCandidate::score).reversed()
            .thenComparing(r -> r.candidate().leader())
            .thenComparingInt(r -> r.candidate().openTickets())
            .thenComparingLong(r -> r.candidate().volunteerId());

    private final List<RoutingRule> rules;
    private final Map<String, Double> weights;

    /** @param weights rule id → weight; a rule without a weight counts 1.0 */
    public RoutingEngine(List<RoutingRule> rules, Map<String, Double> weights) {
        this.rules = List.copyOf(rules);
        this.weights = Map.copyOf(weights);
    }

    public List<RoutingRule> rules() {
        return rules;
    }

    public RoutingDecision decide(RoutingSnapshot snapshot) {
        List<RankedCandidate> ranked = new ArrayList<>();
        Map<Long, String> rejections = new LinkedHashMap<>();
        for (Candidate candidate : snapshot.candidates()) {
            String rejectedBy = firstRejecting(snapshot, candidate);
            if (rejectedBy != null) {
                rejections.put(candidate.volunteerId(), rejectedBy);
                continue;
            }
            Map<String, Double> parts = new LinkedHashMap<>();
            double total = 0;
            for (RoutingRule rule : rules) {
                double part = weights.getOrDefault(rule.id(), 1.0) * rule.score(snapshot, candidate);
                parts.put(rule.id(), part);
                total += part;
            }
            ranked.add(new RankedCandidate(candidate, total, parts));
        }
        ranked.sort(BEST_FIRST);
        return new RoutingDecision(ranked, rejections);
    }

    private String firstRejecting(RoutingSnapshot snapshot, Candidate candidate) {
        for (RoutingRule rule : rules) {
            if (!rule.admits(snapshot, candidate)) {
                return rule.id();
            }
        }
        return null;
    }
}
