package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * More words about an open request: they go on the ticket (event {@code follow_up} {text, from})
 * and to the volunteer who has it; the sender hears that they were passed on, or noted for the
 * volunteer who will take it, who then gets them with the accept. A confidential ticket's
 * volunteer hears only that there is news, and calls the resident.
 */
public final class FollowUps {
    private static final String NOTED = """
            SELECT detail->>'text' AS text FROM ticket_events WHERE ticket_id = $1 AND type = 'follow_up' ORDER BY id""";

    private FollowUps() {
    }

    /** Adds {@code text} from {@code sender} to the locked open ticket and forwards it. */
    public static Future<Void> add(SqlClient db, Texts texts, Ticket ticket, String sender, String text) {
        Future<Void> noted = TicketLifecycle.note(db, ticket, "follow_up", "sms:" + sender,
                new JsonObject().put("text", text).put("from", sender));
        if (ticket.status() != TicketStatus.ACCEPTED) {
            return noted.compose(v -> Outbox.text(db, sender, texts.followUpNoted(ticket.code()), "reply", ticket.id()));
        }
        return noted.compose(v -> Directory.volunteerById(db, ticket.acceptedBy().orElseThrow()))
                .compose(volunteer -> Outbox.text(db, volunteer.orElseThrow().phone(),
                        texts.followUpToVolunteer(ticket, Dispatcher.clip(text)), "follow_up", ticket.id()))
                .compose(v -> Outbox.text(db, sender, texts.followUpForwarded(ticket.code()), "reply", ticket.id()));
    }

    /** What was added before anyone took the ticket, for the volunteer who just did (or was given it). */
    public static Future<Void> forwardNoted(SqlClient db, Texts texts, Ticket accepted, String volunteerPhone) {
        return db.preparedQuery(NOTED).execute(Tuple.of(accepted.id())).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (Row r : rows) {
                String text = r.getString("text");
                chain = chain.compose(v -> Outbox.text(db, volunteerPhone, texts.followUpToVolunteer(accepted, Dispatcher.clip(text)),
                        "follow_up", accepted.id()));
                if (accepted.confidential()) {
                    break; // one "there is news, call the resident" says it all
                }
            }
            return chain;
        });
    }
}
