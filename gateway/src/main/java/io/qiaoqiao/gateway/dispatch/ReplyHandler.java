package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbound.OutboundCalls;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.Directory.Volunteer;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.OfferLifecycle;
import io.qiaoqiao.gateway.ticket.OfferLifecycle.Offer;
import io.qiaoqiao.gateway.ticket.OfferStatus;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.Classifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a volunteer's accept, decline or done — from a text or the volunteer phone line —
 * and their other commands ({@link VolunteerCommands}, {@link GridReports}),
 * with the ticket row locked, so that of two volunteers accepting at the same moment exactly
 * one wins and the other is told the ticket is taken. Only an active volunteer with a pending
 * offer can accept; an offer that expired, was withdrawn or was declined changes nothing and the
 * volunteer is told which. Everyone who asked hears who is coming and that it is done.
 */
public final class ReplyHandler {
    private static final String PENDING_OFFERS =
            "SELECT ticket_id FROM offers WHERE volunteer_id = $1 AND status = 'pending' ORDER BY id";
    private static final String OPEN_ACCEPTED =
            "SELECT id FROM tickets WHERE accepted_by = $1 AND status = 'accepted' ORDER BY id";
    private static final String OPEN_ACCEPTED_OR_OFFERED = """
            SELECT id FROM tickets WHERE accepted_by = $1 AND status = 'accepted'
            UNION SELECT ticket_id FROM offers WHERE volunteer_id = $1 AND status = 'pending'""";
    private static final String AWARD_POINTS = """
            INSERT INTO points_ledger (volunteer_id, ticket_id, points, kind, reason)
            VALUES ($1, $2, $3, 'service', $4) ON CONFLICT DO NOTHING""";

    /** What happened to a reply, for the volunteer phone line and the metrics. */
    public enum Outcome {
        ACCEPTED, TAKEN_BY_OTHER, ALREADY_YOURS, DECLINED, DONE, NOT_YOURS, EXPIRED, WITHDRAWN, NOT_ACTIVE, UNKNOWN_CODE,
        NOTHING_PENDING, AMBIGUOUS, HELP, IN_PROGRESS, HANDED_ON, REPORTED, LEAVE_SET, LISTED
    }

    private final Dispatcher dispatcher;
    private final Deadlines deadlines;
    private final GatewayMetrics metrics;
    private final int pointsPerTicket;
    private final OutboundCalls calls;
    private final Texts texts;
    private final VolunteerCommands commands;
    private final GridReports reports;

    public ReplyHandler(Dispatcher dispatcher, Deadlines deadlines, GatewayMetrics metrics, int pointsPerTicket, OutboundCalls calls,
                        Classifier classifier) {
        this.dispatcher = dispatcher;
        this.deadlines = deadlines;
        this.texts = dispatcher.texts();
        this.metrics = metrics;
        this.pointsPerTicket = pointsPerTicket;
        this.calls = calls;
        this.commands = new VolunteerCommands(dispatcher, metrics);
        this.reports = new GridReports(dispatcher, classifier, metrics);
    }

    /** Every command answers the volunteer in one text; a deactivated volunteer can neither take nor report anything. */
    public Future<Outcome> handle(SqlClient db, AfterCommit after, Volunteer volunteer, VolunteerReply reply) {
        return switch (reply) {
            case VolunteerReply.Unrecognised u -> tell(db, volunteer, texts.volunteerHelp(), Outcome.HELP);
            case VolunteerReply.Accept a when !volunteer.active() -> tell(db, volunteer, texts.notActive(), Outcome.NOT_ACTIVE);
            case VolunteerReply.Report r when !volunteer.active() -> tell(db, volunteer, texts.notActive(), Outcome.NOT_ACTIVE);
            case VolunteerReply.Report r -> reports.open(db, after, volunteer, r.text());
            case VolunteerReply.Leave l -> commands.leave(db, volunteer, l.length());
            case VolunteerReply.Mine m -> commands.mine(db, volunteer);
            default -> onTicket(db, after, volunteer, reply);
        };
    }

    /** A command about one ticket: it is found, locked, and the command applied. */
    private Future<Outcome> onTicket(SqlClient db, AfterCommit after, Volunteer volunteer, VolunteerReply reply) {
        return target(db, volunteer, reply).compose(target -> {
            if (target instanceof Target.Answer answer) {
                return tell(db, volunteer, answer.text(), answer.outcome());
            }
            long ticketId = ((Target.TicketId) target).id();
            return Tickets.lock(db, ticketId).compose(ticket -> switch (reply) {
                case VolunteerReply.Accept a -> accept(db, after, volunteer, ticket);
                case VolunteerReply.Decline d -> decline(db, after, volunteer, ticket);
                case VolunteerReply.Done d -> done(db, after, volunteer, ticket);
                case VolunteerReply.InProgress p -> commands.inProgress(db, volunteer, ticket);
                case VolunteerReply.HandOn h -> commands.handOn(db, after, volunteer, ticket, h.reason());
                case VolunteerReply.AboutNoTicket n -> throw new IllegalStateException("not about a ticket: " + reply);
            });
        });
    }

    private sealed interface Target {
        record TicketId(long id) implements Target {
        }

        record Answer(String text, Outcome outcome) implements Target {
        }
    }

    /**
     * Which ticket the reply is about: the quoted code, else the volunteer's single open item —
     * the accepted one for done and in-progress, either kind for hand-on, the offer otherwise.
     */
    private Future<Target> target(SqlClient db, Volunteer volunteer, VolunteerReply reply) {
        if (reply.code().isPresent()) {
            String code = reply.code().get();
            return Tickets.byCode(db, code).map(found -> found.<Target>map(t -> new Target.TicketId(t.id()))
                    .orElse(new Target.Answer(texts.unknownCode(code), Outcome.UNKNOWN_CODE)));
        }
        String sql = switch (reply) {
            case VolunteerReply.Done d -> OPEN_ACCEPTED;
            case VolunteerReply.InProgress p -> OPEN_ACCEPTED;
            case VolunteerReply.HandOn h -> OPEN_ACCEPTED_OR_OFFERED;
            default -> PENDING_OFFERS;
        };
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
            boolean mine = ticket.acceptedBy(volunteer.id());
            return tell(db, volunteer, mine ? texts.alreadyYours(ticket.code()) : texts.takenByOther(ticket.code()),
                    mine ? Outcome.ALREADY_YOURS : Outcome.TAKEN_BY_OTHER);
        }
        return OfferLifecycle.of(db, ticket, volunteer.id()).compose(offer -> {
            if (offer.isEmpty() || !ticket.status().awaitingVolunteer()) {
                return tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
            }
            if (!offer.get().pending()) {
                return toldWhyNot(db, texts, volunteer, ticket, offer.get());
            }
            return OfferLifecycle.accept(db, offer.get(), actor(volunteer)).compose(accepted -> !accepted
                    ? tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS)
                    : taken(db, after, volunteer, ticket, offer.get()));
        });
    }

    /** An accept of an offer that is no longer pending: the volunteer hears why it changes nothing. */
    static Future<Outcome> toldWhyNot(SqlClient db, Texts texts, Volunteer volunteer, Ticket ticket, Offer offer) {
        return switch (offer.status()) {
            case EXPIRED -> tell(db, volunteer, texts.offerExpired(ticket.code()), Outcome.EXPIRED);
            case WITHDRAWN -> tell(db, volunteer, texts.offerWithdrawn(ticket.code()), Outcome.WITHDRAWN);
            default -> tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
        };
    }

    private Future<Outcome> taken(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket, Offer offer) {
        return Timers.cancelForOffer(db, offer.id())
                .compose(v -> withdrawOthers(db, after, ticket, offer.id()))
                .compose(v -> TicketLifecycle.accept(db, ticket, volunteer.id(), deadlines.dueIn(ticket), actor(volunteer),
                        new JsonObject().put("offerId", offer.id()).put("step", offer.step().orElse(null))))
                .compose(accepted -> Timers.cancelForTicket(db, ticket.id(), Timers.ESCALATION_STEP)
                        .compose(v -> deadlines.schedule(db, accepted))
                        .compose(v -> Outbox.text(db, volunteer.phone(), texts.acceptedToVolunteer(accepted), "accepted", ticket.id()))
                        .compose(v -> FollowUps.forwardNoted(db, texts, accepted, volunteer.phone()))
                        .compose(v -> confirmToResidentAndFamily(db, accepted, volunteer))
                        .compose(v -> calls.confirmation(db, accepted)))
                .onSuccess(v -> after.add(() -> {
                    metrics.offer("accepted");
                    metrics.ticketAccepted(ticket);
                }))
                .map(Outcome.ACCEPTED);
    }

    private Future<Void> withdrawOthers(SqlClient db, AfterCommit after, Ticket ticket, long acceptedOfferId) {
        return Withdrawals.allBut(db, ticket, acceptedOfferId, texts.takenByOther(ticket.code()), "accepted elsewhere")
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
        return familyOf(db, ticket).compose(family -> {
            Future<Void> chain = Outbox.text(db, ticket.contactPhone(),
                    texts.confirmationToResident(ticket.code(), volunteer.name(), volunteer.phone()), "confirmation", ticket.id());
            for (String phone : family) {
                chain = chain.compose(v -> Outbox.text(db, phone, texts.confirmationToFamily(ticket.code(),
                        ticket.residentName(), volunteer.name(), volunteer.phone()), "family_confirmation", ticket.id()));
            }
            return chain;
        });
    }

    /**
     * The resident's family contacts and whoever asked on the resident's behalf, the resident left
     * out. A confidential matter is the resident's own: of the family only one who asked for it hears.
     */
    static Future<Set<String>> familyOf(SqlClient db, Ticket ticket) {
        Future<List<String>> family = ticket.resident().isPresent() && !ticket.confidential()
                ? Directory.familyPhones(db, ticket.resident().get().id()) : Future.succeededFuture(List.of());
        return family.map(phones -> {
            Set<String> out = new LinkedHashSet<>(phones);
            if (ticket.onBehalf()) {
                out.add(ticket.requesterPhone());
            }
            out.remove(ticket.contactPhone());
            return out;
        });
    }

    private Future<Outcome> decline(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket) {
        return OfferLifecycle.of(db, ticket, volunteer.id()).compose(offer -> {
            if (offer.isEmpty() || offer.get().status() != OfferStatus.PENDING) {
                return offer.isPresent() ? toldWhyNot(db, texts, volunteer, ticket, offer.get())
                        : tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
            }
            long offerId = offer.get().id();
            return OfferLifecycle.decline(db, offer.get(), actor(volunteer))
                    .compose(v -> Timers.cancelForOffer(db, offerId))
                    .compose(v -> TicketLifecycle.note(db, ticket, "declined", actor(volunteer),
                            new JsonObject().put("volunteerId", volunteer.id()).put("offerId", offerId)))
                    .compose(v -> Outbox.text(db, volunteer.phone(), texts.declined(ticket.code()), "declined", ticket.id()))
                    .compose(v -> dispatcher.offerEnded(db, after, ticket))
                    .onSuccess(v -> after.add(() -> metrics.offer("declined")))
                    .map(Outcome.DECLINED);
        });
    }

    private Future<Outcome> done(SqlClient db, AfterCommit after, Volunteer volunteer, Ticket ticket) {
        if (!ticket.acceptedBy(volunteer.id()) || ticket.status() != TicketStatus.ACCEPTED) {
            return tell(db, volunteer, texts.notYours(ticket.code()), Outcome.NOT_YOURS);
        }
        return TicketLifecycle.finish(db, ticket, actor(volunteer), new JsonObject().put("volunteerId", volunteer.id())
                        .put("points", pointsPerTicket))
                .compose(finished -> Deadlines.cancel(db, finished)
                        .compose(v -> db.preparedQuery(AWARD_POINTS).execute(Tuple.of(volunteer.id(), ticket.id(), pointsPerTicket,
                                "ticket " + ticket.code())))
                        .compose(v -> Outbox.text(db, ticket.contactPhone(), texts.doneToResident(ticket.code()), "done", ticket.id()))
                        .compose(v -> familyOf(db, finished))
                        .compose(family -> {
                            Future<Void> chain = Future.succeededFuture();
                            for (String phone : family) {
                                chain = chain.compose(v -> Outbox.text(db, phone, texts.doneToFamily(ticket.code(),
                                        ticket.residentName()), "family_done", ticket.id()));
                            }
                            return chain;
                        })
                        .compose(v -> Outbox.text(db, volunteer.phone(), texts.doneToVolunteer(ticket.code(), pointsPerTicket), "points",
                                ticket.id()))
                        .compose(v -> askForRating(db, finished)))
                .onSuccess(v -> after.add(() -> metrics.ticketDone(ticket)))
                .map(Outcome.DONE);
    }

    /**
     * The follow-up (回访): a rating call when a telephone line is configured, otherwise a text
     * to whoever asked, who rates by replying 1–5.
     */
    private Future<Void> askForRating(SqlClient db, Ticket ticket) {
        if (calls.enabled()) {
            return calls.rating(db, ticket);
        }
        String text = ticket.onBehalf() ? texts.ratingRequestToFamily(ticket.code(), ticket.residentName())
                : texts.ratingRequest(ticket.code());
        return Outbox.text(db, ticket.onBehalf() ? ticket.requesterPhone() : ticket.contactPhone(), text, "rating_request", ticket.id());
    }

    static Future<Outcome> tell(SqlClient db, Volunteer volunteer, String text, Outcome outcome) {
        return Outbox.text(db, volunteer.phone(), text, "reply", null).map(outcome);
    }

    static String actor(Volunteer volunteer) {
        return "volunteer:" + volunteer.id();
    }
}
