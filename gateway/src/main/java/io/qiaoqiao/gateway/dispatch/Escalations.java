package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.plugins.PluginSet;
import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.gateway.routing.Candidates;
import io.qiaoqiao.gateway.routing.Candidates.Contact;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.EscalationContext;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.EscalationStep.Recipients;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a ticket up the escalation chain that the policy in use names, one step at a time:
 * volunteers a step reaches get offers they can accept like any other, a duty phone gets the
 * request as a text, the resident is told who has it now, and a durable timer moves the
 * ticket on when the step's timeout passes with nobody taking it. A step that reaches nobody
 * (no liaison serves the village group, no duty phone is on file) is recorded and skipped.
 */
final class Escalations {
    private static final Logger log = LoggerFactory.getLogger(Escalations.class);
    private static final int MAX_SKIPPED_STEPS = 10;
    private static final String SET_STEP = """
            UPDATE tickets SET status = 'escalated', escalated_at = coalesce(escalated_at, now()), level = $2,
                               escalation_step = $3
            WHERE id = $1""";

    private final Supplier<PluginSet> plugins;
    private final Texts texts;
    private final Clock clock;
    private final GatewayMetrics metrics;

    Escalations(Supplier<PluginSet> plugins, Texts texts, Clock clock, GatewayMetrics metrics) {
        this.plugins = plugins;
        this.texts = texts;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Routing found nobody: the first step of the chain. {@code why} is recorded with it. */
    Future<Void> start(SqlClient db, AfterCommit after, Ticket ticket, boolean confidential, JsonObject why) {
        after.add(() -> metrics.escalated(ticket));
        return next(db, after, ticket, confidential, Optional.empty(), why, 0);
    }

    /** The step {@code previous} timed out: the one after it. */
    Future<Void> after(SqlClient db, AfterCommit after, Ticket ticket, boolean confidential, String previous) {
        return TicketEvents.append(db, ticket.id(), "escalation_timeout", "timer", new JsonObject().put("step", previous))
                .compose(v -> next(db, after, ticket, confidential, Optional.of(previous), new JsonObject(), 0));
    }

    private Future<Void> next(SqlClient db, AfterCommit after, Ticket ticket, boolean confidential, Optional<String> previous,
                              JsonObject why, int skipped) {
        PluginSet set = plugins.get();
        EscalationContext context = new EscalationContext(Dispatcher.view(ticket, confidential), Dispatcher.resident(ticket),
                previous, clock.instant());
        Optional<EscalationStep> step;
        try {
            step = set.escalation().next(context);
        } catch (RuntimeException e) {
            // A broken policy must not strand the ticket: the group leaders get it, as without any policy.
            LogContext.withTicket(ticket.code(), () -> log.error("ticket {}: escalation policy {} failed ({}); escalating to"
                    + " group leaders", ticket.code(), set.escalation().id(), e.toString()));
            step = PluginSet.leadersOnly().next(context);
        }
        if (step.isEmpty() || skipped >= MAX_SKIPPED_STEPS) {
            return TicketEvents.append(db, ticket.id(), "escalation_ended", "routing", new JsonObject()
                    .put("after", previous.orElse(null)).put("policy", set.escalation().id()));
        }
        EscalationStep s = step.get();
        return reach(db, ticket, confidential, s).compose(reached -> {
            if (reached.isEmpty()) {
                return TicketEvents.append(db, ticket.id(), "escalation_step_skipped", "routing", new JsonObject()
                                .put("step", s.id()).put("reason", "nobody to reach for " + describe(s.to())))
                        .compose(v -> next(db, after, ticket, confidential, Optional.of(s.id()), why, skipped + 1));
            }
            Reached r = reached.get();
            String level = s.level().name().toLowerCase(Locale.ROOT);
            after.add(() -> Counter.builder("qiaoqiao.escalation.steps").description("Escalation steps taken by step id")
                    .tag("step", s.id()).register(metrics.registry()).increment());
            return r.send()
                    .compose(v -> Outbox.text(db, ticket.contactPhone(), texts.handover(ticket.code(), r.label()), "handover", ticket.id()))
                    .compose(v -> db.preparedQuery(SET_STEP).execute(Tuple.of(ticket.id(), level, s.id())))
                    .compose(v -> Timers.forTicket(db, Timers.ESCALATION_STEP, ticket.id(), ref(ticket.id(), s.id()), s.timeout()))
                    .compose(v -> TicketEvents.append(db, ticket.id(), "escalated", "routing", why.copy()
                            .put("policy", set.escalation().id()).put("step", s.id()).put("level", level)
                            .put("to", r.label()).put("recipients", r.recipients())
                            .put("previous", previous.orElse(null)).put("timeoutSeconds", s.timeout().toSeconds())));
        });
    }

    /** The timer reference of a step; it names the step so a stale timer is recognised. */
    static String ref(long ticketId, String stepId) {
        return "escalation:" + ticketId + ":" + stepId;
    }

    /** Who a step reached and how to send to them, inside the transaction. */
    private record Reached(String label, JsonArray recipients, Supplier<Future<Void>> sender) {
        Future<Void> send() {
            return sender.get();
        }
    }

    private Future<Optional<Reached>> reach(SqlClient db, Ticket ticket, boolean confidential, EscalationStep step) {
        Optional<String> village = ticket.resident().map(Resident::village);
        Optional<String> group = ticket.resident().map(Resident::villageGroup);
        return switch (step.to()) {
            case Recipients.GroupLeaders g -> Candidates.leadersFor(db, village, group)
                    .map(leaders -> offers(db, ticket, confidential, step, leaders, texts.recipient("leaders")));
            case Recipients.VolunteersWithSkill w -> Candidates.withSkillServing(db, village, group, w.skill())
                    .map(found -> offers(db, ticket, confidential, step, found, texts.recipient(w.skill())));
            case Recipients.DutyPhone d -> Candidates.dutyPhone(db, d.kind(), village).map(phone -> phone.map(p ->
                    new Reached(p.name(), new JsonArray().add(d.kind()), () -> Outbox.text(db, p.phone(),
                            texts.dutyPhone(ticket.code(), ticket.category(), p.name(), ticket.residentName(), ticket.place(),
                                    ticket.contactPhone(), Dispatcher.clip(ticket.text())), "duty_phone", ticket.id()))));
        };
    }

    private Optional<Reached> offers(SqlClient db, Ticket ticket, boolean confidential, EscalationStep step,
                                     List<Contact> people, String label) {
        if (people.isEmpty()) {
            return Optional.empty();
        }
        String text = confidential
                ? texts.escalationConfidential(ticket.code(), ticket.category(), label, ticket.place(), ticket.contactPhone())
                : texts.escalation(ticket.code(), ticket.category(), label, ticket.residentName(), ticket.place(),
                        ticket.contactPhone(), Dispatcher.clip(ticket.text()));
        return Optional.of(new Reached(label, new JsonArray(Dispatcher.ids(people)), () -> {
            Future<Void> chain = Future.succeededFuture();
            for (Contact person : people) {
                chain = chain.compose(v -> db.preparedQuery(Dispatcher.INSERT_OFFER)
                                .execute(Tuple.of(ticket.id(), person.id(), step.timeout().toMillis() / 1000.0)))
                        .compose(v -> Outbox.text(db, person.phone(), text, "escalation", ticket.id()));
            }
            return chain;
        }));
    }

    private static String describe(Recipients to) {
        return switch (to) {
            case Recipients.GroupLeaders g -> "group leaders";
            case Recipients.VolunteersWithSkill w -> "volunteers with skill " + w.skill();
            case Recipients.DutyPhone d -> "duty phone " + d.kind() + " (add it to the duty_phones table)";
        };
    }
}
