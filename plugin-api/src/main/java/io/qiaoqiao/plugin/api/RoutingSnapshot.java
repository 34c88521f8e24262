package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Everything a routing rule may look at for one decision, read at one instant in one database
 * snapshot (candidates, their shifts, leave and load together). Rules get the same snapshot and
 * must not do I/O: that keeps every decision reproducible from its snapshot.
 *
 * @param ticket     the ticket to route
 * @param resident   who asked
 * @param candidates volunteers still eligible (inactive ones and those already offered this
 *                   ticket are removed by the engine before rules run)
 * @param now        the decision time (the studio clock)
 * @param zone       the studio's local time zone
 * @param quietHours the studio's quiet hours, the same definition every part of the gateway uses
 * @param holidays   the studio's holidays around {@code now} (in its zone), as the desk lists them:
 *                   days on which weekly on-call shifts do not apply
 */
public record RoutingSnapshot(TicketView ticket, ResidentView resident, List<Candidate> candidates, Instant now,
                              ZoneId zone, QuietHours quietHours, Set<LocalDate> holidays) {
    public RoutingSnapshot {
        candidates = List.copyOf(candidates);
        holidays = Set.copyOf(holidays);
    }

    /** A snapshot without holidays (for rules that do not care about them, and their tests). */
    public RoutingSnapshot(TicketView ticket, ResidentView resident, List<Candidate> candidates, Instant now, ZoneId zone,
                           QuietHours quietHours) {
        this(ticket, resident, candidates, now, zone, quietHours, Set.of());
    }

    /** A snapshot without quiet hours, for rules that do not care about them (and their tests). */
    public RoutingSnapshot(TicketView ticket, ResidentView resident, List<Candidate> candidates, Instant now, ZoneId zone) {
        this(ticket, resident, candidates, now, zone, QuietHours.none());
    }
}
