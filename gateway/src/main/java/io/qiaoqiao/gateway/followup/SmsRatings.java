package io.qiaoqiao.gateway.followup;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.TicketLifecycle.RatingChannel;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rating (回访) by text: whoever was texted a rating request for a done ticket (the resident,
 * the family member who asked, or the family when the rating call never got through) answers
 * 1–5 within a week. 1 says it was not done (the ticket goes back to the studio), 2–5 that it
 * was, with that satisfaction. A digit with no rating waiting is not a rating.
 */
final class SmsRatings {
    static final Duration WINDOW = Duration.ofDays(7);
    private static final String PENDING = """
            SELECT t.code, t.id FROM outbox o JOIN tickets t ON t.id = o.ticket_id
            WHERE o.recipient = $1 AND o.purpose IN ('rating_request', 'rating_fallback')
              AND t.status = 'done' AND t.rated_at IS NULL AND t.done_at > studio_now() - make_interval(secs => $2)
              AND ($3::text IS NULL OR t.code = $3)
            ORDER BY t.done_at DESC, t.id DESC LIMIT 1""";

    private SmsRatings() {
    }

    /** A done ticket waiting for this phone's rating. */
    record Waiting(String code, long ticketId) {
    }

    /** The ticket a rating from this phone is for (the one done last), if one is waiting. */
    static Future<Optional<Waiting>> waiting(SqlClient db, String phone, Optional<String> code) {
        return db.preparedQuery(PENDING).execute(Tuple.of(phone, (double) WINDOW.toSeconds(), code.orElse(null)))
                .map(rows -> rows.size() == 0 ? Optional.<Waiting>empty()
                        : Optional.of(new Waiting(rows.iterator().next().getString(0), rows.iterator().next().getLong(1))));
    }

    static Future<Handled> rate(SqlClient db, AfterCommit after, AskerTexts.Ratings recorder, Texts texts, Waiting waiting, int score,
                                String sender) {
        String code = waiting.code();
        long ticketId = waiting.ticketId();
        boolean done = score >= 2;
        OptionalInt satisfaction = done ? OptionalInt.of(score) : OptionalInt.empty();
        return recorder.record(db, after, code, done, satisfaction, RatingChannel.SMS, "sms:" + sender)
                .compose(v -> Outbox.text(db, sender, done ? texts.ratingThanks() : texts.ratingNotDone(code), "reply", ticketId))
                .map(new Handled("rating", ticketId, code));
    }
}
