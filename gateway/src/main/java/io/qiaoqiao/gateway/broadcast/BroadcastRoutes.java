package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.http.Api;
import io.qiaoqiao.gateway.http.ApiAccess;
import io.qiaoqiao.gateway.http.ApiAccess.Reply;
import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.http.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Broadcasts over HTTP, declared on the operator API ({@link Api}): scopes
 * {@code broadcasts.read} and {@code broadcasts.write}; every change audited in its transaction
 * ({@code broadcast.create}, {@code broadcast.recording}, {@code broadcast.cancel}). A broadcast
 * is spoken from its text unless an uploaded recording is named; lists are cursor pages
 * ({@link Page}), the newest first.
 */
public final class BroadcastRoutes {
    /** Where recordings are uploaded: its body may be as large as {@code broadcast.max-upload-mb}. */
    public static final String RECORDINGS_PATH = "/api/broadcasts/recordings";
    private static final List<String> STATUSES = List.of("scheduled", "running", "done", "cancelled");
    private static final List<String> RECIPIENT_STATUSES = List.of("queued", "heard", "not_reached", "cancelled");
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

    /** How large an uploaded recording may be, in bytes. */
    public long uploadLimit() {
        return settings.maxUploadBytes();
    }

    public void mount(Api api) {
        api.post("/api/broadcasts", "broadcasts.write").summary("发一次广播：给选定的居民打电话放通知（审计）").tag("broadcasts")
                .description("text 会被读出来，除非给了 recordingId（先上传的录音）；emergency=true 不等安静时段结束；at 是开始时间（带时区）。")
                .body("BroadcastCreate").created("Broadcast").problems(409, 422, 503).answer(this::create);
        api.post(RECORDINGS_PATH, "broadcasts.write").summary("上传一段录音，转成电话用的声音（审计）").tag("broadcasts")
                .body("audio/*", new JsonObject().put("type", "string").put("contentMediaType", "audio/wav"))
                .created("BroadcastRecording").problems(413, 415, 422, 503).answer(this::upload);
        api.get("/api/broadcasts", "broadcasts.read").summary("广播（新的在前），各带实时统计").tag("broadcasts")
                .queryOneOf("status", STATUSES, "状态").paged().ok("BroadcastPage")
                .answer(ctx -> {
                    Page page = Page.of(ctx);
                    return broadcasts.list(QueryParams.oneOf(ctx, "status", Set.copyOf(STATUSES)), page)
                            .map(rows -> Reply.ok(page.answer(ctx, "broadcasts", rows, b -> b.getLong("id"))));
                });
        api.get("/api/broadcasts/{id}", "broadcasts.read").summary("一次广播和它的实时统计").tag("broadcasts")
                .ok("Broadcast").problems(404).answer(ctx -> broadcasts.one(ApiAccess.pathId(ctx, "id")).map(Reply::ok));
        api.get("/api/broadcasts/{id}/recipients", "broadcasts.read").summary("一次广播的每位居民：打了几次、听到没有").tag("broadcasts")
                .queryOneOf("status", RECIPIENT_STATUSES, "状态").paged().ok("BroadcastRecipientPage").problems(404)
                .answer(ctx -> {
                    Page page = Page.of(ctx);
                    return broadcasts.recipients(ApiAccess.pathId(ctx, "id"), QueryParams.oneOf(ctx, "status", Set.copyOf(RECIPIENT_STATUSES)),
                            page).map(rows -> Reply.ok(page.answer(ctx, "recipients", rows, r -> r.getLong("id"))));
                });
        api.get("/api/broadcasts/{id}/sound", "broadcasts.read").summary("广播放的声音（WAV）").tag("broadcasts")
                .returns("200", "声音", "audio/wav", new JsonObject().put("type", "string").put("contentMediaType", "audio/wav"))
                .problems(404).handler(this::sound);
        api.post("/api/broadcasts/{id}/cancel", "broadcasts.write").summary("取消一次广播：还没打的电话不再打（审计）").tag("broadcasts")
                .body("Reason").ok("Broadcast").problems(404, 409)
                .answer(ctx -> broadcasts.cancel(ApiAccess.pathId(ctx, "id"), ApiAccess.operator(ctx).actor(),
                        ApiAccess.body(ctx).onlyFields(Set.of("reason")).requiredText("reason", 500)).map(Reply::ok));
    }

    private Future<Reply> create(RoutingContext ctx) {
        if (!calling) {
            throw new ApiError(Problem.NOT_AVAILABLE_HERE, "这个网关不打电话（ami.enabled=false），不能发广播",
                    "broadcasts are calls, and this gateway places none (ami.enabled=false)");
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
            ApiAccess.error(ctx, e);
            return;
        }
        ApiError missing = new ApiError(Problem.RECORDING_NOT_FOUND, "广播 " + id + " 的声音不在这个节点的磁盘上",
                "the sound of broadcast " + id + " is not on this node's disk");
        // The sounds folder may be a network mount: ask without blocking the event loop.
        broadcasts.audioPath(id).compose(path -> ctx.vertx().fileSystem().props(path)
                        .recover(e -> Future.failedFuture(missing))
                        .compose(props -> props.isRegularFile() ? Future.succeededFuture(path) : Future.<String>failedFuture(missing)))
                .onSuccess(path -> ctx.response().putHeader("Content-Type", "audio/wav").sendFile(path))
                .onFailure(e -> ApiAccess.error(ctx, e));
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.field("at", "字段 at 应当是带时区的时间，如 2026-07-15T18:00+08:00，现在是“" + text + "”",
                    "field 'at' must be a time with its offset, e.g. 2026-07-15T18:00+08:00; got '" + text + "'");
        }
    }
}
