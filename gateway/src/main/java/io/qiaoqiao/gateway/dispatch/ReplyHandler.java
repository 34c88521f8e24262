package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbound.OutboundCalls;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.Directory.Volunteer;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a volunteer's accept, decline or done — from a text or the volunteer phone line —
 * with the ticket row locked, so that of two volunteers accepting at the same moment exactly
 * one wins and the other is told the ticket is taken. Only the volunteer an offer was made to
 * can act on it.
 */
public final class ReplyHandler {
    private static final String PENDING_OFFERS =
            "SELECT ticket_id FROM offers WHERE volunteer_id = $1 AND status = 'pending' ORDER BY id";
    private static final String OPEN_ACCEPTED =
            "SELECT id FROM tickets WHERE accepted_by = $1 AND status = 'accepted' ORDER BY id";
    private static final String OFFER_OF = "SELECT id, status FROM offers WHERE ticket_id = $1 AND volunteer_id = $2";
    private static final String ANSWER_OFFER = "UPDATE offers SET status = $2, answered_at = now() WHERE id = $1";
    private static final String ACCEPT_TICKET =
            "UPDATE tickets SET status = 'accepted', accepted_by = $2, accepted_at = now() WHERE id = $1";
    private static final String FINISH_TICKET = "UPDATE tickets SET status = 'done', done_at = now() WHERE id = $1";
    private static final String PENDING_LEFT = "SELECT count(*) FROM offers WHERE ticket_id = $1 AND status = 'pending'";
    private static final String AWARD_POINTS = """
            INSERT INTO points_ledger (volunteer_id, ticket_id, points, kind, reason)
            VALUES ($1, $2, $3, 'service', $4) ON CONFLICT DO NOTHING""";

    /** What happened to a reply, for the volunteer phone line and the metrics. */
    public enum Outcome { ACCEPTED, TAKEN_BY_OTHER, ALREADY_YOURS, DECLINED, DONE, NOT_YOURS, UNKNOWN_CODE, NOTHING_PENDING, AMBIGUOUS, HELP }

    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;
    private final int pointsPerTicket;
    private final OutboundCalls calls;
    private final Texts texts;

    public ReplyHandler(Dispatcher dispatcher, GatewayMetrics metrics, int pointsPerTicket, OutboundCalls calls) {
        this.dispatcher = dispatcher;
        this.texts = dispatcher.texts();
        this.metrics = metrics;
        this.pointsPerTicket = pointsPerTicket;
        this.calls = calls;
    }

    public Future<Outcome> handle(SqlClient db, AfterCommit after, Volunteer volunteer, VolunteerReply reply) {
        if (reply instanceof VolunteerReply.Unrecognised) {
            return tell(db, volunteer, texts.volunteerHelp(), Outcome.HELP);
        }
        return target(db, volunteer, reply).compose(target -> {
            if (target instanceof Target.Answer answer) {
                return tell(db, volunteer, answer.text(), answer.outcome());
            }
            long ticketId = ((Target.TicketId) target).id();
            return Tickets.lock(db, ticketId).compose(ticket -> switch (reply) {
                case VolunteerReply.Accept a -> accept(db, after, volunteer, ticket);
                case VolunteerReply.Decline d -> decline(db, after, volunteer, ticket);
                case VolunteerReply.Done d -> done(db, after, volunteer, ticket);
                case VolunteerReply.Unrecognised u -> throw new IllegalStateException("handled above");
            });
        });
    }

    private sealed interface Target {
        record TicketId(long id) implements Target {
        }

        record Answer(String text, Outcome outcome) implements Target {
        }
    }

    /** Which ticket the reply is about: the quoted code, else the volunteer's single open item. */
    private Future<Target> target(SqlClient db, Volunteer volunteer, VolunteerReply reply) {
        if (reply.code().isPresent()) {
            String code = reply.code().get();
            return Tickets.byCode(db, code).map(found -> found.<Target>map(t -> new Target.TicketId(t.id()))
                    .orElse(new Target.Answer(texts.unknownCode(code), Outcome.UNKNOWN_CODE)));
        }
        String sql = reply instanceof VolunteerReply.Done ? OPEN_ACCEPTED : PENDING_OFFERS;
        return db.preparedQuery(sql).execute(Tuple.of(volunteer.id())).map(rows -> {
            if (rows.size() == 0) {
                return new Target.Answer(texts.nothingPending(), Outcome.NOTHING_PENDING);
            }
            if (rows.size() > 1) {
                return new Target.Answer(texts.whichOne(rows.size()), Outcome.AMBIGUOUS);
            }
            return new Target.TicketId(rows.iterator().next().getLong(0));
        });
    }

    private Future<Outcome> accept(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket) {
        if (ticket.acceptedBy().isPresent()) {
            boolean mine = ticket.acceptedBy().get() == volunteer.id();
            return tell(db, volunteer, mine ? texts.alreadyYours(ticket.code()) : texts.takenByOther(ticket.code()),
                    mine ? Outcome.ALREADY_YOURS : Outcome.TAKEN_BY_OTHER);
        }
        return offerOf(db, ticket, volunteer).compose(offer -> {
            // An offer that expired or was declined may still be taken while nobody else has:
            // a volunteer who changes their mind is better than another round of offers.
            if (offer.isEmpty() || !ticket.status().awaitingVolunteer()) {
                return tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
            }
            long offerId = offer.get().getLong("id");
            return db.preparedQuery(ANSWER_OFFER).execute(Tuple.of(offerId, "accepted"))
                    .compose(v -> Timers.cancelForOffer(db, offerId))
                    .compose(v -> withdrawOthers(db, after, ticket, offerId))
                    .compose(v -> db.preparedQuery(ACCEPT_TICKET).execute(Tuple.of(ticket.id(), volunteer.id())))
                    .compose(v -> TicketEvents.append(db, ticket.id(), "accepted", actor(volunteer),
                            new JsonObject().put("volunteerId", volunteer.id()).put("offerId", offerId)))
                    .compose(v -> Outbox.text(db, volunteer.phone(), texts.acceptedToVolunteer(ticket.code()), "accepted", ticket.id()))
                    .compose(v -> confirmToResidentAndFamily(db, ticket, volunteer))
                    .compose(v -> calls.confirmation(db, ticket))
                    .onSuccess(v -> after.add(() -> {
                        metrics.offer("accepted");
                        metrics.ticketAccepted(ticket);
                    }))
                    .map(Outcome.ACCEPTED);
        });
    }

    private Future<Void> withdrawOthers(SqlClient db, AfterCommit after, Ticket ticket, long acceptedOfferId) {
        return PendingOffers.withdrawExcept(db, ticket.id(), acceptedOfferId, texts.takenByOther(ticket.code()))
                .map(withdrawn -> {
                    after.add(() -> {
                        for (int i = 0; i < withdrawn; i++) {
                            metrics.offer("withdrawn");
                        }
                    });
                    return null;
                });
    }

    /** The resident (or the unknown number that asked) and every family contact hear who is coming. */
    private Future<Void> confirmToResidentAndFamily(SqlClient db, Ticket ticket, Volunteer volunteer) {
        Future<List<String>> family = ticket.resident().isPresent()
                ? Directory.familyPhones(db, ticket.resident().get().id()) : Future.succeededFuture(List.of());
        return family.compose(familyPhones -> {
            Set<String> familySet = new LinkedHashSet<>(familyPhones);
            String residentPhone = ticket.contactPhone();
            if (ticket.onBehalf()) {
                familySet.add(ticket.requesterPhone());
            }
            familySet.remove(residentPhone);
            Future<Void> chain = Outbox.text(db, residentPhone,
                    texts.confirmationToResident(ticket.code(), volunteer.name(), volunteer.phone()), "confirmation", ticket.id());
            for (String phone : familySet) {
                chain = chain.compose(v -> Outbox.text(db, phone, texts.confirmationToFamily(ticket.code(),
                        ticket.residentName(), volunteer.name(), volunteer.phone()), "family_confirmation", ticket.id()));
            }
            return chain;
        });
    }

    private Future<Outcome> decline(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket) {
        return offerOf(db, ticket, volunteer).compose(offer -> {
            if (offer.isEmpty() || !"pending".equals(offer.get().getString("status"))) {
                return tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
            }
            long offerId = offer.get().getLong("id");
            return db.preparedQuery(ANSWER_OFFER).execute(Tuple.of(offerId, "declined"))
                    .compose(v -> Timers.cancelForOffer(db, offerId))
                    .compose(v -> TicketEvents.append(db, ticket.id(), "declined", actor(volunteer),
                            new JsonObject().put("volunteerId", volunteer.id()).put("offerId", offerId)))
                    .compose(v -> Outbox.text(db, volunteer.phone(), texts.declined(ticket.code()), "declined", ticket.id()))
                    .compose(v -> offerAgainIfNobodyHasIt(db, after, ticket))
                    .onSuccess(v -> after.add(() -> metrics.offer("declined")))
                    .map(Outcome.DECLINED);
        });
    }

    /**
     * After a decline or an expiry: when no offer is pending any more, the next candidate gets
     * one. An escalated ticket stays with its leaders.
     */
    public Future<Void> offerAgainIfNobodyHasIt(SqlClient db, AfterCommit after, Ticket ticket) {
        if (ticket.status() != TicketStatus.OFFERED && ticket.status() != TicketStatus.OPEN) {
            return Future.succeededFuture();
        }
        return db.preparedQuery(PENDING_LEFT).execute(Tuple.of(ticket.id()))
                .compose(rows -> rows.iterator().next().getLong(0) > 0 ? Future.succeededFuture()
                        : dispatcher.offerNext(db, after, ticket));
    }

    private Future<Outcome> done(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket) {
        boolean mine = ticket.acceptedBy().map(id -> id == volunteer.id()).orElse(false);
        if (!mine || ticket.status() != TicketStatus.ACCEPTED) {
            return tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
        }
        return db.preparedQuery(FINISH_TICKET).execute(Tuple.of(ticket.id()))
                .compose(v -> db.preparedQuery(AWARD_POINTS).execute(Tuple.of(volunteer.id(), ticket.id(), pointsPerTicket,
                        "ticket " + ticket.code())))
                .compose(v -> TicketEvents.append(db, ticket.id(), "done", actor(volunteer),
                        new JsonObject().put("volunteerId", volunteer.id()).put("points", pointsPerTicket)))
                .compose(v -> Outbox.text(db, ticket.contactPhone(), texts.doneToResident(ticket.code()), "done", ticket.id()))
                .compose(v -> Outbox.text(db, volunteer.phone(), texts.doneToVolunteer(ticket.code(), pointsPerTicket), "points", ticket.id()))
                .compose(v -> calls.rating(db, ticket))
                .onSuccess(v -> after.add(() -> metrics.ticketDone(ticket)))
                .map(Outcome.DONE);
    }

    private static Future<Optional<Row>> offerOf(SqlClient db, Ticket ticket, Volunteer volunteer) {
        return db.preparedQuery(OFFER_OF).execute(Tuple.of(ticket.id(), volunteer.id()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
    }

    private static Future<Outcome> tell(SqlClient db, Volunteer volunteer, String text, Outcome outcome) {
        return Outbox.text(db, volunteer.phone(), text, "reply", null).map(outcome);
    }

    private static String actor(Volunteer volunteer) {
        return "volunteer:" + volunteer.id();
    }
}
