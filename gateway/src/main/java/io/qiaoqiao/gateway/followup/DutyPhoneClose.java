package io.qiaoqiao.gateway.followup;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.TicketLifecycle.CloseKind;
import io.qiaoqiao.gateway.ticket.TransitionTable.Transition;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A duty phone's "办结 1234" (also 完成, 结): the village committee or the township centre dealt
 * with a request that was handed to it, and closes it as the studio would; the resident is told
 * who closed it. Only a ticket handed to that phone (a {@code duty_phone} text to it) may be
 * closed from it; without a code, the one open ticket it has.
 */
final class DutyPhoneClose {
    private static final String NAME = "SELECT name FROM duty_phones WHERE phone = $1 ORDER BY id LIMIT 1";
    private static final String HANDED = """
            SELECT EXISTS (SELECT 1 FROM outbox WHERE ticket_id = $1 AND recipient = $2 AND purpose = 'duty_phone')""";
    private static final String OPEN_HANDED = """
            SELECT DISTINCT t.id, t.code FROM outbox o JOIN tickets t ON t.id = o.ticket_id
            WHERE o.recipient = $1 AND o.purpose = 'duty_phone'
              AND t.status IN ('open', 'held', 'offered', 'escalated', 'accepted', 'reopened')
            ORDER BY t.id""";

    private DutyPhoneClose() {
    }

    /** The duty phone's name as the studio listed it (清河村村委会), if the phone is one. */
    static Future<Optional<String>> name(SqlClient db, String phone) {
        return db.preparedQuery(NAME).execute(Tuple.of(phone))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    static Future<Handled> close(SqlClient db, AfterCommit after, AskerTexts.Closing closer, Texts texts, String phone, String name,
                                 AskerWords.Said.Close said) {
        if (said.code().isEmpty()) {
            return db.preparedQuery(OPEN_HANDED).execute(Tuple.of(phone)).compose(rows -> {
                List<String> codes = new ArrayList<>();
                for (Row r : rows) {
                    codes.add(r.getString("code"));
                }
                if (codes.size() == 1) {
                    return close(db, after, closer, texts, phone, name, new AskerWords.Said.Close(Optional.of(codes.get(0)), said.reason()));
                }
                String answer = codes.isEmpty() ? texts.nothingPending() : texts.whichOne(codes.size());
                return Outbox.text(db, phone, answer, "reply", null).map(Handled.alone("duty_refused"));
            });
        }
        String code = said.code().get();
        return Tickets.lockByCode(db, code).compose(found -> {
            if (found.isEmpty()) {
                return Outbox.text(db, phone, texts.unknownCode(code), "reply", null).map(Handled.alone("duty_refused"));
            }
            Ticket ticket = found.get();
            return db.preparedQuery(HANDED).execute(Tuple.of(ticket.id(), phone)).compose(rows -> {
                if (!rows.iterator().next().getBoolean(0) || !TicketLifecycle.allows(ticket, Transition.CLOSE)) {
                    return Outbox.text(db, phone, texts.notYours(code), "reply", ticket.id()).map(Handled.about("duty_refused", ticket));
                }
                String reason = said.reason().isBlank() ? "办结 by text from the duty phone" : said.reason();
                return closer.close(db, after, ticket, CloseKind.SOLVED, "duty_phone:" + name, reason, name)
                        .compose(v -> Outbox.text(db, phone, texts.closedAck(code), "closed_ack", ticket.id()))
                        .map(Handled.about("duty_close", ticket));
            });
        });
    }
}
