package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.reach.CallOwner;
import io.qiaoqiao.gateway.reach.CallTry;
import io.qiaoqiao.gateway.reach.ReachCalls;
import io.qiaoqiao.gateway.reach.TryEnd;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.gateway.voice.ReachDesk;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast from its start to its end. At its start (a durable timer; a normal broadcast waits
 * for the end of quiet hours) the audience is read from the roster, one recipient per phone, and
 * every first try is queued at once: the dialer paces them by the trunk. A resident who pressed
 * 1 heard it; otherwise the next try is queued after the broadcast's retry interval (normal
 * broadcasts again outside quiet hours), and after the last one the notice goes out as a text.
 * When nobody is left to call, the broadcast is done and each group's leaders get the list of
 * their residents the calls did not reach.
 *
 * <p>Every step locks the broadcast's row, so the last two results arriving together on two
 * nodes still end it once.
 */
public final class BroadcastRun implements CallOwner, TimerHandler {
    private static final Logger log = LoggerFactory.getLogger(BroadcastRun.class);
    public static final String KIND = "broadcast";
    /** Timer kinds: a broadcast starts; a resident's next try falls due. */
    public static final String START = "broadcast_start";
    public static final String NEXT_TRY = "broadcast_try";
    private static final String LOCK = """
            SELECT b.id, b.title, b.text, b.emergency, b.audience, b.status, b.max_tries,
                   extract(epoch FROM b.retry_interval)::bigint AS retry_seconds, studio_now() AS now
            FROM broadcasts b WHERE b.id = $1 FOR UPDATE""";
    private static final String RECIPIENT = """
            SELECT id, broadcast_id, phone, status, tries FROM broadcast_recipients WHERE id = $1""";
    private static final String ADD_RECIPIENTS = """
            INSERT INTO broadcast_recipients (broadcast_id, resident_id, phone, name, village, village_group)
            SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])
            RETURNING id, phone""";
    private static final String STARTED = "UPDATE broadcasts SET status = 'running', started_at = studio_now() WHERE id = $1";
    private static final String NOTICE = """
            SELECT a.path, b.emergency FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id
            JOIN broadcast_audio a ON a.id = b.audio_id WHERE r.id = $1""";
    private static final String HEARD = """
            UPDATE broadcast_recipients SET status = 'heard', heard_at = studio_now(), finished_at = studio_now(),
                   last_result = 'heard', tries = greatest(tries, $2)
            WHERE id = $1 AND status IN ('queued', 'not_reached') RETURNING broadcast_id""";
    private static final String TRIED = """
            UPDATE broadcast_recipients SET tries = greatest(tries, $2), last_result = $3 WHERE id = $1
            RETURNING broadcast_id, status, phone""";
    private static final String FINISH_RECIPIENT = """
            UPDATE broadcast_recipients SET status = $2, finished_at = studio_now() WHERE id = $1 AND status = 'queued'""";
    private static final String TEXTED = "UPDATE broadcast_recipients SET texted_at = studio_now() WHERE id = $1";
    private static final String OPEN = "SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = $1 AND status = 'queued'";
    private static final String DONE = """
            UPDATE broadcasts SET status = 'done', finished_at = studio_now() WHERE id = $1 AND status = 'running'
            RETURNING id""";
    private static final String CANCEL_TRY_TIMERS = """
            UPDATE timers SET status = 'cancelled' WHERE kind = '""" + NEXT_TRY + "' AND status = 'pending' AND ref LIKE $1";

    private final Texts texts;
    private final BroadcastSettings settings;
    private final LeaderLists leaders;

    public BroadcastRun(Texts texts, BroadcastSettings settings) {
        this.texts = texts;
        this.settings = settings;
        this.leaders = new LeaderLists(texts);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The timer reference of a broadcast's start. */
    static String startRef(long broadcastId) {
        return "broadcast-start:" + broadcastId;
    }

    private static String tryRef(long broadcastId, long recipientId, int tryNo) {
        return "broadcast-try:" + broadcastId + ":" + recipientId + ":" + tryNo;
    }

    /** The pattern of every try timer of a broadcast, for cancelling them. */
    static String tryRefs(long broadcastId) {
        return "broadcast-try:" + broadcastId + ":%";
    }

    /** The broadcast's start and its residents' later tries. */
    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        String[] ref = timer.ref().orElseThrow().split(":");
        return timer.kind().equals(START) ? start(db, Long.parseLong(ref[1]))
                : nextTry(db, Long.parseLong(ref[1]), Long.parseLong(ref[2]), Integer.parseInt(ref[3]));
    }

    private Future<Void> start(SqlClient db, long broadcastId) {
        return db.preparedQuery(LOCK).execute(Tuple.of(broadcastId)).compose(rows -> {
            Row b = rows.iterator().next();
            if (!"scheduled".equals(b.getString("status"))) {
                return Future.succeededFuture(); // cancelled before it began
            }
            Instant now = b.getOffsetDateTime("now").toInstant();
            boolean emergency = b.getBoolean("emergency");
            if (!emergency && settings.quietHours().isQuiet(now, settings.zone())) {
                Instant morning = settings.quietHours().nextAllowed(now, settings.zone());
                return Timers.onceAt(db, START, startRef(broadcastId), morning);
            }
            Audience audience = Audience.from(b.getJsonObject("audience"));
            return audience.resolve(db).compose(residents -> db.preparedQuery(ADD_RECIPIENTS).execute(Tuple.of(broadcastId,
                            residents.stream().map(Audience.Resident::id).toArray(Long[]::new),
                            residents.stream().map(Audience.Resident::phone).toArray(String[]::new),
                            residents.stream().map(Audience.Resident::name).toArray(String[]::new),
                            residents.stream().map(Audience.Resident::village).toArray(String[]::new),
                            residents.stream().map(Audience.Resident::villageGroup).toArray(String[]::new))))
                    .compose(added -> {
                        List<ReachCalls.Subject> subjects = new java.util.ArrayList<>();
                        added.forEach(r -> subjects.add(new ReachCalls.Subject(r.getLong("id"), r.getString("phone"))));
                        log.info("broadcast {} starts: {} phone(s){}", broadcastId, subjects.size(), emergency ? ", emergency" : "");
                        return db.preparedQuery(STARTED).execute(Tuple.of(broadcastId))
                                .compose(v -> ReachCalls.enqueueFirst(db, KIND, KIND, subjects, now, !emergency))
                                .compose(v -> subjects.isEmpty() ? finishIfDone(db, b) : Future.succeededFuture());
                    });
        });
    }

    private Future<Void> nextTry(SqlClient db, long broadcastId, long recipientId, int tryNo) {
        return db.preparedQuery(LOCK).execute(Tuple.of(broadcastId)).compose(rows -> {
            Row b = rows.iterator().next();
            return db.preparedQuery(RECIPIENT).execute(Tuple.of(recipientId)).compose(found -> {
                Row r = found.iterator().next();
                if (!"running".equals(b.getString("status")) || !"queued".equals(r.getString("status"))) {
                    return Future.succeededFuture();
                }
                return ReachCalls.enqueue(db, KIND, recipientId, tryNo, r.getString("phone"), KIND,
                        b.getOffsetDateTime("now").toInstant(), !b.getBoolean("emergency"));
            });
        });
    }

    @Override
    public Future<Optional<ReachDesk.Notice>> notice(SqlClient db, CallTry call) {
        return db.preparedQuery(NOTICE).execute(Tuple.of(call.subjectId())).map(rows -> rows.size() == 0 ? Optional.empty()
                : Optional.of(new ReachDesk.Notice(rows.iterator().next().getString("path"), rows.iterator().next().getBoolean("emergency"))));
    }

    /** 1: heard. Its later tries, if any were queued meanwhile, are taken back. */
    @Override
    public Future<Void> keyPressed(SqlClient db, AfterCommit after, CallTry call, char key) {
        if (key != '1') {
            return Future.succeededFuture();
        }
        return db.preparedQuery(HEARD).execute(Tuple.of(call.subjectId(), call.tryNo())).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture();
            }
            long broadcastId = rows.iterator().next().getLong(0);
            return ReachCalls.withdraw(db, KIND, List.of(call.subjectId()))
                    .compose(n -> db.preparedQuery(CANCEL_TRY_TIMERS).execute(Tuple.of("broadcast-try:" + broadcastId + ":"
                            + call.subjectId() + ":%")))
                    .mapEmpty();
        });
    }

    @Override
    public Future<Void> tryEnded(SqlClient db, AfterCommit after, CallTry call, TryEnd end) {
        return db.preparedQuery(RECIPIENT).execute(Tuple.of(call.subjectId()))
                .compose(found -> db.preparedQuery(LOCK).execute(Tuple.of(found.iterator().next().getLong("broadcast_id"))))
                .compose(rows -> {
                    Row b = rows.iterator().next();
                    return db.preparedQuery(TRIED).execute(Tuple.of(call.subjectId(), call.tryNo(), end.result()))
                            .compose(tried -> {
                                Row r = tried.iterator().next();
                                if (!"queued".equals(r.getString("status"))) {
                                    return finishIfDone(db, b);
                                }
                                if (!"running".equals(b.getString("status"))) {
                                    return db.preparedQuery(FINISH_RECIPIENT).execute(Tuple.of(call.subjectId(), "cancelled")).mapEmpty();
                                }
                                if (call.tryNo() < b.getInteger("max_tries")) {
                                    return scheduleNext(db, b, call);
                                }
                                return notReached(db, b, call, r.getString("phone")).compose(v -> finishIfDone(db, b));
                            });
                });
    }

    private Future<Void> scheduleNext(SqlClient db, Row b, CallTry call) {
        Instant next = b.getOffsetDateTime("now").toInstant().plus(Duration.ofSeconds(b.getLong("retry_seconds")));
        Instant due = b.getBoolean("emergency") ? next : settings.quietHours().nextAllowed(next, settings.zone());
        return Timers.onceAt(db, NEXT_TRY, tryRef(b.getLong("id"), call.subjectId(), call.tryNo() + 1), due);
    }

    /** Every try failed: the notice as a text (to a mobile; a landline cannot take one). */
    private Future<Void> notReached(SqlClient db, Row b, CallTry call, String phone) {
        Future<Void> finished = db.preparedQuery(FINISH_RECIPIENT).execute(Tuple.of(call.subjectId(), "not_reached")).mapEmpty();
        if (!isMobile(phone)) {
            return finished;
        }
        return finished.compose(v -> Outbox.text(db, phone, texts.broadcastNotice(b.getString("text"), b.getBoolean("emergency")),
                        "broadcast_text", null))
                .compose(v -> db.preparedQuery(TEXTED).execute(Tuple.of(call.subjectId())).mapEmpty());
    }

    /** Nobody left to call: done, and the leaders hear whom the calls did not reach. */
    private Future<Void> finishIfDone(SqlClient db, Row b) {
        long id = b.getLong("id");
        return db.preparedQuery(OPEN).execute(Tuple.of(id)).compose(rows -> rows.iterator().next().getLong(0) > 0
                ? Future.succeededFuture()
                : db.preparedQuery(DONE).execute(Tuple.of(id)).compose(done -> {
                    if (done.size() == 0) {
                        return Future.succeededFuture();
                    }
                    log.info("broadcast {} is done", id);
                    return leaders.tell(db, id, b.getString("title"));
                }));
    }

    /** Mainland mobiles take texts; landlines do not. */
    static boolean isMobile(String e164) {
        return e164.matches("\\+861[3-9][0-9]{9}");
    }
}
