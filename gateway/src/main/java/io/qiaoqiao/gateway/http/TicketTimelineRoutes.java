package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.dispatch.Dispatcher;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.routing.RankedCandidate;
import io.qiaoqiao.gateway.routing.VolunteerCandidate;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.gateway.ticket.Tickets;
import io.qiaoqiao.plugin.api.Candidate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ticket page shows beside the events: the texts and calls that went out for the ticket
 * (with their delivery state and, for calls, the outcome), the texts that came in, the caller's
 * recording, and the volunteers routing would pick now — with their distance and load — for a
 * reassignment. Phones are masked ({@code +86139****1001}); the words of a confidential request
 * need the {@code confidential} scope.
 */
public final class TicketTimelineRoutes {
    private static final String SENT = """
            SELECT o.id, o.channel, o.recipient, o.purpose, o.body, o.status, o.attempts, o.parts, o.call_result, o.last_error,
                   o.created_at, o.sent_at, o.delivered_at, v.name AS volunteer_name, r.name AS resident_name
            FROM outbox o LEFT JOIN volunteers v ON v.phone = o.recipient LEFT JOIN residents r ON r.phone = o.recipient
            WHERE o.ticket_id = $1 AND o.id < $2 ORDER BY o.id DESC LIMIT $3""";
    private static final String RECEIVED = """
            SELECT i.id, i.sender, i.body, i.parts, i.incomplete, i.handled_as, i.received_at, v.name AS volunteer_name,
                   r.name AS resident_name
            FROM inbound_messages i LEFT JOIN volunteers v ON v.phone = i.sender LEFT JOIN residents r ON r.phone = i.sender
            WHERE i.ticket_id = $1 AND i.id < $2 ORDER BY i.id DESC LIMIT $3""";

    private final Pool pool;
    private final TicketRoutes tickets;
    private final TicketViews views;
    private final Dispatcher dispatcher;

    public TicketTimelineRoutes(Pool pool, TicketRoutes tickets, TicketViews views, Dispatcher dispatcher) {
        this.pool = pool;
        this.tickets = tickets;
        this.views = views;
        this.dispatcher = dispatcher;
    }

    public void mount(Api api) {
        api.get("/api/tickets/{code}/sent", "tickets.read").summary("为这条求助发出的短信和电话，带送达状态和通话结果（分页）")
                .tag("tickets").paged().ok("SentPage").problems(404).answer(this::sent);
        api.get("/api/tickets/{code}/received", "tickets.read").summary("这条求助收到的短信（分页）").tag("tickets").paged()
                .ok("ReceivedPage").problems(404).answer(this::received);
        api.get("/api/tickets/{code}/recording", "recordings").summary("来电留言录音（保密类别还要 confidential 权限；审计）")
                .tag("tickets").returns("200", "录音", "audio/wav", new JsonObject().put("type", "string").put("contentMediaType", "audio/wav"))
                .problems(404).handler(this::recording);
        api.get("/api/tickets/{code}/candidates", "tickets.read").summary("派单规则现在会选谁：得分、距离和手上的单（不发出任何派单）")
                .tag("tickets").ok("Candidates").problems(404).answer(this::candidates);
    }

    private Future<Reply> sent(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        Page page = Page.of(ctx);
        return tickets.find(ctx.pathParam("code")).compose(t -> {
            boolean hidden = views.hidden(t, operator);
            return pool.preparedQuery(SENT).execute(Tuple.of(t.getLong("id"), page.before(), page.fetch())).map(rows -> {
                List<JsonObject> out = new ArrayList<>();
                for (Row r : rows) {
                    out.add(new JsonObject().put("id", r.getLong("id")).put("channel", r.getString("channel"))
                            .put("to", PhoneNumbers.mask(r.getString("recipient"))).put("toName", name(r))
                            .put("purpose", r.getString("purpose")).put("body", hidden ? null : r.getString("body"))
                            .put("status", r.getString("status")).put("attempts", r.getInteger("attempts"))
                            .put("parts", r.getInteger("parts")).put("callResult", r.getString("call_result"))
                            .put("lastError", r.getString("last_error"))
                            .put("createdAt", TicketViews.time(r, "created_at")).put("sentAt", TicketViews.time(r, "sent_at"))
                            .put("deliveredAt", TicketViews.time(r, "delivered_at")));
                }
                return Reply.ok(page.answer(ctx, "sent", out, m -> m.getLong("id")));
            });
        });
    }

    private Future<Reply> received(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        Page page = Page.of(ctx);
        return tickets.find(ctx.pathParam("code")).compose(t -> {
            boolean hidden = views.hidden(t, operator);
            return pool.preparedQuery(RECEIVED).execute(Tuple.of(t.getLong("id"), page.before(), page.fetch())).map(rows -> {
                List<JsonObject> out = new ArrayList<>();
                for (Row r : rows) {
                    out.add(new JsonObject().put("id", r.getLong("id")).put("from", PhoneNumbers.mask(r.getString("sender")))
                            .put("fromName", name(r)).put("body", hidden ? null : r.getString("body"))
                            .put("parts", r.getInteger("parts")).put("incomplete", r.getBoolean("incomplete"))
                            .put("handledAs", r.getString("handled_as")).put("receivedAt", TicketViews.time(r, "received_at")));
                }
                return Reply.ok(page.answer(ctx, "received", out, m -> m.getLong("id")));
            });
        });
    }

    private static String name(Row r) {
        return r.getString("volunteer_name") != null ? r.getString("volunteer_name") : r.getString("resident_name");
    }

    private void recording(RoutingContext ctx) {
        Operator operator = ApiAccess.operator(ctx);
        tickets.find(ctx.pathParam("code")).compose(r -> {
            String code = r.getString("code");
            if (views.hidden(r, operator)) {
                throw new ApiError(Problem.CONFIDENTIAL, "这条求助是保密类别，听录音还需要 confidential 权限",
                        "this ticket's category is confidential; the recording also needs the scope 'confidential'");
            }
            String recording = r.getString("recording");
            if (recording == null) {
                throw new ApiError(Problem.RECORDING_NOT_FOUND, "求助 " + code + " 没有录音", "ticket " + code + " has no recording");
            }
            ApiError missing = new ApiError(Problem.RECORDING_NOT_FOUND, "求助 " + code + " 的录音不在这个节点的磁盘上",
                    "the recording of ticket " + code + " is not on this node's disk");
            // The recordings folder may be a network mount: ask without blocking the event loop.
            return ctx.vertx().fileSystem().props(recording)
                    .recover(e -> Future.failedFuture(missing))
                    .compose(props -> props.isRegularFile()
                            ? OperatorAudit.append(pool, operator.actor(), "ticket.recording", "ticket:" + code, new JsonObject())
                                    .map(recording)
                            : Future.failedFuture(missing));
        }).onSuccess(file -> ctx.response().putHeader("Content-Type", file.endsWith(".wav") ? "audio/wav" : "application/octet-stream")
                .sendFile(file)).onFailure(e -> ApiAccess.error(ctx, e));
    }

    /**
     * The routing engine's ranking for the ticket now ({@link Dispatcher#ranking}): every admitted
     * volunteer best first, whether a neighbours step would ask them ({@code inScope}), their
     * score and its parts by rule, their distance to the resident (同一村民小组, 同村, 外村) and
     * their load (accepted, unfinished tickets); then those a rule filtered out, and why.
     */
    private Future<Reply> candidates(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        return Tickets.byCode(pool, code).compose(found -> {
            Ticket ticket = found.orElseThrow(() -> ApiError.ticketNotFound(code));
            return dispatcher.ranking(pool, ticket).map(ranking -> {
                Set<Long> inScope = new HashSet<>();
                ranking.inScope().forEach(r -> inScope.add(r.candidate().volunteerId()));
                JsonArray ranked = new JsonArray();
                int position = 0;
                for (RankedCandidate r : ranking.decision().ranked()) {
                    Candidate c = r.candidate();
                    JsonObject scores = new JsonObject();
                    r.scoresByRule().forEach(scores::put);
                    ranked.add(person(ranking.people(), c, ticket).put("rank", ++position).put("score", r.score())
                            .put("byRule", scores).put("inScope", inScope.contains(c.volunteerId())));
                }
                JsonArray rejected = new JsonArray();
                for (Map.Entry<Long, String> e : ranking.decision().rejections().entrySet()) {
                    VolunteerCandidate v = ranking.people().get(e.getKey());
                    rejected.add(person(ranking.people(), v.candidate(), ticket).put("rejectedBy", e.getValue()));
                }
                return Reply.ok(new JsonObject().put("code", code).put("status", ticket.status().db())
                        .put("at", ticket.now().toString())
                        .put("holdUntil", ranking.decision().holdUntil().map(Object::toString).orElse(null))
                        .put("failedRules", new JsonArray(ranking.decision().failedFilters()))
                        .put("confidential", ranking.decision().confidential())
                        .put("ranked", ranked).put("rejected", rejected));
            });
        });
    }

    private static JsonObject person(Map<Long, VolunteerCandidate> people, Candidate c, Ticket ticket) {
        VolunteerCandidate v = people.get(c.volunteerId());
        return new JsonObject().put("volunteerId", c.volunteerId()).put("name", v.name()).put("group", c.groupCode())
                .put("village", c.village()).put("leader", c.leader()).put("distance", distance(c, ticket))
                .put("openTickets", c.openTickets()).put("pointsThisMonth", c.pointsThisMonth());
    }

    /** How far the volunteer lives from the resident, as the proximity rule sees it. */
    static String distance(Candidate c, Ticket ticket) {
        if (ticket.resident().isEmpty()) {
            return "unknown";
        }
        var resident = ticket.resident().get();
        if (!resident.village().equals(c.village())) {
            return "other-village";
        }
        return c.servedVillageGroups().contains(resident.villageGroup()) ? "same-village-group" : "same-village";
    }
}
