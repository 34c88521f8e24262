package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_C;
import static io.qiaoqiao.gateway.loop.SmallRoster.LEADER_D;
import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accepted work has a clock: a repair is due three days after the accept (tickets.due.repair.normal),
 * the volunteer is reminded two hours before (tickets.remind-before), and at the deadline it
 * climbs one step and the resident is told. A volunteer who texts nothing for a day
 * (tickets.silent-after.normal) is asked how it goes; four hours more of silence
 * (tickets.chase-wait.normal) and it climbs the same way.
 */
class DeadlineClimbTest {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_CLOCK = DateTimeFormatter.ofPattern("M月d日HH:mm");
    // The studio clock runs on in real time too while the gateway works: a minute is more than a test takes.
    private static final Duration SLACK = Duration.ofMinutes(1);
    private GatewayHarness h;
    private String code;

    @BeforeEach
    void aVolunteerAcceptsARepair() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the request is offered at once only outside quiet hours", Map.of())
                .withRoster(SmallRoster.CSV);
        h.text(RESIDENT, "家里的灯泡坏了");
        code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitText(MEMBER_A, 1);
        h.text(MEMBER_A, "1 " + code);
        h.awaitText(MEMBER_A, 2);
        h.awaitText(RESIDENT, 2);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** When the ticket's events of this type happened, on the studio clock. */
    private List<Instant> when(String type) {
        return h.sql("SELECT e.at FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 AND e.type = $2 ORDER BY e.id",
                code, type).stream().map(r -> r.getOffsetDateTime(0).toInstant()).toList();
    }

    private JsonObject detail(String type) {
        return (JsonObject) h.sql("SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 "
                + "AND e.type = $2 ORDER BY e.id LIMIT 1", code, type).iterator().next().getValue(0);
    }

    private static void assertAbout(Instant expected, Instant actual, String what) {
        assertTrue(!actual.isBefore(expected) && actual.isBefore(expected.plus(SLACK)), what + ": expected " + expected + ", was " + actual);
    }

    private String leaders(String history) {
        return "【桥桥】求助" + code + "（维修）" + history + "请组长协调：王秀英，桥头村一组，电话13900001001。“家里的灯泡坏了”。接单回复1 " + code + "。";
    }

    @Test
    void work_not_done_by_its_due_time_climbs_one_step_after_a_reminder_and_the_resident_is_told() {
        Row accepted = h.sql("SELECT accepted_at, due_at FROM tickets WHERE code = $1", code).iterator().next();
        Instant acceptedAt = accepted.getOffsetDateTime(0).toInstant();
        Instant due = accepted.getOffsetDateTime(1).toInstant();
        assertEquals(Duration.ofDays(3), Duration.between(acceptedAt, due), "a repair is due three days after the accept");

        // A day of silence: the volunteer is asked, and answers that it is in hand (a sign of life).
        h.letTimePass(Duration.ofDays(2), () -> !when("chased").isEmpty());
        assertEquals("【桥桥】求助" + code + "进展如何？办完回复D " + code + "；还在办回复“在办 " + code + "”；需要转交回复“转 " + code
                + " 原因”。", h.awaitText(MEMBER_A, 3));
        h.text(MEMBER_A, "在办 " + code);
        assertEquals("【桥桥】好的，求助" + code + "请于" + DAY_AND_CLOCK.format(due.atZone(StudioTime.STUDIO)) + "前办结。",
                h.awaitText(MEMBER_A, 4));

        h.letTimePass(Duration.ofDays(3), () -> !when("handed_up").isEmpty() && h.smsc.textsTo(LEADER_D).size() == 1);

        // Two hours before: the reminder, on the day itself, so the clock time alone.
        assertEquals("【桥桥】请于" + CLOCK.format(due.atZone(StudioTime.STUDIO)) + "前办结求助" + code + "。办完回复D " + code
                + "；需要转交回复“转 " + code + " 原因”。", h.awaitText(MEMBER_A, 5));
        assertAbout(due.minus(Duration.ofHours(2)), when("reminded").getFirst(), "reminded two hours before the deadline");
        assertEquals(List.of(), when("handed_up").stream().filter(at -> at.isBefore(due)).toList(),
                "the answer to the chase kept it with the volunteer until the deadline");
        assertAbout(due, when("handed_up").getFirst(), "handed up at the deadline");
        assertEquals("deadline", detail("handed_up").getString("why"));
        assertEquals("deadline", detail("escalated").getString("why"));
        assertEquals("village-leaders", detail("escalated").getString("step"), "one step up: the liaison step has nobody and is skipped");

        assertEquals("【桥桥】求助" + code + "已转交组长处理，您不用再办了，谢谢。", h.awaitText(MEMBER_A, 6),
                "the volunteer hears who has it now");
        assertEquals(6, h.smsc.textsTo(MEMBER_A).size());
        assertEquals(leaders("原接单志愿者未按期办结，"), h.awaitText(LEADER_C, 1));
        assertEquals(leaders("原接单志愿者未按期办结，"), h.awaitText(LEADER_D, 1));
        assertEquals("【桥桥】您的求助" + code + "已转交组长处理，请保持电话畅通。", h.awaitText(RESIDENT, 3), "the resident is told");
        assertEquals("escalated", h.ticketStatus(code));
        assertEquals(0, h.count("SELECT count(*) FROM tickets WHERE code = $1 AND (accepted_by IS NOT NULL OR due_at IS NOT NULL)", code));
    }

    @Test
    void a_volunteer_silent_after_accepting_is_chased_and_the_ticket_climbs_when_the_chase_goes_unanswered() {
        Instant acceptedAt = h.sql("SELECT accepted_at FROM tickets WHERE code = $1", code).iterator().next().getOffsetDateTime(0).toInstant();

        h.letTimePass(Duration.ofDays(2), () -> !when("handed_up").isEmpty() && h.smsc.textsTo(LEADER_D).size() == 1);

        assertAbout(acceptedAt.plus(Duration.ofDays(1)), when("chased").getFirst(), "chased a day after the accept");
        assertAbout(acceptedAt.plus(Duration.ofDays(1)).plus(Duration.ofHours(4)), when("handed_up").getFirst(),
                "handed up four hours after the unanswered chase");
        assertEquals("silent", detail("handed_up").getString("why"));
        assertEquals(List.of(
                "【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组，电话13900001001。“家里的灯泡坏了”。接单回复1 " + code + "，不接回复2 " + code + "。",
                "【桥桥】您已接单" + code + "，请尽快联系求助人。办完回复D " + code + "。",
                "【桥桥】求助" + code + "进展如何？办完回复D " + code + "；还在办回复“在办 " + code + "”；需要转交回复“转 " + code + " 原因”。",
                "【桥桥】求助" + code + "已转交组长处理，您不用再办了，谢谢。"), h.smsc.textsTo(MEMBER_A));
        assertEquals(leaders("原接单志愿者联系不上，"), h.awaitText(LEADER_C, 1));
        assertEquals("【桥桥】您的求助" + code + "已转交组长处理，请保持电话畅通。", h.awaitText(RESIDENT, 3));
        assertEquals("escalated", h.ticketStatus(code));
    }
}
