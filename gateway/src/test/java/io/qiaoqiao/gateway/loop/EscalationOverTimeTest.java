package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.outbound.FakeAmiServer;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every ticket has a clock: a township of 200 volunteers in 10 village groups, of whom nobody
 * answers, on a simulated studio clock. A normal request must reach the resident's own group
 * leaders within 30 minutes and the township centre within the bound the chain's budgets give;
 * an urgent one must ring a leader within 10 minutes. Every hand-over is an event and the
 * resident is told.
 */
class EscalationOverTimeTest {
    private static final String COMMITTEE = "+8613950000001";
    private static final String TOWNSHIP = "+8613950000002";
    private GatewayHarness h;
    private FakeAmiServer ami;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (ami != null) {
            ami.close();
        }
    }

    /** 清河村, village groups 1..10, one volunteer group of 20 each (2 leaders, 18 members), one resident each. */
    private static Map<RosterKind, String> township() {
        StringBuilder groups = new StringBuilder("code,name,village,serves\n");
        StringBuilder volunteers = new StringBuilder("phone,name,group_code,skills,leader,active\n");
        StringBuilder residents = new StringBuilder("phone,name,village,village_group,grid,lives_alone,notes\n");
        for (int g = 1; g <= 10; g++) {
            groups.append("qinghe-").append(g).append(",清河村").append(g).append("组志愿小组,清河村,").append(g).append("组\n");
            for (int v = 1; v <= 20; v++) {
                volunteers.append(volunteer(g, v)).append(",志愿者").append(g).append('-').append(v).append(",qinghe-").append(g)
                        .append(",,").append(v <= 2 ? "是" : "否").append(",是\n");
            }
            residents.append(resident(g)).append(",居民").append(g).append(",清河村,").append(g).append("组,清河-").append(g)
                    .append(",是,\n");
        }
        return Map.of(RosterKind.GROUPS, groups.toString(), RosterKind.VOLUNTEERS, volunteers.toString(),
                RosterKind.RESIDENTS, residents.toString());
    }

    private static String volunteer(int group, int n) {
        return String.format("+86139100%02d%03d", group, n);
    }

    private static String resident(int group) {
        return String.format("+86139200000%02d", group);
    }

    private void dutyPhones() {
        h.sql("INSERT INTO duty_phones (kind, village, name, phone) VALUES ('village-committee', '清河村', '清河村村委会', $1), "
                + "('township-centre', '', '清河镇综治中心', $2)", COMMITTEE, TOWNSHIP);
    }

    /** A ticket event with its studio time, minutes after the ticket was created. */
    private record Timed(double minutes, String type, JsonObject detail) {
    }

    private List<Timed> timeline(String code) {
        List<Timed> out = new ArrayList<>();
        for (Row r : h.sql("""
                SELECT extract(epoch FROM e.at - t.created_at) / 60 AS minutes, e.type, e.detail
                FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 ORDER BY e.id""", code)) {
            out.add(new Timed(r.getNumeric("minutes").doubleValue(), r.getString("type"), (JsonObject) r.getValue("detail")));
        }
        return out;
    }

    private Timed first(List<Timed> timeline, String type, String step) {
        return timeline.stream().filter(t -> t.type().equals(type) && step.equals(t.detail().getString("step"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " at " + step + " in " + timeline));
    }

    /** Which volunteers (by phone) were offered the ticket, in the order asked. */
    private List<String> offeredTo(String code) {
        List<String> out = new ArrayList<>();
        h.sql("SELECT v.phone FROM offers o JOIN volunteers v ON v.id = o.volunteer_id JOIN tickets t ON t.id = o.ticket_id "
                + "WHERE t.code = $1 ORDER BY o.id", code).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    private Set<String> phonesTexted() {
        Set<String> out = new TreeSet<>();
        h.smsc.submits().forEach(s -> out.add("+" + s.destination()));
        return out;
    }

    @Test
    void a_normal_request_nobody_takes_reaches_its_group_leaders_within_thirty_minutes_and_the_township_centre_in_time()
            throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a normal request is asked for at once only outside quiet hours",
                Map.of()).withRoster(township());
        dutyPhones();
        String asker = resident(3);
        h.text(asker, "帮我去镇上交一下电费");
        String code = codeIn(h.awaitText(asker, 1));

        h.letTimePass(Duration.ofDays(2), () -> h.eventTypes(code).contains("escalation_ended"));

        List<Timed> timeline = timeline(code);
        Timed neighbours = first(timeline, "routed", "neighbours");
        Timed leaders = first(timeline, "escalated", "village-leaders");
        Timed committee = first(timeline, "escalated", "village-committee");
        Timed township = first(timeline, "escalated", "township-centre");
        assertTrue(neighbours.minutes() < 0.1, "the neighbours are asked at once: " + neighbours);
        assertTrue(leaders.minutes() <= 30, "the group leaders within 30 minutes: " + leaders);
        // The bound the chain's budgets give: neighbours 20 min, (no liaison: skipped), leaders 60, committee 120. The
        // studio clock also runs on in real time while the gateway works: a minute is more than the test ever takes.
        assertTrue(township.minutes() <= 20 + 60 + 120 + 1, "the township centre within the chain's budgets: " + township);
        assertTrue(township.minutes() >= 20 + 60 + 120, "and not before the committee's budget ran out: " + township);
        assertEquals("escalation_step_skipped", timeline.stream().filter(t -> "liaison".equals(t.detail().getString("step")))
                .findFirst().orElseThrow().type(), "no liaison serves the group: the step is recorded and skipped");

        // Two neighbours of the resident's own group, one at a time, then its two leaders: nobody from another group.
        List<String> offered = offeredTo(code);
        assertEquals(List.of(volunteer(3, 3), volunteer(3, 4), volunteer(3, 1), volunteer(3, 2)), offered,
                "members of group 3 first (leaders are kept for escalations), then group 3's leaders");
        Set<String> texted = phonesTexted();
        for (int g = 1; g <= 10; g++) {
            for (int v = 1; v <= 20; v++) {
                String phone = volunteer(g, v);
                assertEquals(offered.contains(phone), texted.contains(phone), "only those asked hear of it: " + phone);
            }
        }

        List<String> toResident = h.smsc.textsTo(asker);
        assertEquals(List.of(
                "【桥桥】已收到您的求助，编号" + code + "。正在为您联系志愿者，请保持电话畅通。",
                "【桥桥】您的求助" + code + "已转交组长处理，请保持电话畅通。",
                "【桥桥】您的求助" + code + "已转交清河村村委会处理，请保持电话畅通。",
                "【桥桥】您的求助" + code + "已转交清河镇综治中心处理，请保持电话畅通。"), toResident,
                "the resident hears at every hand-over who has it now");
        assertEquals(List.of("【桥桥】求助" + code + "（代办）暂无志愿者接单，已转交清河村村委会：居民3，清河村3组，电话13920000003。"
                        + "“帮我去镇上交一下电费”。请尽快处理并回复居民，办结后回复“办结 " + code + "”。"),
                h.smsc.textsTo(COMMITTEE));
        assertEquals(1, h.smsc.textsTo(TOWNSHIP).size());
        assertEquals("escalated", h.ticketStatus(code));
    }

    @Test
    void an_urgent_request_rings_a_group_leader_within_ten_minutes() throws Exception {
        ami = new FakeAmiServer("qiaoqiao", "ami-secret");
        Map<String, String> calls = new HashMap<>(Map.of("ami.enabled", "true", "ami.port", String.valueOf(ami.port()),
                "ami.secret", "ami-secret", "ami.reconnect-min-ms", "100", "ami.reconnect-max-ms", "300"));
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the time is not what this test is about; the ringing is",
                calls).withRoster(township());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ami.goodLogins() > 0);
        dutyPhones();
        String asker = resident(7);
        h.text(asker, "老伴摔倒了，起不来，快来人");
        String code = codeIn(h.awaitText(asker, 1));
        Instant created = h.studioNow();

        h.letTimePass(Duration.ofMinutes(30), () -> h.eventTypes(code).contains("escalated")
                && !ami.actions("Originate").isEmpty());

        List<Timed> timeline = timeline(code);
        Timed leaders = first(timeline, "escalated", "village-leaders");
        assertTrue(leaders.minutes() <= 10, "an urgent request reaches the leaders within 10 minutes: " + leaders);
        List<String> offered = offeredTo(code);
        assertEquals(List.of(volunteer(7, 3), volunteer(7, 4), volunteer(7, 5)), offered.subList(0, 3),
                "three neighbours at once, the first to accept wins");
        assertTrue(offered.containsAll(List.of(volunteer(7, 1), volunteer(7, 2))), "and then the group's leaders: " + offered);
        List<String> rung = ami.actions("Originate").stream().map(a -> FakeAmiServer.first(a, "Channel")).toList();
        assertTrue(rung.contains("PJSIP/13910007001@trunk") && rung.contains("PJSIP/13910007002@trunk"),
                "the leaders' phones ring, not only a text: " + rung);
        assertTrue(Duration.between(created, h.studioNow()).toMinutes() <= 10,
                "by the studio clock the ring came within 10 minutes");
    }
}
