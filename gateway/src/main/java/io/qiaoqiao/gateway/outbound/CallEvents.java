package io.qiaoqiao.gateway.outbound;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

import java.time.Instant;
import java.util.List;

/**
 * The ticket's history of its outbound calls, as events of actor {@code outbound} (the time of
 * each is the event's {@code at}):
 * <ul>
 *   <li>{@code call_attempt} {script, attempt, maxAttempts, to}: a call is being placed;</li>
 *   <li>{@code call_outcome} {script, attempt, result, amiReason, amiReasonText, hangupCause,
 *       hangupCauseText, error, next, retryAt}: what Asterisk said about it and what happens next;</li>
 *   <li>{@code call_gave_up} {script, attempts, result}: no attempt is left;</li>
 *   <li>{@code family_texted} {script, to, count}: the family was texted in place of the call.</li>
 * </ul>
 * What the resident did once the call was answered is {@code call_script}, written by the
 * voice side ({@code CallIntake}). Phone numbers are masked: the history is shown to operators.
 */
final class CallEvents {
    static final String ACTOR = "outbound";

    /** What comes after an outcome. */
    enum Next {
        /** Answered: nothing more to place. */
        DONE,
        /** Another attempt at {@code retryAt}. */
        RETRY,
        /** Asterisk was unreachable: the call never rang and the attempt does not count. */
        GIVEN_BACK,
        /** No attempt left, or Asterisk refused the call. */
        GIVEN_UP
    }

    private CallEvents() {
    }

    static Future<Void> attempt(SqlClient db, long ticketId, String script, int attempt, int maxAttempts, String to) {
        return TicketEvents.append(db, ticketId, "call_attempt", ACTOR, new JsonObject().put("script", script)
                .put("attempt", attempt).put("maxAttempts", maxAttempts).put("to", PhoneNumbers.mask(to)));
    }

    /** An outcome Asterisk reported. */
    static Future<Void> outcome(SqlClient db, long ticketId, String script, int attempt, CallOutcome outcome,
                                Next next, Instant retryAt) {
        JsonObject detail = base(script, attempt, outcome.result().name().toLowerCase())
                .put("amiReason", outcome.amiReason()).put("amiReasonText", CallOutcome.reasonText(outcome.amiReason()));
        outcome.hangupCause().ifPresent(cause -> detail.put("hangupCause", cause));
        outcome.hangupCauseText().ifPresent(text -> detail.put("hangupCauseText", text));
        return TicketEvents.append(db, ticketId, "call_outcome", ACTOR, withNext(detail, next, retryAt));
    }

    /** A call with no outcome from Asterisk: the link was down, the answer never came, or Asterisk refused it. */
    static Future<Void> failure(SqlClient db, long ticketId, String script, int attempt, CallException failure,
                                Next next, Instant retryAt) {
        String result = switch (failure.kind()) {
            case NOT_CONNECTED -> "not_connected";
            case TRANSIENT -> "unknown";
            case PERMANENT -> "refused";
        };
        JsonObject detail = base(script, attempt, result).put("error", failure.getMessage());
        return TicketEvents.append(db, ticketId, "call_outcome", ACTOR, withNext(detail, next, retryAt));
    }

    static Future<Void> gaveUp(SqlClient db, long ticketId, String script, int attempts, String lastResult) {
        return TicketEvents.append(db, ticketId, "call_gave_up", ACTOR, new JsonObject().put("script", script)
                .put("attempts", attempts).put("result", lastResult.toLowerCase()));
    }

    static Future<Void> familyTexted(SqlClient db, long ticketId, String script, List<String> phones) {
        JsonArray masked = new JsonArray();
        phones.forEach(p -> masked.add(PhoneNumbers.mask(p)));
        return TicketEvents.append(db, ticketId, "family_texted", ACTOR, new JsonObject().put("script", script)
                .put("count", phones.size()).put("to", masked));
    }

    private static JsonObject base(String script, int attempt, String result) {
        return new JsonObject().put("script", script).put("attempt", attempt).put("result", result);
    }

    private static JsonObject withNext(JsonObject detail, Next next, Instant retryAt) {
        detail.put("next", next.name().toLowerCase());
        if ((next == Next.RETRY || next == Next.GIVEN_BACK) && retryAt != null) {
            detail.put("retryAt", retryAt.toString());
        }
        return detail;
    }
}
