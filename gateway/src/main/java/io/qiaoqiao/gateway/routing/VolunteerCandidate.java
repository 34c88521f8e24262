package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.plugin.api.Candidate;

/** A candidate together with what the gateway needs to text them; rules see only {@link Candidate}. */
public record VolunteerCandidate(Candidate candidate, String phone, String name) {
}
