package io.qiaoqiao.gateway.intake;

import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.ReplyHandler;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.dispatch.VolunteerReply;
import io.qiaoqiao.gateway.followup.AskerCalls;
import io.qiaoqiao.gateway.followup.Standing;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.ticket.NewTicket;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketLifecycle.RatingChannel;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.gateway.ticket.TransitionTable;
import io.qiaoqiao.gateway.voice.VoiceDesk;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The ticket system as the telephone scripts see it. A call becomes a ticket exactly like a
 * text does (same routing, same offers, same durability); key presses on the volunteer line
 * go through the same {@link ReplyHandler} as SMS replies, so the race rules are the same.
 */
public final class CallIntake implements VoiceDesk {
    static final String RECORDED_MESSAGE = "（语音留言，请拨志愿者热线收听）";
    static final String CALLBACK_REQUEST = "（来电未说明需求即挂断，请回电）";
    private static final String BY_CALL_ID = "SELECT code FROM tickets WHERE call_id = $1";
    private static final String PENDING_OFFERS = """
            SELECT t.code, t.category, t.urgency, t.recording,
                   coalesce(r.village || r.village_group, t.place_village || t.place_village_group, '') AS place
            FROM offers o JOIN tickets t ON t.id = o.ticket_id JOIN volunteers v ON v.id = o.volunteer_id
            LEFT JOIN residents r ON r.id = t.resident_id
            WHERE v.phone = $1 AND o.status = 'pending' ORDER BY o.id""";
    private static final String ACCEPTED = """
            SELECT t.code, t.category, coalesce(r.village || r.village_group, t.place_village || t.place_village_group, '') AS place,
                   ARRAY(SELECT e.detail->>'recording' FROM ticket_events e
                         WHERE e.ticket_id = t.id AND e.type = 'follow_up' AND e.detail ? 'recording' ORDER BY e.id) AS added
            FROM tickets t JOIN volunteers v ON v.id = t.accepted_by LEFT JOIN residents r ON r.id = t.resident_id
            WHERE v.phone = $1 AND t.status = 'accepted' ORDER BY t.accepted_at, t.id""";
    private static final String ASSIGNEE = """
            SELECT v.phone, v.name, g.village FROM tickets t JOIN volunteers v ON v.id = t.accepted_by
            JOIN volunteer_groups g ON g.id = v.group_id WHERE t.code = $1""";
    private static final String VOLUNTEER_VILLAGE = "SELECT village FROM volunteer_groups WHERE id = $1";

    private final Pool pool;
    private final IntakeWrites writes;
    private final Duration deskWait;
    private final Dispatcher dispatcher;
    private final ReplyHandler replies;
    private final GatewayMetrics metrics;

    /** @param deskWait how long a call waits for the ticket system (voice.desk-timeout-ms) */
    public CallIntake(Pool pool, IntakeWrites writes, Duration deskWait, Dispatcher dispatcher, ReplyHandler replies,
                      GatewayMetrics metrics) {
        this.pool = pool;
        this.writes = writes;
        this.deskWait = deskWait;
        this.dispatcher = dispatcher;
        this.replies = replies;
        this.metrics = metrics;
    }

    @Override
    public Future<Optional<Caller>> lookupCaller(String phone) {
        return Directory.residentByPhone(pool, phone).compose(resident -> {
            if (resident.isPresent()) {
                Resident r = resident.get();
                return Future.succeededFuture(Optional.of(new Caller(r.phone(), Role.RESIDENT, r.name(), r.village(), Optional.empty())));
            }
            return Directory.volunteerByPhone(pool, phone).compose(volunteer -> volunteer.isEmpty()
                    ? Future.succeededFuture(Optional.<Caller>empty())
                    : pool.preparedQuery(VOLUNTEER_VILLAGE).execute(Tuple.of(volunteer.get().groupId()))
                            .map(rows -> Optional.of(new Caller(phone, Role.VOLUNTEER, volunteer.get().name(),
                                    rows.iterator().next().getString(0), Optional.empty()))));
        });
    }

    /**
     * Written through the same group commit as texts ({@link IntakeWrites}), keyed by the caller's
     * phone: thousands of callers at once share commits instead of waiting for a connection each.
     * A call no transaction took within the desk's wait fails unwritten; the hotline then spools it.
     * A call about the caller's open request joins it ({@link AskerCalls}), here and from the spool.
     */
    @Override
    public Future<Filed> openTicket(VoiceRequest request) {
        Filed[] filed = new Filed[1];
        return writes.write(request.callerPhone(), deskWait, (db, after) -> file(db, after, request).map(f -> {
            filed[0] = f;
            return (Void) null;
        })).map(v -> filed[0]);
    }

    private Future<Filed> file(SqlClient db, AfterCommit after, VoiceRequest request) {
        return db.preparedQuery(BY_CALL_ID).execute(Tuple.of(request.callId())).compose(rows -> {
            if (rows.size() > 0) {
                return Future.succeededFuture(new Filed(rows.iterator().next().getString(0), false)); // the same call asked twice
            }
            AskerCalls.Call call = new AskerCalls.Call(request.callId(), request.callerPhone(), request.category(),
                    request.urgency(), request.recording());
            return AskerCalls.join(db, dispatcher.texts(), call).compose(joined -> joined.isPresent()
                    ? Future.succeededFuture(new Filed(joined.get(), true))
                    : open(db, after, request).map(code -> new Filed(code, false)));
        });
    }

    /** A new ticket for the call, routed at once; returns its code. */
    private Future<String> open(SqlClient db, AfterCommit after, VoiceRequest request) {
        return Directory.asker(db, request.callerPhone()).compose(asker -> {
            boolean callback = request.kind() == RequestKind.CALLBACK;
            String text = callback ? CALLBACK_REQUEST : request.recording().isPresent() ? RECORDED_MESSAGE : "";
            NewTicket ticket = new NewTicket("voice", callback ? "callback" : "request", asker.resident(),
                    request.callerPhone(), asker.onBehalf(),
                    new Classification(request.category(), request.urgency(), List.of()), text, false,
                    request.recording(), Optional.of(request.callId()));
            return Tickets.create(db, ticket, "voice:" + request.callerPhone())
                    .compose(created -> dispatcher.start(db, after, created).map(v -> {
                        after.add(() -> metrics.ticketCreated(created));
                        return created.code();
                    }));
        });
    }

    @Override
    public Future<Optional<RequestStanding>> standing(String callerPhone) {
        return Standing.ofNewestOpen(pool, dispatcher.texts(), callerPhone).map(where -> where.map(w -> new RequestStanding(
                w.ticket().code(), switch (w.stage()) {
                    case HELD -> Stage.HELD;
                    case ESCALATED -> Stage.ESCALATED;
                    case ACCEPTED -> Stage.ACCEPTED;
                    case WAITING, WITH_STUDIO, FINISHED -> Stage.WAITING;
                }, w.volunteer().map(v -> Texts.dialable(v.phone())))));
    }

    @Override
    public Future<List<PendingOffer>> pendingOffers(String volunteerPhone) {
        return pool.preparedQuery(PENDING_OFFERS).execute(Tuple.of(volunteerPhone)).map(rows -> {
            List<PendingOffer> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new PendingOffer(r.getString("code"), Category.valueOf(r.getString("category")),
                        Urgency.valueOf(r.getString("urgency")), r.getString("place"), Optional.empty(),
                        Optional.ofNullable(r.getString("recording"))));
            }
            return out;
        });
    }

    @Override
    public Future<OfferOutcome> answerOffer(String volunteerPhone, String ticketCode, OfferAnswer answer) {
        VolunteerReply reply = answer == OfferAnswer.ACCEPT
                ? new VolunteerReply.Accept(Optional.of(ticketCode)) : new VolunteerReply.Decline(Optional.of(ticketCode));
        return Tx.run(pool, (db, after) -> Directory.volunteerByPhone(db, volunteerPhone).compose(volunteer -> volunteer.isEmpty()
                ? Future.succeededFuture(OfferOutcome.NOT_YOURS)
                : replies.handle(db, after, volunteer.get(), reply).map(CallIntake::outcome)));
    }

    @Override
    public Future<List<AcceptedTicket>> acceptedTickets(String volunteerPhone) {
        return pool.preparedQuery(ACCEPTED).execute(Tuple.of(volunteerPhone)).map(rows -> {
            List<AcceptedTicket> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new AcceptedTicket(r.getString("code"), Category.valueOf(r.getString("category")), r.getString("place"),
                        List.of(r.getArrayOfStrings("added"))));
            }
            return out;
        });
    }

    @Override
    public Future<DoneOutcome> reportDone(String volunteerPhone, String ticketCode) {
        VolunteerReply done = new VolunteerReply.Done(Optional.of(ticketCode));
        return Tx.run(pool, (db, after) -> Directory.volunteerByPhone(db, volunteerPhone).compose(volunteer -> volunteer.isEmpty()
                ? Future.succeededFuture(DoneOutcome.NOT_YOURS)
                : replies.handle(db, after, volunteer.get(), done)
                        .map(outcome -> outcome == ReplyHandler.Outcome.DONE ? DoneOutcome.DONE : DoneOutcome.NOT_YOURS)));
    }

    private static OfferOutcome outcome(ReplyHandler.Outcome outcome) {
        return switch (outcome) {
            case ACCEPTED, ALREADY_YOURS -> OfferOutcome.ACCEPTED;
            case DECLINED -> OfferOutcome.DECLINED;
            case TAKEN_BY_OTHER -> OfferOutcome.TAKEN_BY_OTHER;
            case NOT_YOURS -> OfferOutcome.NO_LONGER_OPEN;
            default -> OfferOutcome.NOT_YOURS;
        };
    }

    @Override
    public Future<Optional<Caller>> assignee(String ticketCode) {
        return pool.preparedQuery(ASSIGNEE).execute(Tuple.of(ticketCode)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Caller(r.getString("phone"), Role.VOLUNTEER, r.getString("name"), r.getString("village"),
                    Optional.empty()));
        });
    }

    /**
     * Event {@code call_script} {script, result (completed, no_key, hung_up, dropped), attempt,
     * lastPrompt, reason}, actor {@code voice}: how the answered call went on the line, next to
     * the outbox's {@code call_attempt} and {@code call_outcome}.
     */
    @Override
    public Future<Void> outboundCallEnded(OutboundCallReport report) {
        return Tickets.byCode(pool, report.ticketCode()).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new IllegalArgumentException("no ticket " + report.ticketCode()));
            }
            JsonObject detail = new JsonObject().put("script", report.script())
                    .put("result", report.result().name().toLowerCase());
            report.attempt().ifPresent(a -> detail.put("attempt", a));
            report.lastPrompt().ifPresent(p -> detail.put("lastPrompt", p));
            report.reason().ifPresent(r -> detail.put("reason", r));
            return TicketLifecycle.note(pool, found.get(), "call_script", "voice", detail);
        });
    }

    @Override
    public Future<Void> recordRating(String ticketCode, boolean done, OptionalInt satisfaction) {
        return Tx.run(pool, (db, after) -> recordRating(db, after, ticketCode, done, satisfaction, RatingChannel.CALL, "resident"));
    }

    /**
     * The same, in the caller's transaction (an operator's rating commits with its audit row, a
     * rating by SMS with the message that gave it). "Not done" sends the ticket back to the studio.
     */
    public Future<Void> recordRating(SqlClient db, AfterCommit after, String ticketCode, boolean done,
                                     OptionalInt satisfaction, RatingChannel channel, String actor) {
        return Tickets.lockByCode(db, ticketCode).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new IllegalArgumentException("no ticket " + ticketCode));
            }
            Ticket ticket = found.get();
            Integer score = satisfaction.isPresent() ? satisfaction.getAsInt() : null;
            Future<Void> rated = TicketLifecycle.rate(db, ticket, done, score, channel, actor);
            after.add(() -> metrics.rating(done));
            if (done || !TicketLifecycle.allows(ticket, TransitionTable.Transition.REPORT_NOT_DONE)) {
                return rated;
            }
            after.add(() -> metrics.reopened(ticket));
            return rated.compose(v -> TicketLifecycle.reportNotDone(db, ticket, actor,
                    "the resident said it was not done (" + channel.name().toLowerCase(java.util.Locale.ROOT) + ")")).mapEmpty();
        });
    }
}
