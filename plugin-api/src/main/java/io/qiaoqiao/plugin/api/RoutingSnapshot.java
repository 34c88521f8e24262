package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything a routing rule may look at for one decision. Rules get the same snapshot and
 * must not do I/O: that keeps every decision reproducible from its snapshot.
 *
 * @param ticket     the ticket to route
 * @param resident   who asked
 * @param candidates volunteers still eligible (inactive ones and those already offered this
 *                   ticket are removed by the engine before rules run)
 * @param now        the decision time
 * @param zone       the studio's local time zone
 */
public record RoutingSnapshot(TicketView ticket, ResidentView resident, List<Candidate> candidates, Instant now,
                              ZoneId zone) {
    public RoutingSnapshot {
        candidates = List.copyOf(candidates);
    }
}
