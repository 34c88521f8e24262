package io.qiaoqiao.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.qiaoqiao.plugin.api.Candidate;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing reads each candidate's load and history from counters the database keeps with
 * triggers. Here a seeded random history of offers, tickets and points — made, answered, re-offered,
 * accepted, finished, reopened, reassigned, corrected, deleted, some of it rolled back — is written
 * straight into the tables, and after every batch the candidates' figures must equal what the
 * rows themselves say, counted here in Java in the studio's time zone.
 */
class VolunteerCountersTest {
    private static final ZoneId STUDIO = ZoneId.of("Asia/Shanghai");
    private static final int VOLUNTEERS = 6;
    private static final int TICKETS = 40;
    private static final String[] OFFER_STATUSES = {"pending", "accepted", "declined", "expired", "withdrawn"};
    private static final String[] TICKET_STATUSES = {"open", "offered", "escalated", "accepted", "done", "closed", "reopened"};

    private Vertx vertx;
    private Pool pool;
    private final List<Long> volunteers = new ArrayList<>();
    private final List<Long> tickets = new ArrayList<>();
    private long probeTicket;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(TestPostgres.freshDatabase()).with(new PoolOptions().setMaxSize(2)).using(vertx).build();
        // Half past midnight in the studio (still the day before in UTC), near the start of a month:
        // the studio's days, not the server's, decide what counts.
        sql("UPDATE studio_clock SET configured = timestamptz '2026-11-03 00:30:00+08' - now()");
        sql("INSERT INTO volunteer_groups (code, name, village, serves) VALUES ('g1', '一组志愿小组', '桥头村', '{一组}')");
        for (int i = 0; i < VOLUNTEERS; i++) {
            volunteers.add(one("INSERT INTO volunteers (phone, name, group_id) VALUES ($1, $2, 1) RETURNING id",
                    Tuple.of("+861390000100" + i, "志愿者" + i)).getLong(0));
        }
        for (int i = 0; i < TICKETS + 1; i++) {
            tickets.add(one("""
                    INSERT INTO tickets (code, channel, kind, requester_phone, on_behalf, registered, category, urgency, status, text)
                    VALUES ($1, 'sms', 'request', '+8613900009999', false, false, 'REPAIR', 'NORMAL', 'open', '电视坏了') RETURNING id""",
                    Tuple.of(String.valueOf(2000 + i))).getLong(0));
        }
        probeTicket = tickets.remove(tickets.size() - 1); // never offered: every volunteer is its candidate
    }

    @AfterEach
    void stop() {
        pool.close();
        vertx.close();
    }

    @Test
    void candidates_load_points_and_history_equal_what_the_rows_say_after_any_history() {
        Random random = new Random(20261201);
        for (int round = 0; round < 12; round++) {
            for (int step = 0; step < 60; step++) {
                change(random);
            }
            // Some changes are made and rolled back: their counts must go with them.
            Gateway.await(pool.withConnection(conn -> conn.begin().compose(tx -> {
                io.vertx.core.Future<?> f = io.vertx.core.Future.succeededFuture();
                for (int i = 0; i < 10; i++) {
                    String[] statement = randomChange(random);
                    Tuple args = Tuple.tuple();
                    for (int a = 1; a < statement.length; a++) {
                        args.addValue(parse(statement[a]));
                    }
                    f = f.compose(v -> conn.preparedQuery(statement[0]).execute(args));
                }
                return f.compose(v -> tx.rollback());
            })));
            assertEquals(expected(), fromCounters(), "after round " + round);
        }
    }

    @Test
    void an_offer_made_again_moves_its_decline_to_the_day_of_the_new_offer() {
        long v = volunteers.get(0);
        long t = tickets.get(0);
        sql("INSERT INTO offers (ticket_id, volunteer_id, status, expires_at, created_at) "
                + "VALUES (" + t + ", " + v + ", 'declined', studio_now(), studio_now() - interval '40 days')");
        assertEquals(0, figures(v).declined30(), "declined 40 days ago: outside the window");
        sql("UPDATE offers SET status = 'expired', created_at = studio_now() WHERE ticket_id = " + t);
        assertEquals(1, figures(v).declined30(), "asked again today and let expire");
        sql("UPDATE offers SET status = 'pending' WHERE ticket_id = " + t);
        assertEquals(0, figures(v).declined30());
        assertEquals(expected(), fromCounters());
    }

    @Test
    void a_finished_ticket_reopened_gives_the_volunteer_back_their_earlier_last_service() {
        long v = volunteers.get(1);
        sql("UPDATE tickets SET status = 'done', accepted_by = " + v + ", done_at = studio_now() - interval '3 days' WHERE id = " + tickets.get(0));
        sql("UPDATE tickets SET status = 'done', accepted_by = " + v + ", done_at = studio_now() - interval '1 day' WHERE id = " + tickets.get(1));
        sql("UPDATE tickets SET status = 'reopened' WHERE id = " + tickets.get(1));
        Instant earlier = one("SELECT done_at FROM tickets WHERE id = $1", Tuple.of(tickets.get(0))).getOffsetDateTime(0).toInstant();
        assertEquals(Optional.of(earlier), figures(v).lastServed());
        assertEquals(1, figures(v).done30());
    }

    /** What routing cares about for one volunteer. */
    record Figures(int open, int points, Optional<Instant> lastServed, Optional<Instant> lastOffered, int done30, int declined30) {
    }

    private Figures figures(long volunteer) {
        return fromCounters().get(volunteer);
    }

    private void change(Random random) {
        String[] statement = randomChange(random);
        Tuple args = Tuple.tuple();
        for (int a = 1; a < statement.length; a++) {
            args.addValue(parse(statement[a]));
        }
        Gateway.await(pool.preparedQuery(statement[0]).execute(args));
    }

    private static Object parse(String arg) {
        return arg.matches("-?\\d+") ? (Object) Long.parseLong(arg) : arg;
    }

    /** One statement (and its arguments) that changes an offer, a ticket or a points entry at random. */
    private String[] randomChange(Random random) {
        long v = volunteers.get(random.nextInt(VOLUNTEERS));
        long t = tickets.get(random.nextInt(tickets.size()));
        String ago = String.valueOf(random.nextInt(50 * 86_400));
        return switch (random.nextInt(9)) {
            case 0, 1 -> new String[]{"""
                    INSERT INTO offers (ticket_id, volunteer_id, status, expires_at, created_at)
                    VALUES ($1, $2, $3, studio_now(), studio_now() - make_interval(secs => $4))
                    ON CONFLICT (ticket_id, volunteer_id) DO UPDATE SET status = EXCLUDED.status, created_at = EXCLUDED.created_at""",
                    String.valueOf(t), String.valueOf(v), OFFER_STATUSES[random.nextInt(OFFER_STATUSES.length)], ago};
            case 2 -> new String[]{"UPDATE offers SET status = $2 WHERE id = (SELECT id FROM offers WHERE ticket_id = $1 ORDER BY id LIMIT 1)",
                    String.valueOf(t), OFFER_STATUSES[random.nextInt(OFFER_STATUSES.length)]};
            case 3 -> new String[]{"UPDATE tickets SET status = 'accepted', accepted_by = $2 WHERE id = $1", String.valueOf(t), String.valueOf(v)};
            case 4 -> new String[]{"UPDATE tickets SET status = 'done', accepted_by = coalesce(accepted_by, $2), "
                    + "done_at = studio_now() - make_interval(secs => $3) WHERE id = $1", String.valueOf(t), String.valueOf(v), ago};
            case 5 -> new String[]{"UPDATE tickets SET status = $2 WHERE id = $1", String.valueOf(t),
                    TICKET_STATUSES[random.nextInt(TICKET_STATUSES.length)]};
            case 6 -> new String[]{"UPDATE tickets SET status = 'open', accepted_by = NULL, done_at = NULL WHERE id = $1", String.valueOf(t)};
            case 7 -> new String[]{"""
                    INSERT INTO points_ledger (volunteer_id, ticket_id, points, kind, at)
                    VALUES ($1, NULL, $2, 'bonus', studio_now() - make_interval(secs => $3))""",
                    String.valueOf(v), String.valueOf(random.nextInt(21) - 5), ago};
            default -> random.nextBoolean()
                    ? new String[]{"DELETE FROM points_ledger WHERE id = (SELECT min(id) FROM points_ledger WHERE volunteer_id = $1)", String.valueOf(v)}
                    : new String[]{"UPDATE points_ledger SET points = points + 1, at = at - interval '20 days' "
                    + "WHERE id = (SELECT max(id) FROM points_ledger WHERE volunteer_id = $1)", String.valueOf(v)};
        };
    }

    /** The candidates' figures as routing reads them. */
    private Map<Long, Figures> fromCounters() {
        Map<Long, Figures> out = new HashMap<>();
        for (VolunteerCandidate vc : Gateway.await(Candidates.eligible(pool, probeTicket, "+8613900009999", Optional.empty()))) {
            Candidate c = vc.candidate();
            out.put(c.volunteerId(), new Figures(c.openTickets(), c.pointsThisMonth(), c.history().lastServedAt(),
                    c.history().lastOfferedAt(), c.history().doneLast30Days(), c.history().declinedLast30Days()));
        }
        return out;
    }

    /** The same figures from the rows, in the studio's days: this month, and today with the 29 days before. */
    private Map<Long, Figures> expected() {
        Instant now = one("SELECT studio_now()", Tuple.tuple()).getOffsetDateTime(0).toInstant();
        LocalDate today = LocalDate.ofInstant(now, STUDIO);
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate windowStart = today.minusDays(29);
        Map<Long, int[]> counts = new HashMap<>();
        Map<Long, Instant> served = new HashMap<>();
        Map<Long, Instant> offered = new HashMap<>();
        volunteers.forEach(v -> counts.put(v, new int[4]));
        for (Row r : Gateway.await(pool.query("SELECT accepted_by, status, done_at FROM tickets WHERE accepted_by IS NOT NULL").execute())) {
            int[] c = counts.get(r.getLong(0));
            if (r.getString(1).equals("accepted")) {
                c[0]++;
            }
            if (r.getString(1).equals("done") && r.getOffsetDateTime(2) != null) {
                Instant done = r.getOffsetDateTime(2).toInstant();
                served.merge(r.getLong(0), done, (a, b) -> a.isAfter(b) ? a : b);
                if (!day(done).isBefore(windowStart)) {
                    c[2]++;
                }
            }
        }
        for (Row r : Gateway.await(pool.query("SELECT volunteer_id, status, created_at FROM offers").execute())) {
            Instant at = r.getOffsetDateTime(2).toInstant();
            offered.merge(r.getLong(0), at, (a, b) -> a.isAfter(b) ? a : b);
            if ((r.getString(1).equals("declined") || r.getString(1).equals("expired")) && !day(at).isBefore(windowStart)) {
                counts.get(r.getLong(0))[3]++;
            }
        }
        for (Row r : Gateway.await(pool.query("SELECT volunteer_id, points, at FROM points_ledger").execute())) {
            if (!day(r.getOffsetDateTime(2).toInstant()).isBefore(monthStart)) {
                counts.get(r.getLong(0))[1] += r.getInteger(1);
            }
        }
        Map<Long, Figures> out = new HashMap<>();
        counts.forEach((v, c) -> out.put(v, new Figures(c[0], c[1], Optional.ofNullable(served.get(v)),
                Optional.ofNullable(offered.get(v)), c[2], c[3])));
        return out;
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, STUDIO);
    }

    private void sql(String statement) {
        Gateway.await(pool.query(statement).execute());
    }

    private Row one(String statement, Tuple args) {
        return Gateway.await(pool.preparedQuery(statement).execute(args)).iterator().next();
    }
}
