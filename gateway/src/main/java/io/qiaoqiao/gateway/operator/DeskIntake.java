package io.qiaoqiao.gateway.operator;

import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.store.Tx;
import io.qiaoqiao.gateway.ticket.NewTicket;
import io.qiaoqiao.gateway.ticket.TicketLifecycle;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Classifier;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request the studio heard itself — in person, on the studio's phone, in the village WeChat
 * group — entered at the desk. It becomes a ticket of channel {@code desk} for the resident the
 * operator found (or for the phone that asked, when the roster does not know it), classified
 * like a text unless the operator chose the category and urgency, and then runs through routing
 * exactly as a text's ticket does ({@link Dispatcher#start}). The resident gets the usual
 * receipt with the ticket's code. One transaction: ticket, its events (who entered it, how it
 * was heard), the receipt, the first offers and the audit row.
 */
public final class DeskIntake {
    private static final Logger log = LoggerFactory.getLogger(DeskIntake.class);
    /** How the studio heard the request. */
    public static final Set<String> HEARD_VIA = Set.of("in_person", "phone", "wechat");
    private static final String RESIDENT_BY_ID =
            "SELECT id, phone, name, village, village_group, lives_alone FROM residents WHERE id = $1";

    /**
     * @param residentId who needs help, as found in the roster; or empty and {@code phone} given
     * @param phone      the phone that asked (a family member's finds their resident), E.164
     * @param category   the operator's choice, else the classifier's
     * @param urgency    the operator's choice, else the classifier's
     * @param tellResident text the resident the receipt with the code
     */
    public record Request(Optional<Long> residentId, Optional<String> phone, String heardVia, String text,
                          Optional<Category> category, Optional<Urgency> urgency, boolean tellResident) {
    }

    private final Pool pool;
    private final Classifier classifier;
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;

    public DeskIntake(Pool pool, Classifier classifier, Dispatcher dispatcher, GatewayMetrics metrics) {
        this.pool = pool;
        this.classifier = classifier;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    /** Creates and routes the ticket; answers its code, status after routing, category and urgency. */
    public Future<JsonObject> create(Request request, String actor) {
        Classification guessed = classifier.classify(request.text());
        Classification classification = new Classification(request.category().orElse(guessed.category()),
                request.urgency().orElse(guessed.urgency()), guessed.matchedWords());
        return Tx.run(pool, (db, after) -> asker(db, request).compose(asker -> {
            String requester = request.phone().or(() -> asker.resident().map(Directory.Resident::phone)).orElseThrow();
            NewTicket ticket = new NewTicket("desk", "request", asker.resident(), requester, asker.onBehalf(), classification,
                    request.text(), false, Optional.empty());
            return Tickets.create(db, ticket, actor).compose(created -> {
                after.add(() -> metrics.ticketCreated(created));
                after.add(() -> LogContext.withTicket(created.code(), () -> log.info("ticket {} entered at the desk by {} ({}, heard {}, {}, {})",
                        created.code(), actor, PhoneNumbers.mask(requester), request.heardVia(), created.category(), created.urgency())));
                JsonObject detail = new JsonObject().put("heardVia", request.heardVia()).put("operator", actor)
                        .put("categoryChosen", request.category().isPresent()).put("urgencyChosen", request.urgency().isPresent());
                Future<Void> receipt = request.tellResident()
                        ? Outbox.text(db, created.contactPhone(), dispatcher.texts().received(created.code()), "received", created.id())
                        : Future.succeededFuture();
                return TicketLifecycle.note(db, created, "desk_intake", actor, detail)
                        .compose(v -> receipt)
                        .compose(v -> dispatcher.start(db, after, created))
                        .compose(v -> OperatorAudit.append(db, actor, "ticket.create", "ticket:" + created.code(), detail.copy()
                                .put("category", created.category().name()).put("urgency", created.urgency().name())))
                        .map(created.code());
            });
        })).compose(code -> Tickets.byCode(pool, code)).map(t -> {
            var created = t.orElseThrow();
            return new JsonObject().put("code", created.code()).put("status", created.status().db()).put("channel", "desk")
                    .put("category", created.category().name()).put("urgency", created.urgency().name())
                    .put("registered", created.resident().isPresent()).put("onBehalf", created.onBehalf());
        });
    }

    private Future<Directory.Asker> asker(SqlClient db, Request request) {
        if (request.residentId().isPresent()) {
            long id = request.residentId().get();
            return db.preparedQuery(RESIDENT_BY_ID).execute(Tuple.of(id)).map(rows -> {
                if (rows.size() == 0) {
                    throw new ApiError(Problem.RESIDENT_NOT_FOUND, "没有编号为 " + id + " 的居民", "no resident with id " + id)
                            .with("field", "residentId");
                }
                Directory.Resident resident = Directory.resident(rows.iterator().next());
                boolean onBehalf = request.phone().map(p -> !p.equals(resident.phone())).orElse(false);
                return new Directory.Asker(Optional.of(resident), onBehalf);
            });
        }
        return Directory.asker(db, request.phone().orElseThrow());
    }
}
