package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.outbound.FakeAmiServer;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A volunteer who chose to be rung for urgent offers (volunteers.csv column ring_urgent, or the
 * roster API's ringUrgent) gets a call with the text of every urgent offer, even at a step that
 * does not ring; one who did not gets the text alone; nobody is rung for a normal offer.
 */
class UrgentOfferRingTest {
    static final String RESIDENT = "+8613900001001";
    static final String RINGS = "+8613900003001";
    static final String TEXTS_ONLY = "+8613900003002";
    static final String LATER = "+8613900003003";
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

    private List<String> offerCalls() {
        return ami.actions("Originate").stream().filter(a -> a.get("Variable").contains("QQ_SCRIPT=offer"))
                .map(a -> FakeAmiServer.first(a, "Channel")).toList();
    }

    @Test
    void an_urgent_offer_rings_the_volunteers_who_chose_it_and_texts_the_others() throws Exception {
        ami = new FakeAmiServer("qiaoqiao", "ami-secret");
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a normal request is offered at once only outside quiet hours",
                Map.of("ami.enabled", "true", "ami.port", String.valueOf(ami.port()), "ami.secret", "ami-secret",
                        "api.tokens", "studio:roster.read+roster.write:studio-token"))
                .withRoster(Map.of(
                        RosterKind.GROUPS, "code,name,village,serves\ng1,桥头村一组志愿小组,桥头村,一组\n",
                        RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active,ring_urgent\n"
                                + RINGS + ",甲,g1,,否,是,是\n" + TEXTS_ONLY + ",乙,g1,,否,是,否\n",
                        RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n" + RESIDENT + ",王秀英,桥头村,一组,,是,\n"));
        // A file written before the column existed still imports, and leaves each choice as it was.
        h.withRoster(Map.of(RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + RINGS + ",甲,g1,,否,是\n"
                + LATER + ",丙,g1,,否,是\n"));
        assertEquals(List.of(true, false, false), h.sql("SELECT ring_urgent FROM volunteers ORDER BY phone").stream()
                .map(r -> r.getBoolean(0)).toList());
        ApiClient api = new ApiClient(h.gateway().httpPort(), "studio-token");
        long later = h.count("SELECT id FROM volunteers WHERE phone = $1", LATER);
        assertEquals(200, api.patch("/api/volunteers/" + later, "{\"ringUrgent\":true}").statusCode());
        String csv = api.get("/api/roster/volunteers.csv").body();
        assertTrue(csv.startsWith("phone,name,group_code,skills,leader,active,ring_urgent\r\n"), csv);
        assertTrue(csv.contains(TEXTS_ONLY + ",乙,g1,,no,yes,no\r\n") && csv.contains(LATER + ",丙,g1,,no,yes,yes\r\n"), csv);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ami.goodLogins() > 0);

        h.text(RESIDENT, "帮我交一下电费");
        String normal = codeIn(h.awaitText(RESIDENT, 1));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.count("SELECT count(*) FROM offers o JOIN tickets t"
                + " ON t.id = o.ticket_id WHERE t.code = $1", normal) == 1);
        h.awaitNothingDue();
        assertEquals(List.of(), offerCalls(), "a normal offer is texted only");

        h.text(RESIDENT, "我摔倒了，起不来");
        String urgent = codeIn(h.awaitText(RESIDENT, 2));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.smsc.textsTo(TEXTS_ONLY).stream().anyMatch(t -> t.contains(urgent)));
        h.awaitNothingDue();
        assertEquals(List.of("PJSIP/13900003001@trunk", "PJSIP/13900003003@trunk").stream().sorted().toList(),
                offerCalls().stream().sorted().toList(), "rung: the two who chose it; 乙 got the text alone");
        assertTrue(h.smsc.textsTo(RINGS).stream().anyMatch(t -> t.contains(urgent)), "the text goes out as well");
    }
}
