package io.qiaoqiao.gateway.voice;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test double of the ticket system: an in-memory desk that records what the scripts asked. */
final class RecordingVoiceDesk implements VoiceDesk {
    record Answered(String volunteerPhone, String ticketCode, OfferAnswer answer) {
    }

    record Rating(String ticketCode, boolean done, OptionalInt satisfaction) {
    }

    final Map<String, Caller> roster = new ConcurrentHashMap<>();
    final Map<String, String> codesByCall = new ConcurrentHashMap<>();
    final List<VoiceRequest> tickets = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<PendingOffer>> offers = new ConcurrentHashMap<>();
    final Map<String, OfferOutcome> outcomes = new ConcurrentHashMap<>();
    final List<Answered> answers = Collections.synchronizedList(new ArrayList<>());
    final List<Rating> ratings = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Caller> assignees = new ConcurrentHashMap<>();
    final Map<String, List<AcceptedTicket>> accepted = new ConcurrentHashMap<>();
    final List<String> reportedDone = Collections.synchronizedList(new ArrayList<>());
    final Map<String, DoneOutcome> doneOutcomes = new ConcurrentHashMap<>();
    final List<OutboundCallReport> reports = Collections.synchronizedList(new ArrayList<>());
    final Map<String, RequestStanding> standings = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    /** While true, opening a ticket fails as with the database away. */
    volatile boolean away;
    /** While true, looking a caller up fails as with the database away. */
    volatile boolean lookupsFail;
    /** When set, the next look-up answers when this promise is completed (a slow database). */
    volatile io.vertx.core.Promise<Optional<Caller>> slowLookup;
    private final AtomicInteger nextCode = new AtomicInteger(4321);

    @Override
    public Future<Optional<Caller>> lookupCaller(String phone) {
        lookups.incrementAndGet();
        if (lookupsFail) {
            return Future.failedFuture(new IllegalStateException("database unavailable"));
        }
        io.vertx.core.Promise<Optional<Caller>> slow = slowLookup;
        if (slow != null) {
            slowLookup = null;
            return slow.future();
        }
        return Future.succeededFuture(Optional.ofNullable(roster.get(phone)));
    }

    @Override
    public Future<Filed> openTicket(VoiceRequest request) {
        if (away) {
            return Future.failedFuture(new IllegalStateException("database unavailable"));
        }
        return Future.succeededFuture(new Filed(codesByCall.computeIfAbsent(request.callId(), id -> {
            tickets.add(request);
            return String.valueOf(nextCode.getAndIncrement());
        }), false));
    }

    @Override
    public Future<Optional<RequestStanding>> standing(String callerPhone) {
        return Future.succeededFuture(Optional.ofNullable(standings.get(callerPhone)));
    }

    @Override
    public Future<List<PendingOffer>> pendingOffers(String volunteerPhone) {
        return Future.succeededFuture(offers.getOrDefault(volunteerPhone, List.of()));
    }

    @Override
    public Future<OfferOutcome> answerOffer(String volunteerPhone, String ticketCode, OfferAnswer answer) {
        answers.add(new Answered(volunteerPhone, ticketCode, answer));
        OfferOutcome outcome = outcomes.getOrDefault(ticketCode,
                answer == OfferAnswer.ACCEPT ? OfferOutcome.ACCEPTED : OfferOutcome.DECLINED);
        return Future.succeededFuture(outcome);
    }

    @Override
    public Future<List<AcceptedTicket>> acceptedTickets(String volunteerPhone) {
        return Future.succeededFuture(accepted.getOrDefault(volunteerPhone, List.of()));
    }

    @Override
    public Future<DoneOutcome> reportDone(String volunteerPhone, String ticketCode) {
        reportedDone.add(volunteerPhone + " " + ticketCode);
        return Future.succeededFuture(doneOutcomes.getOrDefault(ticketCode, DoneOutcome.DONE));
    }

    @Override
    public Future<Optional<Caller>> assignee(String ticketCode) {
        return Future.succeededFuture(Optional.ofNullable(assignees.get(ticketCode)));
    }

    @Override
    public Future<Void> recordRating(String ticketCode, boolean done, OptionalInt satisfaction) {
        ratings.add(new Rating(ticketCode, done, satisfaction));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> outboundCallEnded(OutboundCallReport report) {
        reports.add(report);
        return Future.succeededFuture();
    }

    VoiceRequest onlyTicket() {
        synchronized (tickets) {
            if (tickets.size() != 1) {
                throw new AssertionError("expected one ticket, got " + tickets);
            }
            return tickets.get(0);
        }
    }
}
