package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * More about an open request, by text or by a call: it goes on the ticket (event
 * {@code follow_up}) and to the volunteer who has it, or is noted for the volunteer who will take
 * it, who then gets it with the accept. A text's sender hears by text that it was passed on; a
 * caller hears it on the line. A confidential ticket's volunteer hears only that there is news,
 * and calls the resident.
 *
 * <p>Event detail: a text's {text, from}; a call's {from, callId, recording (the caller's message,
 * when they left one), category (the menu's choice, when they made one)}.
 */
public final class FollowUps {
    private static final String NOTED = """
            SELECT detail FROM ticket_events WHERE ticket_id = $1 AND type = 'follow_up' ORDER BY id""";

    private FollowUps() {
    }

    /**
     * Whether a new request is plainly another need than the open ticket: both have a category
     * and they differ, or the new one is urgent while the open one is not ("我摔倒了" after a bill
     * to pay must reach someone at the urgent pace, never wait as a note on an errand).
     */
    public static boolean otherNeed(Ticket open, Category category, Urgency urgency) {
        if (urgency == Urgency.URGENT && open.urgency() != Urgency.URGENT) {
            return true;
        }
        return category != Category.UNKNOWN && open.category() != Category.UNKNOWN && category != open.category();
    }

    /** Adds {@code text} from {@code sender} to the locked open ticket and forwards it. */
    public static Future<Void> add(SqlClient db, Texts texts, Ticket ticket, String sender, String text) {
        Future<Void> noted = TicketLifecycle.note(db, ticket, "follow_up", "sms:" + sender,
                new JsonObject().put("text", text).put("from", sender));
        if (ticket.status() != TicketStatus.ACCEPTED) {
            return noted.compose(v -> Outbox.text(db, sender, texts.followUpNoted(ticket.code()), "reply", ticket.id()));
        }
        return noted.compose(v -> toVolunteer(db, ticket, texts.followUpToVolunteer(ticket, Dispatcher.clip(text))))
                .compose(v -> Outbox.text(db, sender, texts.followUpForwarded(ticket.code()), "reply", ticket.id()));
    }

    /**
     * Adds a call from {@code caller} to the locked open ticket (with the caller's message, if
     * they left one) and tells the volunteer who has it; the caller is told on the line.
     */
    public static Future<Void> addCall(SqlClient db, Texts texts, Ticket ticket, String caller, String callId,
                                       Category category, Optional<String> recording) {
        JsonObject detail = new JsonObject().put("from", caller).put("callId", callId);
        recording.ifPresent(path -> detail.put("recording", path));
        if (category != Category.UNKNOWN) {
            detail.put("category", category.name());
        }
        Future<Void> noted = TicketLifecycle.note(db, ticket, "follow_up", "voice:" + caller, detail);
        return ticket.status() != TicketStatus.ACCEPTED ? noted
                : noted.compose(v -> toVolunteer(db, ticket, toVolunteer(texts, ticket, detail)));
    }

    /** What was added before anyone took the ticket, for the volunteer who just did (or was given it). */
    public static Future<Void> forwardNoted(SqlClient db, Texts texts, Ticket accepted, String volunteerPhone) {
        return db.preparedQuery(NOTED).execute(Tuple.of(accepted.id())).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (Row r : rows) {
                String text = toVolunteer(texts, accepted, (JsonObject) r.getValue("detail"));
                chain = chain.compose(v -> Outbox.text(db, volunteerPhone, text, "follow_up", accepted.id()));
                if (accepted.confidential()) {
                    break; // one "there is news, call the resident" says it all
                }
            }
            return chain;
        });
    }

    /** The words of one follow-up for the volunteer: a text's own words, or that the resident called again. */
    private static String toVolunteer(Texts texts, Ticket ticket, JsonObject detail) {
        return detail.containsKey("callId") ? texts.followUpCallToVolunteer(ticket, detail.containsKey("recording"))
                : texts.followUpToVolunteer(ticket, Dispatcher.clip(detail.getString("text")));
    }

    private static Future<Void> toVolunteer(SqlClient db, Ticket ticket, String text) {
        return Directory.volunteerById(db, ticket.acceptedBy().orElseThrow())
                .compose(volunteer -> Outbox.text(db, volunteer.orElseThrow().phone(), text, "follow_up", ticket.id()));
    }
}
