package io.qiaoqiao.plugins.example;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.Urgency;
import java.util.List;

/** For urgent tickets, prefers volunteers who can give first aid; other tickets are left alone. */
public final class FirstAidRule implements RoutingRule {
    private final List<String> skills;

    public FirstAidRule(List<String> skills) {
        this.skills = List.copyOf(skills);
    }

    @Override
    public String id() {
        return "first-aid";
    }

    @Override
    public double score(RoutingSnapshot snapshot, Candidate candidate) {
        if (snapshot.ticket().urgency() != Urgency.URGENT) {
            return 0;
        }
        return skills.stream().anyMatch(candidate.skills()::contains) ? 100 : 0;
    }
}
