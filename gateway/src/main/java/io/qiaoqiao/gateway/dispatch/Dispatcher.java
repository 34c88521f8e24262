package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbound.OutboundCalls;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.plugins.PluginSet;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.routing.Candidates;
import io.qiaoqiao.gateway.routing.Candidates.Contact;
import io.qiaoqiao.gateway.routing.RankedCandidate;
import io.qiaoqiao.gateway.routing.RoutingDecision;
import io.qiaoqiao.gateway.routing.VolunteerCandidate;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.OfferLifecycle;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.EscalationContext;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.EscalationStep.Recipients;
import io.qiaoqiao.plugin.api.QuietHours;
import io.qiaoqiao.plugin.api.ResidentView;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.TicketView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a ticket along the escalation chain the policy in use names, from its creation: each
 * step asks the people it reaches (the neighbours routing ranks best, a liaison, the group
 * leaders, a duty phone), has a budget of time, and hands the ticket to the next step when the
 * budget runs out or it has nobody left to ask, whichever comes first. Every hand-over is a
 * ticket event and the resident is told who has the request now.
 *
 * <p>Each decision uses one plugin set (for the rules and for the words of its texts), one
 * instant of the studio clock and one database snapshot of the candidates. A routing rule that
 * cannot filter holds the ticket and it is tried again later; quiet hours hold it until they end.
 * Runs inside the caller's transaction with the ticket row locked, so two nodes never act on the
 * same ticket at once; every state change goes through {@link TicketLifecycle}.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_REQUEST_IN_OFFER = 120;
    private static final int MAX_SKIPPED_STEPS = 10;

    /**
     * How dispatch is paced. {@code failedRuleRetry}: when a ticket held by a failing rule is tried
     * again; {@code pairedOfferTimeout}: how long the paired volunteer has for a ledger ticket.
     */
    public record Settings(ZoneId zone, QuietHours quietHours, Duration failedRuleRetry, Duration pairedOfferTimeout) {
    }

    private final Supplier<PluginSet> plugins;
    private final Texts texts;
    private final Settings settings;
    private final GatewayMetrics metrics;
    private final StepReach reach;
    private final PairedFirst paired;

    public Dispatcher(Supplier<PluginSet> plugins, Texts texts, Settings settings, GatewayMetrics metrics, OutboundCalls calls) {
        this.plugins = plugins;
        this.texts = texts;
        this.settings = settings;
        this.metrics = metrics;
        this.reach = new StepReach(calls);
        this.paired = new PairedFirst(settings.pairedOfferTimeout());
    }

    public Texts texts() {
        return texts;
    }

    public Settings settings() {
        return settings;
    }

    /** A new (or reopened) ticket: the first step of its chain. The ticket must be locked by the caller. */
    public Future<Void> start(SqlClient db, AfterCommit after, Ticket ticket) {
        return enter(db, after, ticket, Target.first(), Optional.empty(), 0);
    }

    /**
     * One of the ticket's offers ended (declined, expired, withdrawn): the step asks the next
     * neighbour while it may, or the ticket climbs when the step has nobody left.
     */
    public Future<Void> offerEnded(SqlClient db, AfterCommit after, Ticket ticket) {
        if (ticket.status() == TicketStatus.HELD || !ticket.status().awaitingVolunteer()) {
            return Future.succeededFuture();
        }
        if (ticket.step().isEmpty()) {
            return start(db, after, ticket);
        }
        PluginSet set = plugins.get();
        Optional<EscalationStep> step = find(set, ticket, ticket.step().get());
        return step.isEmpty() ? climb(db, after, ticket, Climb.NOBODY_LEFT) : ask(db, after, set, ticket, step.get(), false);
    }

    /** The budget of the step the ticket entered at {@code startedAt} ran out: it climbs, unless it moved on meanwhile. */
    public Future<Void> budgetSpent(SqlClient db, AfterCommit after, Ticket ticket, String stepId, Instant startedAt) {
        boolean sameEntry = ticket.step().map(stepId::equals).orElse(false)
                && ticket.stepStartedAt().map(at -> StudioClock.sameMillisecond(at.toInstant(), startedAt)).orElse(false);
        if (!sameEntry || ticket.status() == TicketStatus.HELD || !ticket.status().awaitingVolunteer()) {
            return Future.succeededFuture();
        }
        return climb(db, after, ticket, Climb.BUDGET);
    }

    /** The hold until {@code until} is over: the step the ticket was at (or its first) starts again with a fresh budget. */
    public Future<Void> released(SqlClient db, AfterCommit after, Ticket ticket, Instant until) {
        if (ticket.status() != TicketStatus.HELD
                || !ticket.heldUntil().map(h -> StudioClock.sameMillisecond(h.toInstant(), until)).orElse(false)) {
            return Future.succeededFuture(); // closed, accepted or held anew meanwhile
        }
        return TicketLifecycle.release(db, ticket).compose(open -> open.step().isEmpty()
                ? start(db, after, open)
                : enter(db, after, open, Target.again(open.step().get()), Optional.empty(), 0));
    }

    /**
     * The ticket goes to the next step now: {@code why} says it was nudged, handed on, or its
     * accepted work ran late. Accepted work is first taken back from its volunteer.
     */
    public Future<Void> climb(SqlClient db, AfterCommit after, Ticket ticket, Climb why) {
        if (ticket.status() != TicketStatus.ACCEPTED) {
            return enter(db, after, ticket, ticket.step().map(Target::after).orElse(Target.first()), Optional.of(why), 0);
        }
        long volunteerId = ticket.acceptedBy().orElseThrow();
        return TicketLifecycle.handUp(db, ticket, "routing", new JsonObject().put("why", why.id()))
                .compose(t -> Deadlines.cancel(db, t)
                        .compose(v -> enter(db, after, t, t.step().map(Target::after).orElse(Target.first()), Optional.of(why), 0))
                        // Who handed it on is answered by their own command; anyone else hears who has it now.
                        .compose(v -> why == Climb.HANDED_ON ? Future.succeededFuture() : tellTakenBack(db, t, volunteerId)));
    }

    /** Whether the ticket's chain has a step after the one it is at (a nudge at the last step has nowhere to go). */
    public boolean canClimb(Ticket ticket) {
        return next(plugins.get(), ticket, ticket.step()).isPresent();
    }

    /** The volunteer whose accepted work went back up hears who has it now (the step it actually entered). */
    private Future<Void> tellTakenBack(SqlClient db, Ticket ticket, long volunteerId) {
        Texts words = texts.of(plugins.get());
        return Future.all(CurrentHolder.of(db, ticket.id()), Directory.volunteerById(db, volunteerId)).compose(found -> {
            Optional<String> to = found.resultAt(0);
            Optional<Directory.Volunteer> previous = found.resultAt(1);
            return previous.isEmpty() ? Future.succeededFuture() : Outbox.text(db, previous.get().phone(),
                    words.handedUpToVolunteer(ticket.code(), to.orElse(words.recipient("leaders"))), "handed_up", ticket.id());
        });
    }

    /** Who has the ticket now, as the resident was told at its last hand-over; {@code 组长} when it never entered a step. */
    public Future<String> holder(SqlClient db, Ticket ticket) {
        return CurrentHolder.of(db, ticket.id()).map(to -> to.orElse(texts.recipient("leaders")));
    }

    /** Which step to enter: the first, the one after a step, or a step again (after a hold). */
    private record Target(Optional<String> after, Optional<String> again) {
        static Target first() {
            return new Target(Optional.empty(), Optional.empty());
        }

        static Target after(String step) {
            return new Target(Optional.of(step), Optional.empty());
        }

        static Target again(String step) {
            return new Target(Optional.empty(), Optional.of(step));
        }
    }

    private Future<Void> enter(SqlClient db, AfterCommit after, Ticket ticket, Target target, Optional<Climb> why, int skipped) {
        PluginSet set = plugins.get();
        Optional<EscalationStep> step = target.again().isPresent() ? find(set, ticket, target.again().get())
                : next(set, ticket, target.after());
        if (step.isEmpty() || skipped >= MAX_SKIPPED_STEPS) {
            return TicketLifecycle.note(db, ticket, "escalation_ended", "routing", new JsonObject()
                    .put("after", target.after().orElse(null)).put("policy", set.escalation().id()));
        }
        EscalationStep s = step.get();
        boolean first = isFirstStep(set, ticket, s);
        return decide(db, set, ticket).compose(decision -> {
            if (decision.mustHold()) {
                return hold(db, after, set, ticket, decision);
            }
            return reachable(db, set, ticket, s).compose(label -> {
                if (label.isEmpty()) {
                    return TicketLifecycle.note(db, ticket, "escalation_step_skipped", "routing", new JsonObject()
                                    .put("step", s.id()).put("reason", "nobody to reach for " + describe(s.to())))
                            .compose(v -> enter(db, after, ticket, Target.after(s.id()), why, skipped + 1));
                }
                String level = s.level().name().toLowerCase(Locale.ROOT);
                JsonObject detail = new JsonObject().put("policy", set.escalation().id()).put("level", level)
                        .put("to", label.get()).put("previous", target.after().orElse(null))
                        .put("why", why.map(Climb::id).orElse(null)).put("budgetSeconds", s.budget().toSeconds())
                        .put("again", target.again().isPresent());
                Future<Ticket> marked = decision.confidential() ? TicketLifecycle.markConfidential(db, ticket) : Future.succeededFuture(ticket);
                return marked.compose(t -> TicketLifecycle.enterStep(db, t, first, s.id(), level, detail))
                        .compose(entered -> budgetTimer(db, entered, s)
                                // A nudge's climb is answered by the nudge's own reply, which names who has it now.
                                .compose(v -> first || target.again().isPresent() || why.equals(Optional.of(Climb.NUDGED))
                                        ? Future.succeededFuture()
                                        : Outbox.text(db, entered.contactPhone(), texts.of(set).handover(entered.code(), label.get()),
                                                "handover", entered.id()))
                                .onSuccess(v -> after.add(() -> {
                                    if (!first) {
                                        metrics.escalated(entered);
                                    }
                                    metrics.escalationStep(s.id());
                                }))
                                .compose(v -> act(db, after, set, entered, s, decision, why)));
            });
        });
    }

    /** The step's people are asked: offers to routed neighbours or fixed people, a text to a duty phone. */
    private Future<Void> act(SqlClient db, AfterCommit after, PluginSet set, Ticket ticket, EscalationStep step,
                             Decided decision, Optional<Climb> why) {
        Texts words = texts.of(set);
        return switch (step.to()) {
            case Recipients.Neighbours n -> ask(db, after, set, ticket, step, decision, true);
            case Recipients.DutyPhone d -> StepReach.dutyPhone(db, ticket, d).compose(phone -> reach.tellDutyPhone(db, ticket, step,
                    phone.orElseThrow(), words.dutyPhone(ticket, phone.get().name(), words.history(why.orElse(Climb.NOBODY_LEFT)))));
            case Recipients.GroupLeaders g -> askFixed(db, after, set, ticket, step, why);
            case Recipients.VolunteersWithSkill w -> askFixed(db, after, set, ticket, step, why);
            // The paired volunteer gets the offer neighbours get: it is their own work, not a hand-over.
            case Recipients.PairedVolunteer p -> StepReach.people(db, ticket, p)
                    .compose(people -> reach.offer(db, ticket, step, people, words.offer(ticket, clip(ticket.text()))))
                    .compose(made -> offered(db, after, set, ticket, step, made, Optional.empty()));
        };
    }

    private Future<Void> askFixed(SqlClient db, AfterCommit after, PluginSet set, Ticket ticket, EscalationStep step,
                                  Optional<Climb> why) {
        Texts words = texts.of(set);
        String text = words.escalation(ticket, recipientLabel(set, step.to()), words.history(why.orElse(Climb.NOBODY_LEFT)));
        return StepReach.people(db, ticket, step.to()).compose(people -> reach.offer(db, ticket, step, people, text))
                .compose(made -> offered(db, after, set, ticket, step, made, Optional.empty()));
    }

    /** Routed steps: ask more neighbours while the step may, or climb when nobody is left. */
    private Future<Void> ask(SqlClient db, AfterCommit after, PluginSet set, Ticket ticket, EscalationStep step, boolean entering) {
        if (!(step.to() instanceof Recipients.Neighbours)) {
            // Fixed people were all asked when the step began: climb once none of them is still thinking.
            return OfferLifecycle.pending(db, ticket).compose(pending -> pending.stream()
                    .anyMatch(p -> p.step().map(step.id()::equals).orElse(false)) || step.to() instanceof Recipients.DutyPhone
                    ? Future.succeededFuture() : climb(db, after, ticket, Climb.NOBODY_LEFT));
        }
        return decide(db, set, ticket).compose(decision -> decision.mustHold()
                ? hold(db, after, set, ticket, decision) : ask(db, after, set, ticket, step, decision, entering));
    }

    private Future<Void> ask(SqlClient db, AfterCommit after, PluginSet set, Ticket ticket, EscalationStep step,
                             Decided decision, boolean entering) {
        Future<List<OfferLifecycle.Pending>> pending = OfferLifecycle.pending(db, ticket);
        Future<Integer> asked = OfferLifecycle.askedAt(db, ticket, step.id());
        return Future.all(pending, asked).compose(v -> {
            long inFlight = pending.result().stream().filter(p -> p.step().map(step.id()::equals).orElse(false)).count();
            int slots = (int) Math.min(step.atOnce() - inFlight, (long) step.maxAsked() - asked.result());
            List<RankedCandidate> chosen = slots <= 0 ? List.of() : inScope(ticket, decision.routing()).stream().limit(slots).toList();
            if (chosen.isEmpty()) {
                // Nobody more may be asked at this step: wait for those still thinking, or climb.
                return inFlight > 0 ? Future.succeededFuture() : climb(db, after, ticket, Climb.NOBODY_LEFT);
            }
            String text = texts.of(set).offer(ticket, clip(ticket.text()));
            List<Contact> people = chosen.stream().map(r -> decision.contact(r.candidate().volunteerId())).toList();
            return reach.offer(db, ticket, step, people, text)
                    .compose(made -> offered(db, after, set, ticket, step, made, Optional.of(decision.routing())));
        });
    }

    private Future<Void> offered(SqlClient db, AfterCommit after, PluginSet set, Ticket ticket, EscalationStep step,
                                 JsonArray made, Optional<RoutingDecision> decision) {
        after.add(() -> made.forEach(o -> metrics.offer("sent")));
        JsonObject detail = decision.map(d -> RoutingAudit.detail(set, d)).orElse(new JsonObject())
                .put("step", step.id()).put("offers", made).put("fanOut", made.size())
                .put("timeoutSeconds", step.offerTimeout().toSeconds());
        if (!made.isEmpty()) {
            detail.put("offerId", made.getJsonObject(0).getLong("offerId")).put("volunteerId", made.getJsonObject(0).getLong("volunteerId"));
        }
        return TicketLifecycle.note(db, ticket, "offered", "routing", detail);
    }

    /** The ranked candidates a neighbours step may ask: those serving the resident's village group, else the village. */
    private static List<RankedCandidate> inScope(Ticket ticket, RoutingDecision decision) {
        Optional<String> group = ticket.villageGroup();
        if (group.isEmpty()) {
            return decision.ranked();
        }
        List<RankedCandidate> serving = decision.ranked().stream()
                .filter(r -> r.candidate().servedVillageGroups().contains(group.get())).toList();
        return serving.isEmpty() ? decision.ranked() : serving;
    }

    /** A routing decision with the phones of the candidates it ranked. */
    private record Decided(RoutingDecision routing, Map<Long, VolunteerCandidate> byId) {
        boolean mustHold() {
            return routing.mustHold();
        }

        boolean confidential() {
            return routing.confidential();
        }

        Contact contact(long volunteerId) {
            VolunteerCandidate c = byId.get(volunteerId);
            return new Contact(volunteerId, c.phone(), c.name());
        }
    }

    /** The rules over the candidates still eligible in the resident's village: holds, confidentiality, ranking. */
    private Future<Decided> decide(SqlClient db, PluginSet set, Ticket ticket) {
        return Candidates.eligible(db, ticket.id(), ticket.requesterPhone(), ticket.village())
                .compose(candidates -> {
                    RoutingSnapshot snapshot = new RoutingSnapshot(view(ticket), resident(ticket),
                            candidates.stream().map(VolunteerCandidate::candidate).toList(), ticket.now(), settings.zone(),
                            settings.quietHours());
                    Map<Long, VolunteerCandidate> byId = new HashMap<>();
                    candidates.forEach(c -> byId.put(c.candidate().volunteerId(), c));
                    return onContext(set.engine().decide(snapshot)).map(d -> new Decided(d, byId));
                });
    }

    /** Quiet hours, or a rule that could not answer: nobody is asked until then; a durable timer routes it again. */
    private Future<Void> hold(SqlClient db, AfterCommit after, PluginSet set, Ticket ticket, Decided decided) {
        RoutingDecision decision = decided.routing();
        boolean failed = !decision.failedFilters().isEmpty();
        Instant until = failed ? ticket.now().plus(settings.failedRuleRetry()) : decision.holdUntil().orElseThrow();
        boolean tell = !failed && ticket.status() != TicketStatus.HELD;
        JsonObject why = RoutingAudit.detail(set, decision).put("by", new JsonArray(failed ? decision.failedFilters() : decision.holdingRules()))
                .put("failedRules", failed);
        if (failed) {
            after.add(() -> LogContext.withTicket(ticket.code(), () -> log.warn("ticket {} held until {}: rule(s) {} could not decide",
                    ticket.code(), until, decision.failedFilters())));
        }
        return TicketLifecycle.hold(db, ticket, OffsetDateTime.ofInstant(until, ZoneOffset.UTC), "routing", why)
                .compose(held -> Timers.forTicketAt(db, Timers.HOLD_RELEASE, held.id(), "hold:" + held.id() + ":" + until.toEpochMilli(), until))
                .compose(v -> tell ? Outbox.text(db, ticket.contactPhone(), texts.of(set).held(ticket.code(), until), "held", ticket.id())
                        : Future.succeededFuture());
    }

    private Future<Void> budgetTimer(SqlClient db, Ticket entered, EscalationStep step) {
        Instant started = entered.stepStartedAt().orElseThrow().toInstant();
        return Timers.forTicketAt(db, Timers.ESCALATION_STEP, entered.id(), budgetRef(entered.id(), step.id(), started),
                started.plus(step.budget()));
    }

    /** The timer reference of a step's budget: names the ticket, the step and when it was entered. */
    public static String budgetRef(long ticketId, String stepId, Instant startedAt) {
        return "escalation:" + ticketId + ":" + stepId + ":" + startedAt.toEpochMilli();
    }

    /** How the resident and the event name whom the step reaches, or empty when it reaches nobody. */
    private Future<Optional<String>> reachable(SqlClient db, PluginSet set, Ticket ticket, EscalationStep step) {
        String label = recipientLabel(set, step.to());
        return switch (step.to()) {
            case Recipients.Neighbours n -> Future.succeededFuture(Optional.of(label));
            // A duty phone is named as the studio listed it: 清河村村委会, not "the village committee".
            case Recipients.DutyPhone d -> StepReach.dutyPhone(db, ticket, d).map(p -> p.map(Candidates.DutyPhone::name));
            case Recipients.GroupLeaders g -> StepReach.people(db, ticket, g).map(p -> p.isEmpty() ? Optional.empty() : Optional.of(label));
            case Recipients.VolunteersWithSkill w -> StepReach.people(db, ticket, w).map(p -> p.isEmpty() ? Optional.empty() : Optional.of(label));
            case Recipients.PairedVolunteer v -> StepReach.people(db, ticket, v).map(p -> p.isEmpty() ? Optional.empty() : Optional.of(label));
        };
    }

    /** The next step after {@code previous}; a policy that throws is replaced, for this ticket, by the built-in one. */
    private Optional<EscalationStep> next(PluginSet set, Ticket ticket, Optional<String> previous) {
        EscalationContext context = new EscalationContext(view(ticket), resident(ticket), previous, ticket.now());
        try {
            return paired.next(set.escalation(), context);
        } catch (RuntimeException e) {
            LogContext.withTicket(ticket.code(), () -> log.error("ticket {}: escalation policy {} failed ({}); using the built-in"
                    + " chain", ticket.code(), set.escalation().id(), e.toString()));
            return paired.next(PluginSet.leadersOnly(), context);
        }
    }

    /** The step named {@code stepId} in the ticket's chain, found by walking the policy from its start. */
    private Optional<EscalationStep> find(PluginSet set, Ticket ticket, String stepId) {
        Optional<String> previous = Optional.empty();
        for (int i = 0; i < MAX_SKIPPED_STEPS * 2; i++) {
            Optional<EscalationStep> step = next(set, ticket, previous);
            if (step.isEmpty()) {
                return Optional.empty();
            }
            if (step.get().id().equals(stepId)) {
                return step;
            }
            previous = Optional.of(step.get().id());
        }
        return Optional.empty();
    }

    private boolean isFirstStep(PluginSet set, Ticket ticket, EscalationStep step) {
        try {
            return paired.beginsChain(set.escalation(), new EscalationContext(view(ticket), resident(ticket), Optional.empty(),
                    ticket.now()), step);
        } catch (RuntimeException e) {
            return next(set, ticket, Optional.empty()).map(first -> first.id().equals(step.id())).orElse(false);
        }
    }

    private String recipientLabel(PluginSet set, Recipients to) {
        Texts words = texts.of(set);
        return switch (to) {
            case Recipients.Neighbours n -> words.recipient("neighbours");
            case Recipients.GroupLeaders g -> words.recipient("leaders");
            case Recipients.VolunteersWithSkill w -> words.recipient(w.skill());
            case Recipients.DutyPhone d -> words.recipient(d.kind());
            case Recipients.PairedVolunteer p -> words.recipient("paired");
        };
    }

    private static String describe(Recipients to) {
        return switch (to) {
            case Recipients.Neighbours n -> "neighbours";
            case Recipients.GroupLeaders g -> "group leaders";
            case Recipients.VolunteersWithSkill w -> "volunteers with skill " + w.skill();
            case Recipients.DutyPhone d -> "duty phone " + d.kind() + " (add it to the duty_phones table)";
            case Recipients.PairedVolunteer p -> "the paired volunteer (the ticket is no occurrence of an active, paired help item)";
        };
    }

    /** Rules run on their own threads; the transaction's work continues on the caller's context. */
    private static <T> Future<T> onContext(CompletableFuture<T> result) {
        Context context = Vertx.currentContext();
        return context == null ? Future.fromCompletionStage(result) : Future.fromCompletionStage(result, context);
    }

    static TicketView view(Ticket ticket) {
        return new TicketView(ticket.code(), ticket.channel(), ticket.category(), ticket.urgency(), ticket.text(), List.of(),
                ticket.confidential(), ticket.createdAt().toInstant());
    }

    /** A grid worker's report is seen as about a known place, so that proximity counts as for a resident there. */
    static ResidentView resident(Ticket ticket) {
        return ticket.resident().map(r -> new ResidentView(true, r.village(), r.villageGroup(), r.livesAlone()))
                .or(() -> ticket.reportedPlace().map(p -> new ResidentView(true, p.village(), p.villageGroup(), false)))
                .orElse(ResidentView.unregistered());
    }

    /** Offers (and follow-ups to volunteers) carry the request, cut so a text stays a few SMS segments long. */
    static String clip(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_REQUEST_IN_OFFER) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_REQUEST_IN_OFFER)) + "…";
    }
}
