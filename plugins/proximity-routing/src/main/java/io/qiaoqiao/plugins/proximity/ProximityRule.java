package io.qiaoqiao.plugins.proximity;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;

/**
 * Prefers volunteers who live nearest the resident: a group that serves the resident's own
 * village group first, then any group of the same village, then the rest of the township.
 * A sender the roster does not know has no address, so nobody is preferred.
 */
public final class ProximityRule implements RoutingRule {
    static final double SAME_VILLAGE_GROUP = 100;
    static final double SAME_VILLAGE = 50;
    static final double ELSEWHERE = 10;

    @Override
    public String id() {
        return "proximity";
    }

    @Override
    public double score(RoutingSnapshot snapshot, Candidate candidate) {
        var resident = snapshot.resident();
        if (!resident.registered() || resident.village().isEmpty()) {
            return 0;
        }
        if (!resident.village().equals(candidate.village())) {
            return ELSEWHERE;
        }
        return candidate.servedVillageGroups().contains(resident.villageGroup()) ? SAME_VILLAGE_GROUP : SAME_VILLAGE;
    }
}
