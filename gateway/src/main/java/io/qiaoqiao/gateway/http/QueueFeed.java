package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.http.ApiAccess.SignedIn;
import io.qiaoqiao.gateway.http.ApiTokens.Operator;
import io.qiaoqiao.gateway.ticket.TicketEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/queue/stream}: the desk's live queue as server-sent events. Every ticket event
 * on any node is a {@code NOTIFY} ({@link TicketEvents#CHANNEL}); this node gathers those of a
 * few tens of milliseconds, reads the changed tickets once, and sends each open stream one
 * {@code ticket} event per changed ticket, shown as that stream's operator may see it
 * ({@code id}: the newest ticket event's id; {@code data}: {@code {"ticket": {...}, "types": [...]}}).
 * A stream that reconnects with {@code Last-Event-ID} first gets the tickets changed since (or
 * {@code reset} when too much happened to replay). {@code : ping} comments keep proxies from
 * closing an idle stream; a stream opened with a desk session ends ({@code signed-out}) once the
 * session does.
 */
public final class QueueFeed {
    private static final Logger log = LoggerFactory.getLogger(QueueFeed.class);
    private static final Duration GATHER = Duration.ofMillis(50);
    private static final Duration PING = Duration.ofSeconds(15);
    private static final int REPLAY_MAX = 1000;
    private static final String CHANGED = "SELECT " + TicketViews.COLUMNS + TicketViews.FROM + " WHERE t.id = ANY($3)";
    private static final String SINCE = """
            SELECT ticket_id, max(id) AS event, array_agg(DISTINCT type) AS types, count(*) AS n FROM (
                SELECT id, ticket_id, type FROM ticket_events WHERE id > $1 ORDER BY id LIMIT $2) e GROUP BY ticket_id""";

    /** One open stream. */
    private record Stream(HttpServerResponse response, Operator operator, Optional<SignedIn> session, Map<String, String> filters) {
        boolean wants(JsonObject ticket) {
            return filters.entrySet().stream().allMatch(f -> f.getValue().equalsIgnoreCase(String.valueOf(ticket.getValue(f.getKey()))));
        }
    }

    /** What changed about one ticket since the last gathering. */
    private static final class Change {
        long event;
        final Set<String> types = new TreeSet<>();
    }

    private final Vertx vertx;
    private final Pool pool;
    private final TicketViews views;
    private final Duration[] acceptLimits;
    private final ApiAccess.SessionLookup sessions;
    private final Set<Stream> streams = new CopyOnWriteArraySet<>();
    private final Map<Long, Change> pending = new LinkedHashMap<>();
    private boolean gathering;

    public QueueFeed(Vertx vertx, Pool pool, TicketViews views, Duration[] acceptLimits, ApiAccess.SessionLookup sessions) {
        this.vertx = vertx;
        this.pool = pool;
        this.views = views;
        this.acceptLimits = acceptLimits.clone();
        this.sessions = sessions;
    }

    /** Listens to every node's ticket events. */
    public void listen(PgSubscriber subscriber) {
        subscriber.channel(TicketEvents.CHANNEL).handler(payload -> {
            JsonObject event;
            try {
                event = new JsonObject(payload);
            } catch (RuntimeException e) {
                return;
            }
            // Notifications arrive on the subscriber's context, and so does the gathering timer.
            Change change = pending.computeIfAbsent(event.getLong("ticket"), id -> new Change());
            change.event = Math.max(change.event, event.getLong("event"));
            change.types.add(event.getString("type"));
            if (!gathering) {
                gathering = true;
                vertx.setTimer(GATHER.toMillis(), t -> flush());
            }
        });
    }

    /** How many streams are open on this node. */
    public int streams() {
        return streams.size();
    }

    public void mount(Api api) {
        api.get("/api/queue/stream", "tickets.read").summary("队列的实时变化（server-sent events）").tag("tickets")
                .description("每条求助一有变化（任何节点上），就发一个 ticket 事件：id 是最新的求助事件编号，data 是 "
                        + "{\"ticket\": 求助, \"types\": [事件类型]}。断线重连带 Last-Event-ID 会补发其间变化的求助；"
                        + "补不了时发 reset（请重新读取 /api/queue）。用登录会话打开的流在会话结束时发 signed-out 并关闭。")
                .queryOneOf("category", List.of("errand", "repair", "advice", "mediation", "unknown"), "只要这个类别")
                .queryOneOf("urgency", List.of("normal", "urgent"), "只要这个紧急程度").query("village", "string", "只要这个村")
                .returns("200", "text/event-stream", "text/event-stream", new JsonObject().put("type", "string"))
                .handler(this::open);
    }

    private void open(RoutingContext ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : List.of("category", "urgency", "village")) {
            String value = ctx.queryParams().get(name);
            if (value != null) {
                filters.put(name, value);
            }
        }
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        Stream stream = new Stream(response, ApiAccess.operator(ctx), ApiAccess.session(ctx), Map.copyOf(filters));
        response.write("retry: 3000\n: connected\n\n");
        streams.add(stream);
        long ping = vertx.setPeriodic(PING.toMillis(), t -> ping(stream));
        response.closeHandler(v -> {
            streams.remove(stream);
            vertx.cancelTimer(ping);
        });
        String last = ctx.request().getHeader("Last-Event-ID");
        if (last != null) {
            replay(stream, last);
        }
    }

    private void ping(Stream stream) {
        if (stream.session().isEmpty()) {
            send(stream, ": ping\n\n");
            return;
        }
        sessions.alive(stream.session().get().sessionId()).onComplete(alive -> {
            if (alive.succeeded() && !alive.result()) {
                send(stream, "event: signed-out\ndata: {}\n\n");
                streams.remove(stream);
                stream.response().end();
            } else {
                send(stream, ": ping\n\n");
            }
        });
    }

    private void replay(Stream stream, String lastEventId) {
        long after;
        try {
            after = Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            send(stream, "event: reset\ndata: {}\n\n");
            return;
        }
        pool.preparedQuery(SINCE).execute(Tuple.of(after, REPLAY_MAX + 1)).onSuccess(rows -> {
            Map<Long, Change> changes = new LinkedHashMap<>();
            long events = 0;
            for (Row r : rows) {
                Change c = new Change();
                c.event = r.getLong("event");
                c.types.addAll(List.of(r.getArrayOfStrings("types")));
                changes.put(r.getLong("ticket_id"), c);
                events += r.getLong("n");
            }
            if (events > REPLAY_MAX) {
                send(stream, "event: reset\ndata: {}\n\n");
                return;
            }
            deliver(changes, Set.of(stream));
        }).onFailure(e -> send(stream, "event: reset\ndata: {}\n\n"));
    }

    private void flush() {
        Map<Long, Change> changes = new LinkedHashMap<>(pending);
        pending.clear();
        gathering = false;
        if (!streams.isEmpty() && !changes.isEmpty()) {
            deliver(changes, streams);
        }
    }

    private void deliver(Map<Long, Change> changes, Set<Stream> to) {
        if (changes.isEmpty()) {
            return;
        }
        Tuple params = Tuple.of((double) acceptLimits[0].toSeconds(), (double) acceptLimits[1].toSeconds(),
                changes.keySet().toArray(Long[]::new));
        pool.preparedQuery(CHANGED).execute(params).onSuccess(rows -> {
            List<Row> changed = new ArrayList<>();
            rows.forEach(changed::add);
            changed.sort(java.util.Comparator.comparingLong(r -> changes.get(r.getLong("id")).event));
            for (Stream stream : to) {
                StringBuilder out = new StringBuilder();
                for (Row r : changed) {
                    JsonObject ticket = views.json(r, stream.operator());
                    if (!stream.wants(ticket)) {
                        continue;
                    }
                    Change c = changes.get(r.getLong("id"));
                    out.append("id: ").append(c.event).append("\nevent: ticket\ndata: ")
                            .append(new JsonObject().put("ticket", ticket).put("types", new JsonArray(List.copyOf(c.types))).encode())
                            .append("\n\n");
                }
                if (!out.isEmpty()) {
                    send(stream, out.toString());
                }
            }
        }).onFailure(e -> log.warn("the live queue could not read {} changed ticket(s): {}", changes.size(), e.toString()));
    }

    /** Writes to the stream; a client too slow to keep up is dropped (it reconnects with Last-Event-ID). */
    private void send(Stream stream, String text) {
        HttpServerResponse response = stream.response();
        if (response.ended() || response.closed()) {
            streams.remove(stream);
            return;
        }
        if (response.writeQueueFull()) {
            streams.remove(stream);
            response.reset();
            return;
        }
        response.write(text);
    }

    /** Closes every stream (the gateway stops). */
    public Future<Void> close() {
        for (Stream s : streams) {
            if (!s.response().ended()) {
                s.response().end();
            }
        }
        streams.clear();
        return Future.succeededFuture();
    }
}
