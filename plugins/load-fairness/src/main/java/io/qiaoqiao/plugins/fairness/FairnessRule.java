package io.qiaoqiao.plugins.fairness;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import java.time.Duration;

/**
 * Spreads the work: half the score for rest (full for someone who has not served within the
 * rest window, none for someone who just did), half for points (full for the fewest points
 * this month among the candidates, none for the most). Points are compared within the
 * snapshot so the score means the same in a quiet month and a busy one.
 */
public final class FairnessRule implements RoutingRule {
    private final Duration restWindow;

    public FairnessRule(Duration restWindow) {
        this.restWindow = restWindow;
    }

    @Override
    public String id() {
        return "fairness";
    }

    @Override
    public double score(RoutingSnapshot snapshot, Candidate candidate) {
        double rest = candidate.history().lastServedAt()
                .map(at -> Duration.between(at, snapshot.now()))
                .map(since -> since.isNegative() ? 0.0 : Math.min(1.0, (double) since.toMinutes() / restWindow.toMinutes()))
                .orElse(1.0);
        int most = snapshot.candidates().stream().mapToInt(Candidate::pointsThisMonth).max().orElse(0);
        double fewerPoints = most <= 0 ? 1.0 : 1.0 - (double) Math.max(0, candidate.pointsThisMonth()) / most;
        return 50 * rest + 50 * fewerPoints;
    }
}
