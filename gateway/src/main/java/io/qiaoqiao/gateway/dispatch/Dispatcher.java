package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.gateway.routing.Candidates;
import io.qiaoqiao.gateway.routing.RankedCandidate;
import io.qiaoqiao.gateway.routing.RoutingDecision;
import io.qiaoqiao.gateway.routing.RoutingEngine;
import io.qiaoqiao.gateway.routing.VolunteerCandidate;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.ResidentView;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.TicketView;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Offers a ticket to the best remaining volunteer, or escalates it to the group leaders when
 * nobody is left. Runs inside the caller's transaction with the ticket row locked, so two
 * nodes never offer the same ticket twice.
 */
public final class Dispatcher {
    private static final int MAX_REQUEST_IN_OFFER = 120;
    private static final Duration LEADER_OFFER_VALIDITY = Duration.ofDays(1);
    private static final String INSERT_OFFER = """
            INSERT INTO offers (ticket_id, volunteer_id, status, expires_at)
            VALUES ($1, $2, 'pending', now() + make_interval(secs => $3))
            ON CONFLICT (ticket_id, volunteer_id)
            DO UPDATE SET status = 'pending', expires_at = EXCLUDED.expires_at, answered_at = NULL
            RETURNING id""";
    private static final String SET_STATUS = "UPDATE tickets SET status = $2 WHERE id = $1";
    private static final String SET_ESCALATED = "UPDATE tickets SET status = 'escalated', escalated_at = now() WHERE id = $1";

    private final RoutingEngine engine;
    private final Duration normalTimeout;
    private final Duration urgentTimeout;
    private final ZoneId zone;
    private final GatewayMetrics metrics;

    public Dispatcher(RoutingEngine engine, Duration normalTimeout, Duration urgentTimeout, ZoneId zone,
                      GatewayMetrics metrics) {
        this.engine = engine;
        this.normalTimeout = normalTimeout;
        this.urgentTimeout = urgentTimeout;
        this.zone = zone;
        this.metrics = metrics;
    }

    /** The ticket must be locked by the caller. */
    public Future<Void> offerNext(SqlClient db, AfterCommit after, Ticket ticket) {
        return Candidates.eligible(db, ticket.id(), ticket.requesterPhone()).compose(candidates -> {
            RoutingDecision decision = engine.decide(snapshot(ticket, candidates));
            if (decision.nobodyLeft()) {
                return escalate(db, after, ticket, decision);
            }
            RankedCandidate best = decision.ranked().get(0);
            VolunteerCandidate chosen = candidates.stream()
                    .filter(c -> c.candidate().volunteerId() == best.candidate().volunteerId())
                    .findFirst().orElseThrow();
            return offer(db, after, ticket, chosen, decision);
        });
    }

    private Future<Void> offer(SqlClient db, AfterCommit after, Ticket ticket, VolunteerCandidate chosen,
                               RoutingDecision decision) {
        Duration timeout = ticket.urgency() == Urgency.URGENT ? urgentTimeout : normalTimeout;
        long volunteerId = chosen.candidate().volunteerId();
        return db.preparedQuery(INSERT_OFFER).execute(Tuple.of(ticket.id(), volunteerId, timeout.toMillis() / 1000.0))
                .map(rows -> rows.iterator().next().getLong("id"))
                .compose(offerId -> Timers.offerExpiry(db, ticket.id(), offerId, timeout)
                        .compose(v -> Outbox.text(db, chosen.phone(), Texts.offer(ticket.code(), ticket.category(),
                                ticket.residentName(), ticket.place(), ticket.contactPhone(), clip(ticket.text())),
                                "offer", ticket.id()))
                        .compose(v -> db.preparedQuery(SET_STATUS).execute(Tuple.of(ticket.id(), TicketStatus.OFFERED.db())))
                        .compose(v -> TicketEvents.append(db, ticket.id(), "offered", "routing", new JsonObject()
                                .put("offerId", offerId)
                                .put("volunteerId", volunteerId)
                                .put("timeoutSeconds", timeout.toSeconds())
                                .put("ranking", ranking(decision))
                                .put("rejected", json(decision.rejections()))))
                        .onSuccess(v -> after.add(() -> metrics.offer("sent"))))
                .mapEmpty();
    }

    private Future<Void> escalate(SqlClient db, AfterCommit after, Ticket ticket, RoutingDecision decision) {
        Optional<Resident> resident = ticket.resident();
        return Candidates.leadersFor(db, resident.map(Resident::village), resident.map(Resident::villageGroup))
                .compose(leaders -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (Candidates.Contact leader : leaders) {
                        chain = chain.compose(v -> db.preparedQuery(INSERT_OFFER)
                                        .execute(Tuple.of(ticket.id(), leader.id(), LEADER_OFFER_VALIDITY.toSeconds() * 1.0)))
                                .compose(v -> Outbox.text(db, leader.phone(), Texts.escalation(ticket.code(),
                                        ticket.category(), ticket.residentName(), ticket.place(), ticket.contactPhone(),
                                        clip(ticket.text())), "escalation", ticket.id()));
                    }
                    JsonArray notified = new JsonArray();
                    leaders.forEach(l -> notified.add(l.id()));
                    return chain
                            .compose(v -> db.preparedQuery(SET_ESCALATED).execute(Tuple.of(ticket.id())))
                            .compose(v -> TicketEvents.append(db, ticket.id(), "escalated", "routing", new JsonObject()
                                    .put("reason", "no volunteer left to offer")
                                    .put("leaders", notified)
                                    .put("rejected", json(decision.rejections()))))
                            .onSuccess(v -> after.add(() -> metrics.escalated(ticket)));
                });
    }

    private RoutingSnapshot snapshot(Ticket ticket, List<VolunteerCandidate> candidates) {
        TicketView view = new TicketView(ticket.code(), ticket.channel(), ticket.category(), ticket.urgency(),
                ticket.text(), ticket.createdAt().toInstant());
        ResidentView resident = ticket.resident()
                .map(r -> new ResidentView(true, r.village(), r.villageGroup(), r.livesAlone()))
                .orElse(ResidentView.unregistered());
        return new RoutingSnapshot(view, resident, candidates.stream().map(VolunteerCandidate::candidate).toList(),
                Instant.now(), zone);
    }

    private static JsonArray ranking(RoutingDecision decision) {
        JsonArray out = new JsonArray();
        decision.ranked().stream().limit(5).forEach(r -> out.add(new JsonObject()
                .put("volunteerId", r.candidate().volunteerId())
                .put("score", r.score())
                .put("byRule", json(r.scoresByRule()))));
        return out;
    }

    private static JsonObject json(java.util.Map<?, ?> map) {
        JsonObject out = new JsonObject();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Offers carry the request, cut so an offer stays a few SMS segments long. */
    static String clip(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_REQUEST_IN_OFFER) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_REQUEST_IN_OFFER)) + "…";
    }
}
