package io.qiaoqiao.gateway.followup;

import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.FollowUps;
import io.qiaoqiao.gateway.dispatch.ReplyParser;
import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle.CloseKind;
import io.qiaoqiao.gateway.ticket.TicketLifecycle.RatingChannel;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Classifier;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a resident, a family member, an unknown number or a duty phone texts once a request
 * exists: more about it (a follow-up), where it stands ("查询"), hurry it up ("催一下"), a rating
 * after the work, a duty phone's "办结 1234". Anything else, and anything that is plainly a new
 * need (the classifier names another category, the words are urgent and the request was not, or
 * the sender says "另外一件事…"), is left to
 * the intake to open a new ticket, as is every text from a phone with no open request.
 *
 * <p>Runs in the intake's transaction, with the sender's lock held, after the check that the
 * same text was not delivered again by the SMSC.
 */
public final class AskerTexts {
    private static final Logger log = LoggerFactory.getLogger(AskerTexts.class);
    // As TextIntake's own check for requests: a second delivery of a follow-up, a nudge, a
    // rating or a 办结 within this window is the SMSC's retry, not a second message.
    private static final Duration REDELIVERY_WINDOW = Duration.ofMinutes(10);
    private static final String LOCK_SENDER = "SELECT pg_advisory_xact_lock(hashtext('sms-sender:' || $1))";
    private static final String SAME_MESSAGE = """
            SELECT ticket_id FROM inbound_messages WHERE sender = $1 AND body = $2
              AND received_at > studio_now() - make_interval(secs => $3)
              AND handled_as IN ('ticket', 'follow_up', 'nudge', 'rating', 'duty_close')
            ORDER BY id LIMIT 1""";

    /** Stores a rating in the caller's transaction ({@code CallIntake::recordRating}); "not done" reopens the ticket. */
    public interface Ratings {
        Future<Void> record(SqlClient db, AfterCommit after, String code, boolean done, OptionalInt satisfaction,
                            RatingChannel channel, String actor);
    }

    /** Closes a locked ticket as the studio does ({@code TicketActions::closeLocked}): offers withdrawn, timers stopped, resident told. */
    public interface Closing {
        Future<Void> close(SqlClient db, AfterCommit after, Ticket ticket, CloseKind kind, String actor, String reason,
                           String closedByName);
    }

    private final Classifier classifier;
    private final Dispatcher dispatcher;
    private final Ratings ratings;
    private final Closing closer;
    private final int maxChars;

    /**
     * @param ratings  stores a rating in the caller's transaction ({@code CallIntake::recordRating})
     * @param closer   closes a locked ticket as the studio does ({@code TicketActions::closeLocked})
     * @param maxChars the longest follow-up kept, as for requests ({@code sms.max-request-chars})
     */
    public AskerTexts(Classifier classifier, Dispatcher dispatcher, Ratings ratings, Closing closer,
                      int maxChars) {
        this.classifier = classifier;
        this.dispatcher = dispatcher;
        this.ratings = ratings;
        this.closer = closer;
        this.maxChars = maxChars;
    }

    /** How the text was handled, or empty when it is a request for the intake to open (or to refuse) as before. */
    public Future<Optional<Handled>> handle(SqlClient db, AfterCommit after, String sender, String text) {
        String body = text.strip();
        Texts texts = dispatcher.texts();
        // Issued together: pipelined on the transaction's connection, the lock first.
        Future<?> locked = db.preparedQuery(LOCK_SENDER).execute(Tuple.of(sender));
        Future<Optional<Handled>> earlier = db.preparedQuery(SAME_MESSAGE)
                .execute(Tuple.of(sender, text, (double) REDELIVERY_WINDOW.toSeconds()))
                .map(rows -> rows.size() == 0 ? Optional.<Handled>empty()
                        : Optional.of(new Handled("redelivered", rows.iterator().next().getLong(0), null)));
        Future<Optional<String>> dutyPhone = DutyPhoneClose.name(db, sender);
        Future<Optional<String>> openCode = AskersTickets.newestOpen(db, sender);
        return Future.all(locked, earlier, dutyPhone, openCode).compose(v -> {
            if (earlier.result().isPresent()) {
                return Future.succeededFuture(earlier.result());
            }
            AskerWords.Said said = AskerWords.read(body);
            if (said instanceof AskerWords.Said.Close close && dutyPhone.result().isPresent()) {
                return DutyPhoneClose.close(db, after, closer, texts, sender, dutyPhone.result().get(), close)
                        .map(handled -> logged(after, handled, sender));
            }
            if (said instanceof AskerWords.Said.Rating rating) {
                return SmsRatings.waiting(db, sender, rating.code()).compose(waiting -> waiting.isEmpty()
                        ? Future.succeededFuture(Optional.empty())
                        : SmsRatings.rate(db, after, ratings, texts, waiting.get(), rating.score(), sender)
                                .map(handled -> logged(after, handled, sender)));
            }
            return switch (said) {
                case AskerWords.Said.Status status -> status(db, texts, sender, status);
                case AskerWords.Said.Nudge nudge -> AskersTickets.lockedOpen(db, openCode.result()).compose(ticket -> ticket.isEmpty()
                        ? told(db, sender, texts.statusNone(), "nudge")
                        : Nudges.nudge(db, after, dispatcher, texts, ticket.get(), sender).map(handled -> logged(after, handled, sender)));
                case AskerWords.Said.Words words -> followUp(db, after, texts, sender, body, openCode.result());
                default -> Future.succeededFuture(Optional.empty());
            };
        });
    }

    private Future<Optional<Handled>> status(SqlClient db, Texts texts, String sender, AskerWords.Said.Status status) {
        return AskersTickets.toReport(db, sender, status.code()).compose(code -> {
            if (code.isEmpty()) {
                return told(db, sender, status.code().isPresent() ? texts.unknownCode(status.code().get()) : texts.statusNone(),
                        "status");
            }
            return Standing.of(db, texts, code.get()).compose(where -> Outbox.text(db, sender, Standing.text(texts, where), "reply",
                    where.ticket().id()).map(v -> Optional.of(Handled.about("status", where.ticket()))));
        });
    }

    /** More words about the newest open request, unless they are plainly about something else. */
    private Future<Optional<Handled>> followUp(SqlClient db, AfterCommit after, Texts texts, String sender, String body,
                                               Optional<String> openCode) {
        if (openCode.isEmpty() || ReplyParser.parse(body).code().isPresent() || body.chars().allMatch(Character::isDigit)) {
            return Future.succeededFuture(Optional.empty()); // a new request, or a code or a digit the intake answers as before
        }
        return AskersTickets.lockedOpen(db, openCode).compose(ticket -> {
            if (ticket.isEmpty() || otherCategory(ticket.get(), body)) {
                return Future.succeededFuture(Optional.empty());
            }
            String kept = body.codePointCount(0, body.length()) > maxChars ? body.substring(0, body.offsetByCodePoints(0, maxChars)) : body;
            return FollowUps.add(db, texts, ticket.get(), sender, kept)
                    .map(v -> logged(after, Handled.about("follow_up", ticket.get()), sender));
        });
    }

    /** A new need, by what the classifier makes of the words (see {@link FollowUps#otherNeed}). */
    private boolean otherCategory(Ticket open, String body) {
        Classification said = classifier.classify(body);
        return FollowUps.otherNeed(open, said.category(), said.urgency());
    }

    private static Future<Optional<Handled>> told(SqlClient db, String sender, String text, String handledAs) {
        return Outbox.text(db, sender, text, "reply", null).map(v -> Optional.of(Handled.alone(handledAs)));
    }

    /** One line once the text's work has committed: what it did to which ticket, from whom. */
    private static Optional<Handled> logged(AfterCommit after, Handled handled, String sender) {
        String what = handled.handledAs().replace('_', ' ');
        after.add(() -> {
            if (handled.code() == null) {
                log.info("{} by text from {}", what, PhoneNumbers.mask(sender));
            } else {
                LogContext.withTicket(handled.code(), () -> log.info("ticket {}: {} by text from {}", handled.code(), what,
                        PhoneNumbers.mask(sender)));
            }
        });
        return Optional.of(handled);
    }
}
