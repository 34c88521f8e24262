package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.plugins.PluginSet;
import io.qiaoqiao.gateway.routing.Candidates;
import io.qiaoqiao.gateway.routing.RankedCandidate;
import io.qiaoqiao.gateway.routing.RoutingDecision;
import io.qiaoqiao.gateway.routing.RuleVerdict;
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
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Routes a ticket with the plugin set in use: holds it (quiet hours), offers it to the best
 * volunteer (urgent tickets: to the best N at once, the first to accept wins), or hands it to
 * the escalation chain when nobody is left. Every decision becomes one ticket event carrying
 * each rule's verdict. Runs inside the caller's transaction with the ticket row locked, so two
 * nodes never offer the same ticket twice.
 */
public final class Dispatcher {
    private static final int MAX_REQUEST_IN_OFFER = 120;
    static final String INSERT_OFFER = """
            INSERT INTO offers (ticket_id, volunteer_id, status, expires_at)
            VALUES ($1, $2, 'pending', now() + make_interval(secs => $3))
            ON CONFLICT (ticket_id, volunteer_id)
            DO UPDATE SET status = 'pending', expires_at = EXCLUDED.expires_at, answered_at = NULL
            RETURNING id""";
    private static final String ROUTING_STATE = "SELECT confidential, escalation_step, held_until FROM tickets WHERE id = $1";
    private static final String SET_STATUS = "UPDATE tickets SET status = $2 WHERE id = $1";
    private static final String MARK_CONFIDENTIAL = "UPDATE tickets SET confidential = true WHERE id = $1";
    // Back to 'open' as well: a ticket whose last offer expired into quiet hours is still
    // 'offered', and the release timer only picks up open tickets.
    private static final String HOLD = "UPDATE tickets SET held_until = $2, status = 'open' WHERE id = $1";

    /** Routing facts stored on the ticket row beyond what {@link Ticket} carries. */
    record RoutingState(boolean confidential, String escalationStep, boolean held) {
    }

    /** How dispatch is paced. */
    public record Settings(Duration normalTimeout, Duration urgentTimeout, int urgentFanOut, ZoneId zone) {
    }

    private final Supplier<PluginSet> plugins;
    private final Texts texts;
    private final Settings settings;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Escalations escalations;

    public Dispatcher(Supplier<PluginSet> plugins, Texts texts, Settings settings, Clock clock, GatewayMetrics metrics) {
        this.plugins = plugins;
        this.texts = texts;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.escalations = new Escalations(plugins, texts, clock, metrics);
    }

    public Texts texts() {
        return texts;
    }

    Escalations escalations() {
        return escalations;
    }

    /** The ticket must be locked by the caller. */
    public Future<Void> offerNext(SqlClient db, AfterCommit after, Ticket ticket) {
        PluginSet set = plugins.get();
        return state(db, ticket.id()).compose(state -> Candidates.eligible(db, ticket.id(), ticket.requesterPhone(),
                clock.instant()).compose(candidates -> {
            RoutingSnapshot snapshot = snapshot(ticket, state.confidential(), candidates);
            return onContext(set.engine().decide(snapshot)).compose(decision -> {
                Future<Void> marked = decision.confidential() && !state.confidential()
                        ? db.preparedQuery(MARK_CONFIDENTIAL).execute(Tuple.of(ticket.id())).mapEmpty()
                        : Future.succeededFuture();
                return marked.compose(v -> {
                    if (decision.holdUntil().isPresent()) {
                        return hold(db, ticket, state, set, decision);
                    }
                    if (decision.nobodyLeft()) {
                        return escalations.start(db, after, ticket, decision.confidential(),
                                decisionDetail(set, decision).put("reason", "no volunteer left to offer"));
                    }
                    return offer(db, after, ticket, candidates, set, decision);
                });
            });
        }));
    }

    static Future<RoutingState> state(SqlClient db, long ticketId) {
        return db.preparedQuery(ROUTING_STATE).execute(Tuple.of(ticketId)).map(rows -> {
            Row r = rows.iterator().next();
            return new RoutingState(r.getBoolean("confidential"), r.getString("escalation_step"),
                    r.getOffsetDateTime("held_until") != null);
        });
    }

    /** Rules run on their own threads; the transaction's work continues on the caller's context. */
    private static <T> Future<T> onContext(CompletableFuture<T> result) {
        Context context = Vertx.currentContext();
        return context == null ? Future.fromCompletionStage(result) : Future.fromCompletionStage(result, context);
    }

    private Future<Void> offer(SqlClient db, AfterCommit after, Ticket ticket, List<VolunteerCandidate> candidates,
                               PluginSet set, RoutingDecision decision) {
        boolean urgent = ticket.urgency() == Urgency.URGENT;
        Duration timeout = urgent ? settings.urgentTimeout() : settings.normalTimeout();
        List<RankedCandidate> chosen = decision.ranked().subList(0, Math.min(urgent ? settings.urgentFanOut() : 1,
                decision.ranked().size()));
        JsonArray offers = new JsonArray();
        // Statements issued without waiting for each other are pipelined on the transaction's
        // connection, in the order issued: the offers and the status go out in one round trip,
        // each offer's timer and text in the next.
        List<Future<?>> steps = new ArrayList<>();
        for (RankedCandidate best : chosen) {
            VolunteerCandidate to = candidates.stream()
                    .filter(c -> c.candidate().volunteerId() == best.candidate().volunteerId()).findFirst().orElseThrow();
            String text = decision.confidential()
                    ? texts.offerConfidential(ticket.code(), ticket.category(), ticket.place(), ticket.contactPhone())
                    : texts.offer(ticket.code(), ticket.category(), ticket.residentName(), ticket.place(),
                            ticket.contactPhone(), clip(ticket.text()));
            JsonObject made = new JsonObject();
            offers.add(made);
            steps.add(db.preparedQuery(INSERT_OFFER)
                    .execute(Tuple.of(ticket.id(), to.candidate().volunteerId(), timeout.toMillis() / 1000.0))
                    .map(rows -> rows.iterator().next().getLong("id"))
                    .compose(offerId -> {
                        made.put("offerId", offerId).put("volunteerId", to.candidate().volunteerId());
                        return Future.all(Timers.offerExpiry(db, ticket.id(), offerId, timeout),
                                Outbox.text(db, to.phone(), text, "offer", ticket.id()));
                    })
                    .onSuccess(v -> after.add(() -> metrics.offer("sent"))));
        }
        steps.add(db.preparedQuery(SET_STATUS).execute(Tuple.of(ticket.id(), TicketStatus.OFFERED.db())));
        return Future.all(steps)
                .compose(v -> TicketEvents.append(db, ticket.id(), "offered", "routing", decisionDetail(set, decision)
                        .put("offerId", offers.getJsonObject(0).getLong("offerId"))
                        .put("volunteerId", offers.getJsonObject(0).getLong("volunteerId"))
                        .put("offers", offers)
                        .put("fanOut", chosen.size())
                        .put("timeoutSeconds", timeout.toSeconds())));
    }

    /** Quiet hours: park the ticket with a durable timer; the resident hears once that help comes in the morning. */
    private Future<Void> hold(SqlClient db, Ticket ticket, RoutingState state, PluginSet set, RoutingDecision decision) {
        Instant until = decision.holdUntil().orElseThrow();
        Future<Void> tell = state.held() ? Future.succeededFuture()
                : Outbox.text(db, ticket.contactPhone(), texts.held(ticket.code(), until), "held", ticket.id());
        return db.preparedQuery(HOLD).execute(Tuple.of(ticket.id(), OffsetDateTime.ofInstant(until, ZoneOffset.UTC)))
                .compose(v -> Timers.forTicket(db, Timers.HOLD_RELEASE, ticket.id(), "hold:" + ticket.id() + ":" + until.toEpochMilli(),
                        Duration.between(clock.instant(), until)))
                .compose(v -> tell)
                .compose(v -> TicketEvents.append(db, ticket.id(), "held", "routing", decisionDetail(set, decision)
                        .put("until", until.toString()).put("by", new JsonArray(decision.holdingRules()))));
    }

    private RoutingSnapshot snapshot(Ticket ticket, boolean confidential, List<VolunteerCandidate> candidates) {
        return new RoutingSnapshot(view(ticket, confidential), resident(ticket),
                candidates.stream().map(VolunteerCandidate::candidate).toList(), clock.instant(), settings.zone());
    }

    static TicketView view(Ticket ticket, boolean confidential) {
        return new TicketView(ticket.code(), ticket.channel(), ticket.category(), ticket.urgency(), ticket.text(), List.of(),
                confidential, ticket.createdAt().toInstant());
    }

    static ResidentView resident(Ticket ticket) {
        return ticket.resident().map(r -> new ResidentView(true, r.village(), r.villageGroup(), r.livesAlone()))
                .orElse(ResidentView.unregistered());
    }

    /** Each rule's verdict, the ranking and the rejections: why this decision was taken. */
    static JsonObject decisionDetail(PluginSet set, RoutingDecision decision) {
        JsonObject rules = new JsonObject();
        for (RuleVerdict v : decision.verdicts()) {
            JsonObject rule = new JsonObject().put("plugin", v.rule().pluginId())
                    .put("weight", set.engine().weight(v.rule().id()))
                    .put("verdict", v.skipped().map(why -> "skipped, " + why).orElse("ok"));
            v.holdUntil().ifPresent(until -> rule.put("holdUntil", until.toString()));
            if (v.confidential()) {
                rule.put("confidential", true);
            }
            rules.put(v.rule().id(), rule);
        }
        JsonArray ranking = new JsonArray();
        decision.ranked().stream().limit(10).forEach(r -> ranking.add(new JsonObject()
                .put("volunteerId", r.candidate().volunteerId())
                .put("score", r.score())
                .put("byRule", json(r.scoresByRule()))));
        return new JsonObject().put("rules", rules).put("ranking", ranking).put("rejected", json(decision.rejections()))
                .put("confidential", decision.confidential());
    }

    private static JsonObject json(Map<?, ?> map) {
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

    static List<Long> ids(List<Candidates.Contact> contacts) {
        List<Long> out = new ArrayList<>();
        contacts.forEach(c -> out.add(c.id()));
        return out;
    }
}
