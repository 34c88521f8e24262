package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.Candidate;
import java.util.Map;

/**
 * A candidate every rule admitted, with its combined score and each rule's part of it,
 * recorded in the ticket's events so an operator can see why someone was chosen.
 */
public record RankedCandidate(Candidate candidate, double score, Map<String, Double> scoresByRule) {
}
