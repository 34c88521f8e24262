package io.qiaoqiao.gateway.checkin;

import io.qiaoqiao.gateway.dispatch.Texts;
import io.qiaoqiao.gateway.intake.ResidentRequests;
import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.gateway.reach.CallOwner;
import io.qiaoqiao.gateway.reach.CallTry;
import io.qiaoqiao.gateway.reach.ReachCalls;
import io.qiaoqiao.gateway.reach.ReachMetrics;
import io.qiaoqiao.gateway.reach.TryEnd;
import io.qiaoqiao.gateway.recurring.Occurrence;
import io.qiaoqiao.gateway.recurring.ScheduleJson;
import io.qiaoqiao.gateway.roster.Directory;
import io.qiaoqiao.gateway.store.AfterCommit;
import io.qiaoqiao.gateway.timer.DueTimer;
import io.qiaoqiao.gateway.timer.TimerHandler;
import io.qiaoqiao.gateway.timer.Timers;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Check-in calls from their plan's timer to their result. A check-in calls up to
 * {@code checkin.tries} times, {@code checkin.retry-interval} apart (never in quiet hours): 1 is
 * "I am well"; 2 opens an urgent ticket at once; a call not answered, busy, or answered without
 * a key is a miss, and after the last miss an urgent ticket asks a volunteer near the resident to
 * go and look (kind {@code check_on}) and the family is texted. Every check-in is kept, with its
 * result, so a resident's history shows when they last answered.
 */
public final class CheckIns implements CallOwner, TimerHandler {
    private static final Logger log = LoggerFactory.getLogger(CheckIns.class);
    public static final String KIND = "checkin";
    /** Timer kind: a check-in's next call falls due. */
    public static final String NEXT_TRY = "checkin_try";
    static final String HELP_TEXT = "（定时问候电话中按2求助，请尽快与居民联系）";
    static final String CHECK_ON_TEXT = "（定时问候电话打了%d次都没有人接听，请上门看看居民是否安好）";
    private static final String PLAN = """
            SELECT p.id, p.resident_id, r.phone, p.schedule, p.active, p.next_due_at, p.created_at, studio_now() AS now
            FROM checkin_plans p JOIN residents r ON r.id = p.resident_id WHERE p.id = $1 FOR UPDATE OF p""";
    private static final String OPEN = """
            INSERT INTO checkins (plan_id, resident_id, phone, due_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (plan_id, due_at) DO NOTHING RETURNING id""";
    private static final String LOCK = """
            SELECT c.id, c.resident_id, c.phone, c.status, r.name, studio_now() AS now
            FROM checkins c JOIN residents r ON r.id = c.resident_id WHERE c.id = $1 FOR UPDATE OF c""";
    private static final String ANSWERED = """
            UPDATE checkins SET status = $2, answered_at = studio_now(), finished_at = studio_now(), last_result = 'key ' || $2,
                   tries = greatest(tries, $3)
            WHERE id = $1 AND status = 'calling' RETURNING id""";
    private static final String TICKET = "UPDATE checkins SET ticket_id = $2 WHERE id = $1";
    private static final String TRIED = "UPDATE checkins SET tries = greatest(tries, $2), last_result = $3 WHERE id = $1";
    private static final String MISSED = """
            UPDATE checkins SET status = 'missed', finished_at = studio_now(), ticket_id = $2 WHERE id = $1""";

    private final CheckInSettings settings;
    private final ResidentRequests requests;
    private final Texts texts;
    private final ReachMetrics metrics;

    public CheckIns(CheckInSettings settings, ResidentRequests requests, Texts texts, ReachMetrics metrics) {
        this.settings = settings;
        this.requests = requests;
        this.texts = texts;
        this.metrics = metrics;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** A plan's check-in is due ({@link CheckInPlans#DUE}), or a check-in's next call ({@link #NEXT_TRY}). */
    @Override
    public Future<Void> fire(SqlClient db, AfterCommit after, DueTimer timer) {
        String[] ref = timer.ref().orElseThrow().split(":");
        return timer.kind().equals(NEXT_TRY) ? nextTry(db, Long.parseLong(ref[1]), Integer.parseInt(ref[2]))
                : due(db, Long.parseLong(ref[1]), Instant.ofEpochMilli(Long.parseLong(ref[2])));
    }

    private Future<Void> due(SqlClient db, long planId, Instant dueAt) {
        return db.preparedQuery(PLAN).execute(Tuple.of(planId)).compose(rows -> {
            Row p = rows.iterator().next();
            OffsetDateTime next = p.getOffsetDateTime("next_due_at");
            if (!p.getBoolean("active") || next == null || next.toInstant().toEpochMilli() != dueAt.toEpochMilli()) {
                return Future.succeededFuture(); // stopped or rescheduled since
            }
            Instant now = p.getOffsetDateTime("now").toInstant();
            Occurrence current = new Occurrence(dueAt.atZone(settings.zone()).toLocalDate(),
                    Optional.of(dueAt.atZone(settings.zone()).toLocalDate()), "", dueAt);
            Occurrence following = settings.occurrences().after(ScheduleJson.from(p.getJsonObject("schedule")),
                    p.getOffsetDateTime("created_at").atZoneSameInstant(settings.zone()).toLocalDate(), current);
            return db.preparedQuery(OPEN).execute(Tuple.of(planId, p.getLong("resident_id"), p.getString("phone"),
                            OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC)))
                    .compose(opened -> opened.size() == 0 ? Future.succeededFuture()
                            : ReachCalls.enqueue(db, KIND, opened.iterator().next().getLong(0), 1, p.getString("phone"), KIND,
                                    settings.quietHours().nextAllowed(now, settings.zone()), true))
                    .compose(v -> CheckInPlans.schedule(db, planId, following.at()));
        });
    }

    private Future<Void> nextTry(SqlClient db, long checkinId, int tryNo) {
        return db.preparedQuery(LOCK).execute(Tuple.of(checkinId)).compose(rows -> {
            Row c = rows.iterator().next();
            return "calling".equals(c.getString("status"))
                    ? ReachCalls.enqueue(db, KIND, checkinId, tryNo, c.getString("phone"), KIND, c.getOffsetDateTime("now").toInstant(), true)
                    : Future.succeededFuture();
        });
    }

    /** 1: well. 2: needs help, an urgent ticket now, before the call even ends. */
    @Override
    public Future<Void> keyPressed(SqlClient db, AfterCommit after, CallTry call, char key) {
        if (key != '1' && key != '2') {
            return Future.succeededFuture();
        }
        String status = key == '1' ? "ok" : "help";
        return db.preparedQuery(LOCK).execute(Tuple.of(call.subjectId())).compose(rows -> {
            Row c = rows.iterator().next();
            return db.preparedQuery(ANSWERED).execute(Tuple.of(call.subjectId(), status, call.tryNo())).compose(updated -> {
                if (updated.size() == 0) {
                    return Future.succeededFuture();
                }
                after.add(() -> metrics.checkin(status));
                if (key == '1') {
                    return Future.succeededFuture();
                }
                log.info("check-in {}: resident {} pressed 2 for help", call.subjectId(), c.getLong("resident_id"));
                return requests.open(db, after, new ResidentRequests.Request(c.getLong("resident_id"), KIND, "request",
                                Category.UNKNOWN, Urgency.URGENT, HELP_TEXT), "checkin")
                        .compose(ticket -> db.preparedQuery(TICKET).execute(Tuple.of(call.subjectId(), ticket.id()))).mapEmpty();
            });
        });
    }

    @Override
    public Future<Void> tryEnded(SqlClient db, AfterCommit after, CallTry call, TryEnd end) {
        return db.preparedQuery(LOCK).execute(Tuple.of(call.subjectId())).compose(rows -> {
            Row c = rows.iterator().next();
            if (!"calling".equals(c.getString("status"))) {
                return Future.succeededFuture();
            }
            return db.preparedQuery(TRIED).execute(Tuple.of(call.subjectId(), call.tryNo(), end.result())).compose(v -> {
                Instant now = c.getOffsetDateTime("now").toInstant();
                if (call.tryNo() < settings.tries()) {
                    Instant next = settings.quietHours().nextAllowed(now.plus(settings.retryInterval()), settings.zone());
                    return Timers.onceAt(db, NEXT_TRY, "checkin-try:" + call.subjectId() + ":" + (call.tryNo() + 1), next);
                }
                return missed(db, after, c, call.tryNo());
            });
        });
    }

    /** No answer after every call: someone near goes to look, and the family hears it. */
    private Future<Void> missed(SqlClient db, AfterCommit after, Row c, int tries) {
        long residentId = c.getLong("resident_id");
        log.warn("check-in {}: no answer from resident {} after {} call(s); a volunteer is asked to look in", c.getLong("id"),
                residentId, tries);
        after.add(() -> metrics.checkin("missed"));
        return requests.open(db, after, new ResidentRequests.Request(residentId, KIND, "check_on", Category.UNKNOWN, Urgency.URGENT,
                        String.format(CHECK_ON_TEXT, tries)), "checkin")
                .compose(ticket -> db.preparedQuery(MISSED).execute(Tuple.of(c.getLong("id"), ticket.id()))
                        .compose(v -> Directory.familyPhones(db, residentId))
                        .compose(phones -> {
                            Future<Void> chain = Future.succeededFuture();
                            for (String phone : phones) {
                                chain = chain.compose(v -> Outbox.text(db, phone, texts.checkinMissedFamily(c.getString("name"),
                                        tries, ticket.code()), "checkin_missed", ticket.id()));
                            }
                            return chain;
                        }));
    }
}
