package io.qiaoqiao.plugins.fairness;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.Urgency;

/**
 * Fewer open tickets score higher: 100 with none, 50 with one, 33 with two … A volunteer at
 * the limit is filtered out for normal tickets; an urgent one may still reach them, because a
 * busy neighbour is better than nobody when someone has fallen.
 */
public final class LoadRule implements RoutingRule {
    private final int maxOpen;

    public LoadRule(int maxOpen) {
        this.maxOpen = maxOpen;
    }

    @Override
    public String id() {
        return "load";
    }

    @Override
    public boolean admits(RoutingSnapshot snapshot, Candidate candidate) {
        return maxOpen == 0 || snapshot.ticket().urgency() == Urgency.URGENT || candidate.openTickets() < maxOpen;
    }

    @Override
    public double score(RoutingSnapshot snapshot, Candidate candidate) {
        return 100.0 / (1 + Math.max(0, candidate.openTickets()));
    }
}
