package io.qiaoqiao.gateway.routing;

import java.util.List;
import java.util.Map;

/**
 * The engine's answer for one snapshot.
 *
 * @param ranked     admitted candidates, best first
 * @param rejections volunteer id → id of the first rule that filtered them out
 */
public record RoutingDecision(List<RankedCandidate> ranked, Map<Long, String> rejections) {
    public boolean nobodyLeft() {
        return ranked.isEmpty();
    }
}
