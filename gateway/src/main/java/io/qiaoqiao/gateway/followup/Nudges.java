package io.qiaoqiao.gateway.followup;

import io.qiaoqiao.gateway.dispatch.Climb;
import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketStatus;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * "还没人来" / "催一下": the open request climbs one step of its chain at once, accepted work
 * included (it is taken back from its volunteer and handed up), and the resident hears who has
 * it now. A request held until a time (quiet hours) or already at the chain's last step has
 * nowhere to climb: the resident hears where it stands instead. Event {@code nudged}
 * {from, climbed}, then the climb's own events.
 */
final class Nudges {
    private Nudges() {
    }

    static Future<Handled> nudge(SqlClient db, AfterCommit after, Dispatcher dispatcher, Texts texts, Ticket ticket, String sender) {
        boolean climbs = ticket.status() != TicketStatus.HELD && dispatcher.canClimb(ticket);
        Future<Void> noted = TicketLifecycle.note(db, ticket, "nudged", "sms:" + sender,
                new JsonObject().put("from", sender).put("climbed", climbs));
        if (!climbs) {
            return noted.compose(v -> Standing.of(db, texts, ticket))
                    .compose(where -> Outbox.text(db, sender, Standing.text(texts, where), "reply", ticket.id()))
                    .map(Handled.about("nudge", ticket));
        }
        return noted.compose(v -> dispatcher.climb(db, after, ticket, Climb.NUDGED))
                .compose(v -> Tickets.lock(db, ticket.id()))
                .compose(climbed -> Standing.of(db, texts, climbed))
                .compose(where -> {
                    if (where.stage() == Standing.Stage.HELD) {
                        return Outbox.text(db, sender, Standing.text(texts, where), "reply", ticket.id());
                    }
                    // The climb tells nobody itself: the nudger hears who has it now, and so does the
                    // resident when a family member nudged for them.
                    Future<Void> reply = Outbox.text(db, sender, texts.nudged(ticket.code(), where.holder()), "reply", ticket.id());
                    return sender.equals(ticket.contactPhone()) ? reply : reply.compose(x -> Outbox.text(db, ticket.contactPhone(),
                            texts.handover(ticket.code(), where.holder()), "handover", ticket.id()));
                })
                .map(Handled.about("nudge", ticket));
    }
}
