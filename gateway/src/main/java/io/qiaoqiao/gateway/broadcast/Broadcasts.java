package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.operator.OperatorAudit;
import io.qiaoqiao.gateway.reach.ReachCalls;
import io.qiaoqiao.gateway.timer.Timers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The studio's side of broadcasts: make one (its sound first, then the row, its start timer and
 * the audit entry in one transaction), cancel one (its tries not yet placed are taken back),
 * and read them with their live counts and each resident's state.
 */
public final class Broadcasts {
    private static final String AUDIO = """
            INSERT INTO broadcast_audio (kind, path, seconds, created_by) VALUES ($1, $2, $3, $4) RETURNING id""";
    private static final String RECORDING = "SELECT id FROM broadcast_audio WHERE id = $1 AND kind = 'recording'";
    private static final String CREATE = """
            INSERT INTO broadcasts (title, text, audio_id, emergency, audience, status, max_tries, retry_interval, starts_at, created_by)
            VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, make_interval(secs => $7), greatest($8, studio_now()), $9)
            RETURNING id, starts_at""";
    private static final String NOW = "SELECT studio_now()";
    private static final String COLUMNS = """
            b.id, b.title, b.text, b.emergency, b.audience, b.status, b.max_tries,
            extract(epoch FROM b.retry_interval)::bigint AS retry_seconds, b.starts_at, b.created_by, b.created_at,
            b.started_at, b.finished_at, b.cancelled_by, b.cancel_reason, b.leaders_told_at, a.kind AS audio_kind,
            a.seconds AS audio_seconds""";
    private static final String ONE = "SELECT " + COLUMNS + " FROM broadcasts b JOIN broadcast_audio a ON a.id = b.audio_id WHERE b.id = $1";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM broadcasts b JOIN broadcast_audio a ON a.id = b.audio_id
            WHERE ($1::text IS NULL OR b.status = $1) AND ($2::bigint IS NULL OR b.id < $2)
            ORDER BY b.id DESC LIMIT $3""";
    private static final String COUNTS = """
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE r.status = 'queued' AND s.id IS NULL) AS queued,
                   count(*) FILTER (WHERE r.status = 'queued' AND s.id IS NOT NULL) AS ringing,
                   count(*) FILTER (WHERE r.status = 'heard') AS heard,
                   count(*) FILTER (WHERE r.status = 'not_reached') AS not_reached,
                   count(*) FILTER (WHERE r.texted_at IS NOT NULL) AS texted,
                   count(*) FILTER (WHERE r.status = 'cancelled') AS cancelled
            FROM broadcast_recipients r
            LEFT JOIN outbox s ON s.reach_kind = 'broadcast' AND s.reach_id = r.id AND s.status = 'sending'
            WHERE r.broadcast_id = $1""";
    private static final String RECIPIENTS = """
            SELECT r.id, r.resident_id, r.name, r.village, r.village_group, r.status, r.tries, r.last_result, r.heard_at,
                   r.texted_at, r.finished_at, EXISTS (SELECT 1 FROM outbox s WHERE s.reach_kind = 'broadcast'
                   AND s.reach_id = r.id AND s.status = 'sending') AS on_call
            FROM broadcast_recipients r
            WHERE r.broadcast_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ($3::bigint IS NULL OR r.id > $3)
            ORDER BY r.id LIMIT $4""";
    private static final String LOCK = "SELECT status FROM broadcasts WHERE id = $1 FOR UPDATE";
    private static final String CANCEL = """
            UPDATE broadcasts SET status = 'cancelled', cancelled_by = $2, cancel_reason = $3, finished_at = studio_now()
            WHERE id = $1""";
    private static final String CANCEL_RECIPIENTS = """
            UPDATE broadcast_recipients r SET status = 'cancelled', finished_at = studio_now()
            WHERE r.broadcast_id = $1 AND r.status = 'queued' AND NOT EXISTS (SELECT 1 FROM outbox s
                WHERE s.reach_kind = 'broadcast' AND s.reach_id = r.id AND s.status = 'sending')""";
    private static final String RECIPIENT_IDS = "SELECT id FROM broadcast_recipients WHERE broadcast_id = $1";
    private static final String CANCEL_START = "UPDATE timers SET status = 'cancelled' WHERE kind = $1 AND ref = $2 AND status = 'pending'";
    private static final String CANCEL_TRIES = "UPDATE timers SET status = 'cancelled' WHERE kind = $1 AND ref LIKE $2 AND status = 'pending'";
    private static final String AUDIO_PATH = "SELECT a.path FROM broadcasts b JOIN broadcast_audio a ON a.id = b.audio_id WHERE b.id = $1";

    /** What the studio asks for; {@code recordingId} empty: the text is spoken. */
    public record Request(String title, String text, Audience audience, boolean emergency, Optional<Instant> at,
                          Optional<Long> recordingId) {
    }

    private final Pool pool;
    private final NoticeAudio audio;
    private final BroadcastSettings settings;

    public Broadcasts(Pool pool, BroadcastSettings settings) {
        this.pool = pool;
        this.audio = new NoticeAudio(settings.audio());
        this.settings = settings;
    }

    /**
     * Makes a broadcast: the sound first (spoken, unless a recording was uploaded), then, in one
     * transaction, the broadcast, its start (now or when asked; a normal one not in quiet hours)
     * and the audit entry. Answers with the broadcast and how many phones its audience holds now.
     */
    public Future<JsonObject> create(Request request, String actor) {
        Future<Long> sound = request.recordingId().isPresent()
                ? pool.preparedQuery(RECORDING).execute(Tuple.of(request.recordingId().get())).map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiError.badRequest("no uploaded recording " + request.recordingId().get()
                                + "; upload it with POST /api/broadcasts/recordings first");
                    }
                    return request.recordingId().get();
                })
                : audio.speak(request.text()).compose(spoken -> pool.preparedQuery(AUDIO).execute(Tuple.of("speech",
                        spoken.path().toString(), spoken.seconds(), actor)).map(rows -> rows.iterator().next().getLong(0)));
        return sound.compose(audioId -> pool.withTransaction(db -> db.query(NOW).execute().compose(now -> {
            Instant studioNow = now.iterator().next().getOffsetDateTime(0).toInstant();
            Instant asked = request.at().filter(at -> at.isAfter(studioNow)).orElse(studioNow);
            Instant starts = request.emergency() ? asked : settings.quietHours().nextAllowed(asked, settings.zone());
            Tuple params = Tuple.of(request.title(), request.text(), audioId, request.emergency(), request.audience().toJson(),
                    settings.tries(), (double) settings.retryInterval().toSeconds());
            params.addValue(OffsetDateTime.ofInstant(starts, ZoneOffset.UTC)).addValue(actor);
            return db.preparedQuery(CREATE).execute(params).compose(rows -> {
                long id = rows.iterator().next().getLong("id");
                Instant startsAt = rows.iterator().next().getOffsetDateTime("starts_at").toInstant();
                return Timers.onceAt(db, BroadcastRun.START, BroadcastRun.startRef(id), startsAt)
                        .compose(v -> request.audience().resolve(db))
                        .compose(residents -> OperatorAudit.append(db, actor, "broadcast.create", "broadcast:" + id,
                                        new JsonObject().put("title", request.title()).put("emergency", request.emergency())
                                                .put("startsAt", startsAt.toString()).put("audience", request.audience().toJson())
                                                .put("phones", residents.size()).put("audioId", audioId))
                                .map(v -> id));
            });
        }))).compose(this::one);
    }

    /** Converts and keeps an uploaded recording for a broadcast to use. */
    public Future<JsonObject> recording(byte[] body, String contentType, String actor) {
        if (body.length == 0) {
            return Future.failedFuture(ApiError.badRequest("the recording is empty"));
        }
        return audio.convert(body, contentType).compose(converted -> pool.withTransaction(db -> db.preparedQuery(AUDIO)
                .execute(Tuple.of("recording", converted.path().toString(), converted.seconds(), actor))
                .compose(rows -> {
                    long id = rows.iterator().next().getLong(0);
                    return OperatorAudit.append(db, actor, "broadcast.recording", "broadcast_audio:" + id,
                                    new JsonObject().put("seconds", converted.seconds()).put("bytes", body.length))
                            .map(v -> new JsonObject().put("recordingId", id).put("seconds", converted.seconds()));
                })));
    }

    /** Cancels a broadcast that has not ended: nobody more is called; calls on the line finish. */
    public Future<JsonObject> cancel(long id, String actor, String reason) {
        return pool.withTransaction(db -> db.preparedQuery(LOCK).execute(Tuple.of(id)).compose(rows -> {
            if (rows.size() == 0) {
                throw ApiError.notFound("no broadcast " + id);
            }
            String status = rows.iterator().next().getString(0);
            if (status.equals("done") || status.equals("cancelled")) {
                throw ApiError.conflict("broadcast " + id + " is " + status + " already");
            }
            return db.preparedQuery(CANCEL).execute(Tuple.of(id, actor, reason))
                    .compose(v -> db.preparedQuery(CANCEL_RECIPIENTS).execute(Tuple.of(id)))
                    .compose(v -> db.preparedQuery(RECIPIENT_IDS).execute(Tuple.of(id)))
                    .compose(ids -> {
                        List<Long> recipients = new ArrayList<>();
                        ids.forEach(r -> recipients.add(r.getLong(0)));
                        return ReachCalls.withdraw(db, BroadcastRun.KIND, recipients);
                    })
                    .compose(withdrawn -> db.preparedQuery(CANCEL_START).execute(Tuple.of(BroadcastRun.START, BroadcastRun.startRef(id)))
                            .compose(v -> db.preparedQuery(CANCEL_TRIES).execute(Tuple.of(BroadcastRun.NEXT_TRY, BroadcastRun.tryRefs(id))))
                            .compose(v -> OperatorAudit.append(db, actor, "broadcast.cancel", "broadcast:" + id,
                                    new JsonObject().put("reason", reason).put("wasStatus", status).put("withdrawnTries", withdrawn))));
        })).compose(v -> one(id));
    }

    /** One broadcast with its live counts. */
    public Future<JsonObject> one(long id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id)).compose(rows -> {
            if (rows.size() == 0) {
                throw ApiError.notFound("no broadcast " + id);
            }
            JsonObject broadcast = json(rows.iterator().next());
            return counts(id).map(counts -> broadcast.put("counts", counts));
        });
    }

    /** The newest first, each with its live counts; {@code before}: a cursor, the last id of the previous page. */
    public Future<JsonObject> list(Optional<String> status, Optional<Long> before, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(status.orElse(null), before.orElse(null), limit)).compose(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(json(r)));
            Future<Void> chain = Future.succeededFuture();
            for (JsonObject b : out) {
                chain = chain.compose(v -> counts(b.getLong("id")).map(c -> {
                    b.put("counts", c);
                    return null;
                }));
            }
            return chain.map(v -> {
                JsonObject page = new JsonObject().put("broadcasts", new JsonArray(out));
                if (out.size() == limit) {
                    page.put("next", out.getLast().getLong("id"));
                }
                return page;
            });
        });
    }

    /** Each resident of a broadcast and where their calls stand; {@code after}: a cursor, the last id of the previous page. */
    public Future<JsonObject> recipients(long id, Optional<String> status, Optional<Long> after, int limit) {
        return pool.preparedQuery(RECIPIENTS).execute(Tuple.of(id, status.orElse(null), after.orElse(null), limit)).map(rows -> {
            JsonArray out = new JsonArray();
            long last = 0;
            for (Row r : rows) {
                last = r.getLong("id");
                out.add(new JsonObject().put("id", last).put("residentId", r.getLong("resident_id")).put("name", r.getString("name"))
                        .put("village", r.getString("village")).put("villageGroup", r.getString("village_group"))
                        .put("status", r.getString("status")).put("onCall", r.getBoolean("on_call"))
                        .put("tries", r.getInteger("tries")).put("lastResult", r.getString("last_result"))
                        .put("heardAt", time(r, "heard_at")).put("textedAt", time(r, "texted_at"))
                        .put("finishedAt", time(r, "finished_at")));
            }
            JsonObject page = new JsonObject().put("recipients", out);
            if (out.size() == limit) {
                page.put("next", last);
            }
            return page;
        });
    }

    /** Where the broadcast's sound is on this host. */
    public Future<String> audioPath(long id) {
        return pool.preparedQuery(AUDIO_PATH).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiError.notFound("no broadcast " + id);
            }
            return rows.iterator().next().getString(0);
        });
    }

    private Future<JsonObject> counts(long id) {
        return pool.preparedQuery(COUNTS).execute(Tuple.of(id)).map(rows -> {
            Row r = rows.iterator().next();
            JsonObject counts = new JsonObject();
            for (String column : List.of("total", "queued", "ringing", "heard", "not_reached", "texted", "cancelled")) {
                counts.put(column.equals("not_reached") ? "notReached" : column, r.getLong(column));
            }
            return counts;
        });
    }

    private static JsonObject json(Row r) {
        return new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title")).put("text", r.getString("text"))
                .put("emergency", r.getBoolean("emergency")).put("audience", r.getJsonObject("audience"))
                .put("status", r.getString("status")).put("tries", r.getInteger("max_tries"))
                .put("retryIntervalSeconds", r.getLong("retry_seconds")).put("startsAt", time(r, "starts_at"))
                .put("sound", new JsonObject().put("kind", r.getString("audio_kind"))
                        .put("seconds", r.getNumeric("audio_seconds").doubleValue()))
                .put("createdBy", r.getString("created_by")).put("createdAt", time(r, "created_at"))
                .put("startedAt", time(r, "started_at")).put("finishedAt", time(r, "finished_at"))
                .put("cancelledBy", r.getString("cancelled_by")).put("cancelReason", r.getString("cancel_reason"))
                .put("leadersToldAt", time(r, "leaders_told_at"));
    }

    private static String time(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant().toString();
    }
}
