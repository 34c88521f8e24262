package io.qiaoqiao.gateway.intake;

import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.dispatch.ReplyHandler;
import io.qiaoqiao.gateway.dispatch.ReplyParser;
import io.qiaoqiao.gateway.dispatch.VolunteerReply;
import io.qiaoqiao.gateway.followup.AskerTexts;
import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.DeliveryReceipts;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.sms.DeliveryReceipt;
import io.qiaoqiao.gateway.sms.InboundSmsListener;
import io.qiaoqiao.gateway.sms.InboundText;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.ticket.NewTicket;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.plugin.api.Classifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what phones text us into tickets and volunteer actions. Every message is handled in
 * one transaction that also records it, and the SMSC hears back only after that commit:
 * a crash before the commit makes the SMSC deliver the message again, never lose it.
 */
public final class TextIntake implements InboundSmsListener {
    private static final Logger log = LoggerFactory.getLogger(TextIntake.class);
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(30);
    // While the database is away every text fails the same way: one line per 10 s, not one per text.
    private static final ThrottledLog notStored = new ThrottledLog(log, Duration.ofSeconds(10));
    private static final String RECORD = """
            INSERT INTO inbound_messages (sender, body, parts, incomplete, handled_as, ticket_id)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    // An SMSC that got no deliver_sm_resp (the node died between commit and response) delivers
    // the text again, possibly to another node: the same sender and text within this window is
    // that text, not a new request. The sender's lock makes two deliveries of it take turns.
    // (A resident who really sends the same words twice meanwhile has the same need anyway.)
    private static final Duration REDELIVERY_WINDOW = Duration.ofMinutes(10);
    private static final String LOCK_SENDER = "SELECT pg_advisory_xact_lock(hashtext('sms-sender:' || $1))";
    private static final String SAME_REQUEST = """
            SELECT id FROM tickets WHERE requester_phone = $1 AND channel = 'sms' AND text = $2
              AND created_at > studio_now() - make_interval(secs => $3) ORDER BY id LIMIT 1""";

    private final Pool pool;
    private final Classifier classifier;
    private final Dispatcher dispatcher;
    private final ReplyHandler replies;
    private final ConcatenatedParts parts;
    private final DeliveryReceipts receipts;
    private final GatewayMetrics metrics;
    private final int maxRequestChars;
    private final AskerTexts askers;

    /** @param askers follow-ups, status, nudges, ratings and duty phones' 办结: what is said about a request once it exists */
    public TextIntake(Pool pool, Classifier classifier, Dispatcher dispatcher, ReplyHandler replies,
                      Duration concatTimeout, Duration concatRedeliveryWindow, DeliveryReceipts receipts, GatewayMetrics metrics,
                      int maxRequestChars, AskerTexts askers) {
        this.pool = pool;
        this.classifier = classifier;
        this.dispatcher = dispatcher;
        this.replies = replies;
        this.parts = new ConcatenatedParts(concatTimeout, concatRedeliveryWindow, this::handleWhole, this::partAgain);
        this.receipts = receipts;
        this.metrics = metrics;
        this.maxRequestChars = maxRequestChars;
        this.askers = askers;
    }

    public ConcatenatedParts parts() {
        return parts;
    }

    @Override
    public void onText(InboundText text) throws Exception {
        if (!text.problems().isEmpty()) {
            log.warn("text from {} has bad bytes: {}", PhoneNumbers.mask(text.sender()), text.problems());
        }
        Future<Void> work = Tx.run(pool, (db, after) -> text.concat().isPresent()
                ? parts.store(db, after, text)
                : handleWhole(db, after, new WholeText(text.sender(), text.text(), 1, false, text.problems())));
        await(work);
    }

    @Override
    public void onReceipt(DeliveryReceipt receipt) throws Exception {
        await(receipts.record(receipt));
    }

    /** A part of a long text that was already made whole, delivered again: on record, nothing more. */
    private Future<Void> partAgain(SqlClient db, AfterCommit after, InboundText part) {
        after.add(() -> log.info("a part of a long text from {} was delivered again after the text was complete; acknowledged",
                PhoneNumbers.mask(part.sender())));
        return record(db, after, new WholeText(part.sender(), part.text(), 1, false, part.problems()), "redelivered", null);
    }

    /** A complete message (or what arrived of one): who sent it decides what it means. */
    Future<Void> handleWhole(SqlClient db, AfterCommit after, WholeText msg) {
        return Directory.volunteerByPhone(db, msg.sender()).compose(volunteer -> {
            if (volunteer.isPresent()) {
                VolunteerReply reply = ReplyParser.parse(msg.text());
                if (!(reply instanceof VolunteerReply.Unrecognised)) {
                    return record(db, after, msg, reply instanceof VolunteerReply.Report ? "grid_report" : "volunteer_reply", null)
                            .compose(v -> replies.handle(db, after, volunteer.get(), reply)).mapEmpty();
                }
                // A volunteer who is also a resident may be asking for help themselves.
                return Directory.residentByPhone(db, msg.sender()).compose(resident -> resident.isPresent()
                        ? request(db, after, msg)
                        : record(db, after, msg, "help", null)
                                .compose(v -> replies.handle(db, after, volunteer.get(), reply)).mapEmpty());
            }
            return request(db, after, msg);
        });
    }

    private Future<Void> request(SqlClient db, AfterCommit after, WholeText msg) {
        String body = msg.text().strip();
        if (body.isEmpty()) {
            return record(db, after, msg, "empty", null)
                    .compose(v -> Outbox.text(db, msg.sender(), dispatcher.texts().emptyRequest(), "reply", null));
        }
        return askers.handle(db, after, msg.sender(), msg.text()).compose(handled -> handled.isPresent()
                ? record(db, after, msg, handled.get().handledAs(), handled.get().ticketId())
                : newRequest(db, after, msg, body));
    }

    private Future<Void> newRequest(SqlClient db, AfterCommit after, WholeText msg, String body) {
        VolunteerReply asReply = ReplyParser.parse(body);
        if (asReply.code().isPresent()) {
            // "1 1001" from a number that is not a volunteer: it changes nothing, and says so,
            // rather than opening a ticket that reads "1 1001".
            return Tickets.byCode(db, asReply.code().get()).compose(existing -> existing.isPresent()
                    ? record(db, after, msg, "rejected_reply", null)
                            .compose(v -> Outbox.text(db, msg.sender(), dispatcher.texts().notAVolunteer(), "reply", null))
                    : openTicket(db, after, msg, body));
        }
        return openTicket(db, after, msg, body);
    }

    private Future<Void> openTicket(SqlClient db, AfterCommit after, WholeText msg, String body) {
        int length = body.codePointCount(0, body.length());
        boolean cut = length > maxRequestChars;
        String kept = cut ? body.substring(0, body.offsetByCodePoints(0, maxRequestChars)) : body;
        // Issued together, the lock, the look-up of an earlier delivery and the asker's are
        // pipelined on the transaction's connection, in this order: one round trip.
        Future<?> locked = db.preparedQuery(LOCK_SENDER).execute(Tuple.of(msg.sender()));
        Future<RowSet<Row>> earlier = db.preparedQuery(SAME_REQUEST)
                .execute(Tuple.of(msg.sender(), kept, (double) REDELIVERY_WINDOW.toSeconds()));
        Future<Directory.Asker> asking = Directory.asker(db, msg.sender());
        return Future.all(locked, earlier, asking).compose(v -> earlier.result().size() > 0
                ? record(db, after, msg, "redelivered", earlier.result().iterator().next().getLong(0))
                : create(db, after, msg, asking.result(), kept, cut, length));
    }

    private Future<Void> create(SqlClient db, AfterCommit after, WholeText msg, Directory.Asker asker, String kept, boolean cut,
                                int length) {
        NewTicket ticket = new NewTicket("sms", "request", asker.resident(), msg.sender(), asker.onBehalf(),
                classifier.classify(kept), kept, msg.incomplete() || cut, Optional.empty());
        return Tickets.create(db, ticket, "sms:" + msg.sender()).compose(created -> {
            after.add(() -> metrics.ticketCreated(created));
            after.add(() -> LogContext.withTicket(created.code(), () -> log.info("ticket {} opened by text from {} ({}, {}{})",
                    created.code(), PhoneNumbers.mask(msg.sender()), created.category(), created.urgency(),
                    cut ? ", cut to " + maxRequestChars + " characters" : "")));
            Future<Void> notes = Future.succeededFuture();
            if (!msg.problems().isEmpty() || cut) {
                notes = TicketEvents.append(db, created.id(), "input_problems", "sms", new JsonObject()
                        .put("problems", new JsonArray(msg.problems()))
                        .put("cutFromChars", cut ? length : null));
            }
            String receipt = cut ? dispatcher.texts().receivedTruncated(created.code(), maxRequestChars)
                    : dispatcher.texts().received(created.code());
            // Pipelined like the look-ups above: the record, the reply and routing's query go together.
            return Future.all(notes.compose(v -> record(db, after, msg, "ticket", created.id())),
                    Outbox.text(db, msg.sender(), receipt, "received", created.id()),
                    dispatcher.start(db, after, created)).mapEmpty();
        });
    }

    private Future<Void> record(SqlClient db, AfterCommit after, WholeText msg, String handledAs, Long ticketId) {
        after.add(() -> metrics.inbound(handledAs));
        return db.preparedQuery(RECORD)
                .execute(Tuple.of(msg.sender(), msg.text(), msg.parts(), msg.incomplete(), handledAs, ticketId))
                .mapEmpty();
    }

    private static void await(Future<?> work) throws Exception {
        try {
            work.toCompletionStage().toCompletableFuture().get(COMMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            notStored.warn("could not store an inbound message, the SMSC will deliver it again: " + e.getCause());
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** A whole message as the intake handles it. */
    public record WholeText(String sender, String text, int parts, boolean incomplete, List<String> problems) {
    }
}
