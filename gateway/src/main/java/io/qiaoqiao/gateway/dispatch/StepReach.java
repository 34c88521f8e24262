package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.outbound.OutboundCalls;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.routing.Candidates;
import io.qiaoqiao.gateway.routing.Candidates.Contact;
import io.qiaoqiao.gateway.ticket.OfferLifecycle;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.EscalationStep.Recipients;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * What one escalation step does to the people it reaches, inside the ticket's transaction: offers
 * (each with its expiry timer and its text) to volunteers, a text to a duty phone, and a call as
 * well when the step rings, or, for an urgent ticket, to each volunteer who chose to be rung for
 * urgent offers. Confidential tickets never put the resident's name or request in
 * these texts.
 */
final class StepReach {
    private static final String RING_URGENT = "SELECT id FROM volunteers WHERE id = ANY($1) AND ring_urgent";
    private final OutboundCalls calls;

    StepReach(OutboundCalls calls) {
        this.calls = calls;
    }

    /** The fixed recipients of a non-routed step: leaders, skilled volunteers, or empty for a duty phone. */
    static Future<List<Contact>> people(SqlClient db, Ticket ticket, Recipients to) {
        Optional<String> village = ticket.village();
        Optional<String> group = ticket.villageGroup();
        Future<List<Contact>> people = switch (to) {
            case Recipients.GroupLeaders g -> Candidates.leadersFor(db, village, group);
            case Recipients.VolunteersWithSkill w -> Candidates.withSkillServing(db, village, group, w.skill());
            case Recipients.DutyPhone d -> Future.succeededFuture(List.of());
            case Recipients.Neighbours n -> Future.succeededFuture(List.of());
            case Recipients.PairedVolunteer p -> Candidates.pairedWith(db, ticket.id());
        };
        // Whoever asked (a leader who reported something, say) is never offered their own ticket.
        return people.map(found -> found.stream().filter(p -> !p.phone().equals(ticket.requesterPhone())).toList());
    }

    static Future<Optional<Candidates.DutyPhone>> dutyPhone(SqlClient db, Ticket ticket, Recipients.DutyPhone to) {
        return Candidates.dutyPhone(db, to.kind(), ticket.village());
    }

    /**
     * Offers the ticket to each of {@code people} with the step's offer timeout; returns the
     * offers made (someone with a pending or accepted offer already is left out).
     */
    Future<JsonArray> offer(SqlClient db, Ticket ticket, EscalationStep step, List<Contact> people, String text) {
        return rungForUrgent(db, ticket, people).compose(rung -> offer(db, ticket, step, people, text, rung));
    }

    private Future<JsonArray> offer(SqlClient db, Ticket ticket, EscalationStep step, List<Contact> people, String text,
                                    Set<Long> rung) {
        JsonArray made = new JsonArray();
        List<Future<?>> all = new ArrayList<>();
        // Issued together: pipelined on the transaction's connection in this order.
        for (Contact person : people) {
            all.add(OfferLifecycle.make(db, ticket, person.id(), step.offerTimeout(), step.id()).compose(offerId -> {
                if (offerId.isEmpty()) {
                    return Future.succeededFuture();
                }
                made.add(new JsonObject().put("offerId", offerId.get()).put("volunteerId", person.id()));
                return Future.all(Timers.offerExpiry(db, ticket.id(), offerId.get(), step.offerTimeout()),
                        Outbox.text(db, person.phone(), text, step.to() instanceof Recipients.Neighbours ? "offer" : "escalation",
                                ticket.id()),
                        step.ring() || rung.contains(person.id()) ? calls.offer(db, ticket, person.phone())
                                : Future.succeededFuture()).mapEmpty();
            }));
        }
        return Future.all(all).map(made);
    }

    /** Of {@code people}, those who chose to be rung for urgent offers (volunteers.ring_urgent), when the ticket is urgent. */
    private static Future<Set<Long>> rungForUrgent(SqlClient db, Ticket ticket, List<Contact> people) {
        if (ticket.urgency() != Urgency.URGENT || people.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return db.preparedQuery(RING_URGENT).execute(Tuple.of(people.stream().map(Contact::id).toArray(Long[]::new))).map(rows -> {
            Set<Long> out = new HashSet<>();
            rows.forEach(r -> out.add(r.getLong(0)));
            return out;
        });
    }

    /** The request as a text (and a call when the step rings) to a duty phone. */
    Future<Void> tellDutyPhone(SqlClient db, Ticket ticket, EscalationStep step, Candidates.DutyPhone phone, String text) {
        return Outbox.text(db, phone.phone(), text, "duty_phone", ticket.id())
                .compose(v -> step.ring() ? calls.offer(db, ticket, phone.phone()) : Future.succeededFuture());
    }
}
