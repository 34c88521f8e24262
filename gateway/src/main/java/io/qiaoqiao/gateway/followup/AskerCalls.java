package io.qiaoqiao.gateway.followup;

import io.qiaoqiao.gateway.dispatch.FollowUps;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/**
 * A hotline call from a phone with an open request (the resident's own, or their parent's for a
 * registered family member), as {@link AskerTexts} is for texts: the call joins that request
 * ({@link FollowUps#addCall}) instead of opening a second ticket for a second volunteer, unless
 * the menu key plainly names another need ({@link FollowUps#otherNeed}). A call pressing no key
 * names none, so it joins, with its message if the caller left one.
 *
 * <p>Runs in the intake's transaction with the caller's lock held, after the check that the call
 * did not open a ticket already. A call added before (its first, slow attempt committed after all,
 * and the spool replays it) is not added again.
 */
public final class AskerCalls {
    private AskerCalls() {
    }

    /** What the caller asked for. */
    public record Call(String callId, String callerPhone, Category category, Urgency urgency, Optional<String> recording) {
    }

    /** The code of the open request the call joined, or empty when it is for the intake to open as a new ticket. */
    public static Future<Optional<String>> join(SqlClient db, Texts texts, Call call) {
        if (PhoneNumbers.normalize(call.callerPhone()).isEmpty()) {
            return Future.succeededFuture(Optional.empty()); // a withheld number: nobody's request to join
        }
        // Issued together: pipelined on the transaction's connection.
        Future<Optional<String>> earlier = AskersTickets.joinedByCall(db, call.callerPhone(), call.callId());
        Future<Optional<String>> openCode = AskersTickets.newestOpen(db, call.callerPhone());
        return Future.all(earlier, openCode).compose(v -> earlier.result().isPresent()
                ? Future.succeededFuture(earlier.result())
                : AskersTickets.lockedOpen(db, openCode.result()).compose(open -> {
                    if (open.isEmpty() || FollowUps.otherNeed(open.get(), call.category(), call.urgency())) {
                        return Future.succeededFuture(Optional.empty());
                    }
                    return FollowUps.addCall(db, texts, open.get(), call.callerPhone(), call.callId(), call.category(),
                            call.recording()).map(added -> Optional.of(open.get().code()));
                }));
    }
}
