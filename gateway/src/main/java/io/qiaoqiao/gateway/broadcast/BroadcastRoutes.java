package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.ApiRoutes;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.QueryParams;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Broadcasts over HTTP (scopes {@code broadcasts.read}, {@code broadcasts.write}; every change
 * audited with the operator's name):
 * <ul>
 *   <li>{@code POST /api/broadcasts} {title, text, audience, emergency, at, recordingId}: 201 with
 *   the broadcast; the text is spoken unless an uploaded recording is named;</li>
 *   <li>{@code POST /api/broadcasts/recordings} with the sound as the body (Content-Type audio/wav,
 *   audio/mpeg, audio/ogg, audio/flac): 201 {recordingId, seconds};</li>
 *   <li>{@code GET /api/broadcasts?status=&before=&limit=}, {@code GET /api/broadcasts/{id}}: with
 *   live counts (total, queued, ringing, heard, notReached, texted, cancelled);</li>
 *   <li>{@code GET /api/broadcasts/{id}/recipients?status=&after=&limit=}: each resident's state;</li>
 *   <li>{@code GET /api/broadcasts/{id}/sound}: the notice's WAV;</li>
 *   <li>{@code POST /api/broadcasts/{id}/cancel} {reason}: tries not yet placed are taken back.</li>
 * </ul>
 */
public final class BroadcastRoutes implements ApiRoutes {
    private static final Set<String> STATUSES = Set.of("scheduled", "running", "done", "cancelled");
    private static final Set<String> RECIPIENT_STATUSES = Set.of("queued", "heard", "not_reached", "cancelled");
    private static final int TITLE_MAX = 60;
    /** A few SMS segments: the notice is also texted. */
    static final int TEXT_MAX = 300;

    private final Broadcasts broadcasts;
    private final BroadcastSettings settings;
    private final boolean calling;

    /** @param calling whether calls are placed at all ({@code ami.enabled}): a broadcast is calls */
    public BroadcastRoutes(Broadcasts broadcasts, BroadcastSettings settings, boolean calling) {
        this.broadcasts = broadcasts;
        this.settings = settings;
        this.calling = calling;
    }

    @Override
    public void mount(Router router, ApiAccess access) {
        router.post("/api/broadcasts/recordings").handler(BodyHandler.create(false).setBodyLimit(settings.maxUploadBytes()))
                .handler(access.require("broadcasts.write")).handler(ApiAccess.answer(this::upload));
        router.post("/api/broadcasts").handler(ApiAccess.jsonBody()).handler(access.require("broadcasts.write"))
                .handler(ApiAccess.answer(this::create));
        router.get("/api/broadcasts").handler(access.require("broadcasts.read")).handler(ApiAccess.answer(ctx -> broadcasts.list(
                QueryParams.oneOf(ctx, "status", STATUSES), QueryParams.id(ctx, "before"), ApiAccess.queryInt(ctx, "limit", 50, 1, 200)).map(Reply::ok)));
        router.get("/api/broadcasts/:id").handler(access.require("broadcasts.read"))
                .handler(ApiAccess.answer(ctx -> broadcasts.one(ApiAccess.pathId(ctx, "id")).map(Reply::ok)));
        router.get("/api/broadcasts/:id/recipients").handler(access.require("broadcasts.read"))
                .handler(ApiAccess.answer(ctx -> broadcasts.recipients(ApiAccess.pathId(ctx, "id"),
                        QueryParams.oneOf(ctx, "status", RECIPIENT_STATUSES), QueryParams.id(ctx, "after"),
                        ApiAccess.queryInt(ctx, "limit", 200, 1, 1000)).map(Reply::ok)));
        router.get("/api/broadcasts/:id/sound").handler(access.require("broadcasts.read")).handler(this::sound);
        router.post("/api/broadcasts/:id/cancel").handler(ApiAccess.jsonBody()).handler(access.require("broadcasts.write"))
                .handler(ApiAccess.answer(ctx -> broadcasts.cancel(ApiAccess.pathId(ctx, "id"), ApiAccess.operator(ctx).actor(),
                        ApiAccess.body(ctx).onlyFields(Set.of("reason")).requiredText("reason", 500)).map(Reply::ok)));
    }

    private Future<Reply> create(RoutingContext ctx) {
        if (!calling) {
            throw ApiError.conflict("broadcasts are calls, and this gateway places none (ami.enabled=false)");
        }
        Input in = ApiAccess.body(ctx).onlyFields(Set.of("title", "text", "audience", "emergency", "at", "recordingId"));
        Object audience = ctx.body().asJsonObject().getValue("audience");
        Broadcasts.Request request = new Broadcasts.Request(in.requiredText("title", TITLE_MAX), in.requiredText("text", TEXT_MAX),
                Audience.from(audience), in.bool("emergency").orElse(false), in.text("at", 64).map(BroadcastRoutes::time),
                in.integer("recordingId", 1, Long.MAX_VALUE));
        return broadcasts.create(request, ApiAccess.operator(ctx).actor()).map(Reply::created);
    }

    private Future<Reply> upload(RoutingContext ctx) {
        String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        return broadcasts.recording(body, type, ApiAccess.operator(ctx).actor()).map(Reply::created);
    }

    private void sound(RoutingContext ctx) {
        long id;
        try {
            id = ApiAccess.pathId(ctx, "id");
        } catch (ApiError e) {
            ctx.fail(e);
            return;
        }
        broadcasts.audioPath(id).onSuccess(path -> ctx.response().putHeader("Content-Type", "audio/wav").sendFile(path)
                        .onFailure(e -> ctx.fail(ApiError.notFound("the sound of broadcast " + id + " is not on this node's disk"))))
                .onFailure(ctx::fail);
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("field 'at' must be a time with its offset, e.g. 2026-07-15T18:00+08:00; got '" + text + "'");
        }
    }
}
