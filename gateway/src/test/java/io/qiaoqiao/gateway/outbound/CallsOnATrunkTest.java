package io.qiaoqiao.gateway.outbound;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Twenty residents are helped in the evening, so their rating calls all fall due in quiet hours,
 * and the calls go out over a trunk of four lines (FakeAmiServer: an answered call holds its line
 * until it hangs up). Before, the outbox claimed every due call at each poll: the twenty
 * confirmation calls went out at once, and every rating call rang at 07:00 sharp, so most found
 * the trunk full, were counted as unanswered and retried together. Now a node has at most
 * {@code outbound.max-concurrent-calls} calls ringing or talking, the morning's rating calls
 * are spread over {@code outbound.rating-spread}, and a call that still finds no line is tried
 * again without spending an attempt.
 */
class CallsOnATrunkTest {
    private static final int RESIDENTS = 20;
    private static final String[] VOLUNTEERS = {"+8613700000001", "+8613700000002", "+8613700000003", "+8613700000004"};

    @Test
    void twenty_rating_calls_due_at_once_on_a_four_line_trunk_never_need_a_fifth_line_and_all_are_answered() throws Exception {
        try (FakeAmiServer asterisk = new FakeAmiServer("qiaoqiao", "ami-secret");
             GatewayHarness h = GatewayHarness.startAt(LocalTime.of(20, 0),
                     "requests are offered at once in the evening, and their rating calls fall due in quiet hours",
                     Map.of("ami.enabled", "true", "ami.port", String.valueOf(asterisk.port()), "ami.secret", "ami-secret",
                             "ami.reconnect-min-ms", "50"))
                     .withRoster(roster())) {
            asterisk.trunk(4, Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(20)).until(() -> asterisk.goodLogins() >= 1);

            List<String> codes = new ArrayList<>();
            for (int i = 0; i < RESIDENTS; i++) {
                h.text(resident(i), "家里灯泡坏了，麻烦来换一个");
                codes.add(codeIn(h.awaitText(resident(i), 1)));
            }
            for (String code : codes) {
                await().atMost(Duration.ofSeconds(20)).until(() -> offeredTo(h, code) != null);
                h.text(offeredTo(h, code), "1 " + code);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> h.count(
                    "SELECT count(*) FROM outbox WHERE script = 'confirm' AND status = 'sent'") == RESIDENTS);

            h.advanceTo(LocalTime.of(20, 50));
            for (String code : codes) {
                h.text(acceptedBy(h, code), "D " + code);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> h.count("SELECT count(*) FROM outbox WHERE script = 'rating'") == RESIDENTS);

            h.advanceTo(LocalTime.of(6, 55));
            for (int minutes = 0; minutes <= 70; minutes += 5) {
                h.advance(Duration.ofMinutes(5));
                h.awaitNothingDue();
            }

            assertEquals(0, asterisk.congested(), "no call was placed while the four lines were taken");
            assertTrue(asterisk.mostLinesInUse() <= 4, "at most four lines at once: " + asterisk.mostLinesInUse());
            assertEquals(RESIDENTS, h.count("SELECT count(*) FROM outbox WHERE script = 'rating' AND status = 'sent'"
                    + " AND call_result = 'ANSWERED' AND attempts = 1"), "every rating call answered at its first attempt");
            assertEquals(0, h.count("SELECT count(*) FROM outbox WHERE purpose = 'rating_fallback'"), "no family texted instead");
            List<LocalTime> due = new ArrayList<>();
            for (Row r : h.sql("SELECT next_attempt_at FROM outbox WHERE script = 'rating' ORDER BY next_attempt_at")) {
                due.add(ZonedDateTime.ofInstant(r.getOffsetDateTime(0).toInstant(), StudioTime.STUDIO).toLocalTime());
            }
            assertTrue(due.getFirst().compareTo(LocalTime.of(7, 0)) >= 0 && due.getLast().isBefore(LocalTime.of(8, 0)),
                    "every rating call in the hour after quiet hours: " + due);
            assertTrue(Duration.between(due.getFirst(), due.getLast()).toMinutes() >= 30,
                    "spread over the hour, not one wave at 07:00: " + due);
            assertEquals(RESIDENTS, due.stream().distinct().count(), "no two rating calls due at the same instant: " + due);
        }
    }

    @Test
    void a_call_that_finds_no_free_line_is_tried_again_soon_without_spending_an_attempt() throws Exception {
        try (FakeAmiServer asterisk = new FakeAmiServer("qiaoqiao", "ami-secret");
             GatewayHarness h = daytime(asterisk)) {
            asterisk.phone("PJSIP/13900002000@trunk", FakeAmiServer.Phone.CONGESTION);
            await().atMost(Duration.ofSeconds(20)).until(() -> asterisk.goodLogins() >= 1);
            h.text(resident(0), "家里灯泡坏了，麻烦来换一个");
            String code = codeIn(h.awaitText(resident(0), 1));
            await().atMost(Duration.ofSeconds(20)).until(() -> offeredTo(h, code) != null);
            h.text(offeredTo(h, code), "1 " + code);
            await().atMost(Duration.ofSeconds(20)).until(() -> asterisk.actions("Originate").size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                    "SELECT count(*) FROM outbox WHERE script = 'confirm' AND status = 'pending' AND call_result = 'CONGESTION'") == 1);

            assertEquals(0, h.count("SELECT attempts FROM outbox WHERE script = 'confirm'"),
                    "congestion rang nobody: the attempt is given back");
            Duration wait = Duration.ofSeconds(h.count(
                    "SELECT extract(epoch FROM next_attempt_at - studio_now())::bigint FROM outbox WHERE script = 'confirm'"));
            assertTrue(wait.compareTo(Duration.ofMinutes(4)) <= 0, "tried again within outbound.no-line-retry, not the 10-minute retry: " + wait);
            assertEquals("given_back", h.sql("SELECT e.detail->>'next' FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id"
                    + " WHERE t.code = $1 AND e.type = 'call_outcome'", code).iterator().next().getString(0));

            asterisk.phone("PJSIP/13900002000@trunk", FakeAmiServer.Phone.ANSWERS);
            h.advance(Duration.ofMinutes(4));
            await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                    "SELECT count(*) FROM outbox WHERE script = 'confirm' AND status = 'sent' AND call_result = 'ANSWERED'") == 1);
            assertEquals(1, h.count("SELECT attempts FROM outbox WHERE script = 'confirm'"), "answered at its first real attempt");
        }
    }

    /**
     * A node that dies while its calls ring leaves their rows claimed ({@code sending}) until their
     * lease runs out; the other node takes them over. Before, a lapsed claim still counted as a
     * line in use, and taking over needs a free line: with four such rows on a four-line trunk no
     * node ever claimed a call again (in the fault suite, no call was placed after the database's
     * 60 s outage). A lapsed claim holds no line.
     */
    @Test
    void calls_whose_node_died_holding_every_line_are_taken_over_and_the_next_call_still_goes_out() throws Exception {
        try (FakeAmiServer asterisk = new FakeAmiServer("qiaoqiao", "ami-secret");
             GatewayHarness h = daytime(asterisk)) {
            asterisk.trunk(4, Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(20)).until(() -> asterisk.goodLogins() >= 1);
            String first = acceptedRequest(h, 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                    "SELECT count(*) FROM outbox WHERE script = 'confirm' AND status = 'sent'") == 1);
            // Four confirmation calls a node that died was placing: claimed, their lease run out a minute ago.
            h.sql("""
                    INSERT INTO outbox (channel, recipient, body, purpose, ticket_id, status, attempts, claimed_by, claimed_until, script)
                    SELECT channel, recipient, body, purpose, ticket_id, 'sending', 1, 'node-that-died', now() - interval '1 minute', script
                    FROM outbox, generate_series(1, 4) WHERE script = 'confirm'""");

            String second = acceptedRequest(h, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> h.count("""
                    SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id
                    WHERE t.code = $1 AND o.script = 'confirm' AND o.status = 'sent'""", second) == 1);
            assertEquals(0, h.count("SELECT count(*) FROM outbox WHERE claimed_by = 'node-that-died'"),
                    "the dead node's four calls were taken over: " + first);
            assertTrue(asterisk.mostLinesInUse() <= 4, "at most four lines at once: " + asterisk.mostLinesInUse());
        }
    }

    /** A gateway at 10:00 calling through {@code asterisk}, with the roster of this class. */
    private static GatewayHarness daytime(FakeAmiServer asterisk) throws Exception {
        return GatewayHarness.startAt(LocalTime.of(10, 0), "a request is offered at once in the daytime",
                        Map.of("ami.enabled", "true", "ami.port", String.valueOf(asterisk.port()), "ami.secret", "ami-secret",
                                "ami.reconnect-min-ms", "50"))
                .withRoster(roster());
    }

    /** Resident {@code i} asks for help and the volunteer offered it accepts by text; answers the ticket's code. */
    private static String acceptedRequest(GatewayHarness h, int i) {
        h.text(resident(i), "家里灯泡坏了，麻烦来换一个");
        String code = codeIn(h.awaitText(resident(i), 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> offeredTo(h, code) != null);
        h.text(offeredTo(h, code), "1 " + code);
        return code;
    }

    private static String resident(int i) {
        return String.format("+86139000020%02d", i);
    }

    private static Map<RosterKind, String> roster() {
        StringBuilder residents = new StringBuilder("phone,name,village,village_group,grid,lives_alone,notes\n");
        for (int i = 0; i < RESIDENTS; i++) {
            residents.append(resident(i)).append(",居民").append(i).append(",桥头村,一组,,是,\n");
        }
        StringBuilder volunteers = new StringBuilder("phone,name,group_code,skills,leader,active\n");
        for (int i = 0; i < VOLUNTEERS.length; i++) {
            volunteers.append(VOLUNTEERS[i]).append(",志愿者").append(i).append(",g1,,否,是\n");
        }
        return Map.of(RosterKind.GROUPS, "code,name,village,serves\ng1,桥头村一组志愿小组,桥头村,一组\n",
                RosterKind.VOLUNTEERS, volunteers.toString(), RosterKind.RESIDENTS, residents.toString());
    }

    /** The volunteer the ticket's pending offer went to. */
    private static String offeredTo(GatewayHarness h, String code) {
        var rows = h.sql("SELECT v.phone FROM offers o JOIN volunteers v ON v.id = o.volunteer_id JOIN tickets t ON t.id = o.ticket_id"
                + " WHERE t.code = $1 AND o.status = 'pending' ORDER BY o.id LIMIT 1", code);
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private static String acceptedBy(GatewayHarness h, String code) {
        return h.sql("SELECT v.phone FROM tickets t JOIN volunteers v ON v.id = t.accepted_by WHERE t.code = $1", code)
                .iterator().next().getString(0);
    }
}
