package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the telephone scripts need from the ticket system. The spine implements it; the voice
 * edge only calls it.
 *
 * <p>Every method is non-blocking and returns a Vert.x {@link Future}; implementations may
 * complete it on any thread. The scripts run on virtual threads and wait for the futures with a
 * timeout, so an implementation must never assume it is called from an event loop.
 *
 * <p>Phone numbers are E.164 ({@code +8613812345678}) whenever the caller ID is a plausible
 * number. A failed future means "the desk could not do it" (database down, timeout); the
 * scripts tell the caller and log the reason, they do not retry.
 */
public interface VoiceDesk {

    /** Who is calling, from the roster; empty for a number the roster does not know. */
    Future<Optional<Caller>> lookupCaller(String phone);

    /**
     * Opens a ticket for a resident's call, or adds the call to the caller's open request when it
     * is about the same need, and returns which (the code is digits only: the caller hears it read
     * back digit by digit). Must be idempotent per {@link VoiceRequest#callId()}: a second request
     * for the same call returns what the first did, and adds nothing.
     */
    Future<Filed> openTicket(VoiceRequest request);

    /**
     * Where the caller's newest open request stands (theirs, or their parent's for a registered
     * family member), for the hotline's status key; empty when there is none.
     */
    Future<Optional<RequestStanding>> standing(String callerPhone);

    /** Offers waiting for this volunteer's answer, oldest first. */
    Future<List<PendingOffer>> pendingOffers(String volunteerPhone);

    /** A volunteer's key press on an offer; same rules and effects as the SMS replies. */
    Future<OfferOutcome> answerOffer(String volunteerPhone, String ticketCode, OfferAnswer answer);

    /** Tickets this volunteer accepted and has not finished, oldest first: the volunteer line has a "done" key for each. */
    Future<List<AcceptedTicket>> acceptedTickets(String volunteerPhone);

    /** The volunteer reports an accepted ticket done by phone: the same as texting "D 1234". */
    Future<DoneOutcome> reportDone(String volunteerPhone, String ticketCode);

    /** The volunteer who accepted the ticket, if any: the confirmation call names them. */
    Future<Optional<Caller>> assignee(String ticketCode);

    /**
     * The resident's answer on the rating call. {@code satisfaction} is 1..5, or empty when the
     * resident hung up or pressed nothing after saying whether it was done. A "not done"
     * reopens the ticket for the studio.
     */
    Future<Void> recordRating(String ticketCode, boolean done, OptionalInt satisfaction);

    /**
     * How the script of an answered outbound call (confirmation, rating) ended, for the ticket's
     * history: the outbox knows that the phone was answered, only the script knows whether the
     * resident listened to the end, pressed nothing or hung up.
     */
    Future<Void> outboundCallEnded(OutboundCallReport report);

    /** How an answered outbound call went on the line. */
    enum ScriptResult {
        /** The script played to its end. */
        COMPLETED,
        /** The resident pressed nothing where the script asked for a key. */
        NO_KEY,
        /** The resident hung up before the end. */
        HUNG_UP,
        /** The line or Asterisk failed before the end. */
        DROPPED
    }

    /**
     * @param attempt    the outbox's attempt that placed the call ({@code ?attempt=} in the AGI URL), if given
     * @param lastPrompt the prompt playing when the call ended, if any
     * @param reason     why the call ended early, or empty
     */
    record OutboundCallReport(String ticketCode, String script, ScriptResult result, OptionalInt attempt,
                              Optional<String> lastPrompt, Optional<String> reason) {
    }

    /** Whom the roster knows by a phone number. */
    enum Role { RESIDENT, VOLUNTEER }

    /**
     * A person from the roster.
     *
     * @param namePrompt a prompt id of the person's name recorded by the studio (names cannot
     *                   be synthesised at call time), or empty
     */
    record Caller(String phone, Role role, String name, String village, Optional<String> namePrompt) {
    }

    /** How far an open request has got, as the hotline says it. */
    enum Stage {
        /** Volunteers nearby are being asked. */
        WAITING,
        /** Registered; nobody is asked before a time (the night). */
        HELD,
        /** Handed up to the group leaders, the village committee or the township centre. */
        ESCALATED,
        /** A volunteer took it. */
        ACCEPTED
    }

    /**
     * An open request as the status key reads it out.
     *
     * @param volunteerPhone the accepting volunteer's number as one dials it (13900002001), read digit by digit
     */
    record RequestStanding(String ticketCode, Stage stage, Optional<String> volunteerPhone) {
    }

    /** Whether the resident asked for something, or hung up before saying what. */
    enum RequestKind {
        /** The caller chose a category or left a message. */
        REQUEST,
        /** The caller hung up before a ticket existed: a volunteer is asked to call back. */
        CALLBACK
    }

    /**
     * A ticket to open from a call.
     *
     * @param callId     Asterisk's unique id of the call ({@code agi_uniqueid}), for idempotency
     * @param callerPhone E.164 when the caller ID is a number, else the raw caller ID (may be
     *                   "unknown": the spine then has nobody to call back)
     * @param registered whether the roster knew the number when the call came in
     * @param recording  absolute path of the caller's message as Asterisk wrote it (with the
     *                   file extension), on the Asterisk host
     */
    record VoiceRequest(String callId, String callerPhone, boolean registered, Category category,
                        Urgency urgency, RequestKind kind, Optional<String> recording) {
    }

    /**
     * Where a call's request went.
     *
     * @param joined true when the call was added to the caller's open request {@code ticketCode},
     *               false when it opened that ticket
     */
    record Filed(String ticketCode, boolean joined) {
    }

    /**
     * An offer as the volunteer line reads it out.
     *
     * @param villageGroup       the group's name, for logs
     * @param villageGroupPrompt prompt id of the group's name recorded by the studio, or empty
     * @param recording          the resident's message (path with extension), or empty
     */
    record PendingOffer(String ticketCode, Category category, Urgency urgency, String villageGroup,
                        Optional<String> villageGroupPrompt, Optional<String> recording) {
    }

    /**
     * A ticket the volunteer has accepted, as the volunteer line reads it out.
     *
     * @param villageGroup  the group's name, for logs
     * @param addedMessages messages the resident left calling again about it, oldest first (paths with extension)
     */
    record AcceptedTicket(String ticketCode, Category category, String villageGroup, List<String> addedMessages) {
    }

    /** What came of a volunteer's "done" key. */
    enum DoneOutcome {
        /** Done: the resident is told, the points are given, the rating follows. */
        DONE,
        /** The ticket is not (or no longer) this volunteer's accepted work. */
        NOT_YOURS
    }

    /** The key a volunteer pressed on an offer. */
    enum OfferAnswer { ACCEPT, DECLINE }

    /** What came of a volunteer's answer. */
    enum OfferOutcome {
        /** The ticket is now this volunteer's. */
        ACCEPTED,
        /** The decline was recorded; the ticket goes to the next candidate. */
        DECLINED,
        /** Another volunteer accepted first. */
        TAKEN_BY_OTHER,
        /** The offer was never made to this volunteer. */
        NOT_YOURS,
        /** The offer expired or the ticket was closed or cancelled meanwhile. */
        NO_LONGER_OPEN
    }
}
