package io.qiaoqiao.gateway.loop;

import static io.qiaoqiao.gateway.loop.SmallRoster.MEMBER_A;
import static io.qiaoqiao.gateway.loop.SmallRoster.RESIDENT;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.plugins.PluginJarBuilder;
import io.qiaoqiao.gateway.plugins.PluginRegistry;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing fails closed: a studio's plugin whose filter throws, or answers too slowly, holds the
 * ticket instead of letting the other rules offer it (a broken night-duty rule must not send an
 * offer at night); nobody is texted; after {@code routing.retry-after} (one minute by default) the
 * ticket is routed again, and once the plugin is fixed and reloaded it is offered.
 */
class FailClosedRoutingTest {
    @TempDir
    Path plugins;
    private GatewayHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** A plugin {@code id} whose one rule filters with {@code admitsBody}. */
    private Path plugin(String jar, String pkg, String id, String admitsBody) throws Exception {
        return new PluginJarBuilder().source(PluginJarBuilder.plugin(pkg, id, "SPI_VERSION",
                "@Override public boolean admits(RoutingSnapshot s, Candidate c) { " + admitsBody + " }"))
                .service(pkg + ".TestPlugin").writeTo(plugins.resolve(jar));
    }

    private GatewayHarness gateway(Map<String, String> settings) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("plugins.dir", plugins.toString());
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "outside quiet hours a normal request would be offered at once", all)
                .withRoster(SmallRoster.CSV);
        return h;
    }

    private List<JsonObject> held(String code) {
        return h.sql("SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 AND e.type = 'held' "
                + "ORDER BY e.id", code).stream().map(r -> (JsonObject) r.getValue(0)).toList();
    }

    private List<Instant> at(String code, String type) {
        return h.sql("SELECT e.at FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 AND e.type = $2 ORDER BY e.id",
                code, type).stream().map(r -> r.getOffsetDateTime(0).toInstant()).toList();
    }

    private Set<String> phonesTexted() {
        Set<String> out = new TreeSet<>();
        h.smsc.submits().forEach(s -> out.add("+" + s.destination()));
        return out;
    }

    @Test
    void a_filter_that_throws_holds_the_ticket_until_a_fixed_plugin_is_reloaded_and_the_retry_routes_it() throws Exception {
        Path buggy = plugin("buggy.jar", "org.studio.buggy", "night-duty", "throw new IllegalStateException(\"off by one\");");
        gateway(Map.of());
        h.text(RESIDENT, "家里的灯泡坏了");
        String code = codeIn(h.awaitText(RESIDENT, 1));
        h.awaitNothingDue();

        assertEquals("held", h.ticketStatus(code));
        JsonObject why = held(code).getFirst();
        assertTrue(why.getBoolean("failedRules"), why.encode());
        assertEquals(new JsonArray().add("night-duty"), why.getJsonArray("by"));
        assertEquals(Set.of(RESIDENT), phonesTexted(), "nobody is offered it, and the resident hears nothing more than the receipt");
        assertEquals(0, h.count("SELECT count(*) FROM offers"));

        // The studio replaces the plugin with a fixed one (another file name: a jar once opened may be cached).
        Files.delete(buggy);
        plugin("fixed.jar", "org.studio.fixed", "night-duty", "return true;");
        PluginRegistry.Reload reload = h.gateway().plugins().reload();
        assertTrue(reload.applied(), reload.message());

        h.letTimePass(Duration.ofMinutes(10), () -> !h.smsc.textsTo(MEMBER_A).isEmpty());
        assertEquals("【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组，电话13900001001。“家里的灯泡坏了”。接单回复1 " + code + "，不接回复2 "
                + code + "。", h.awaitText(MEMBER_A, 1));
        assertEquals(List.of("created", "held", "released", "routed", "offered"), h.eventTypes(code));
        Duration retriedAfter = Duration.between(at(code, "held").getFirst(), at(code, "released").getFirst());
        assertTrue(retriedAfter.compareTo(Duration.ofMinutes(1)) >= 0 && retriedAfter.compareTo(Duration.ofMinutes(2)) < 0,
                "routed again after routing.retry-after: " + retriedAfter);
        assertEquals(List.of("【桥桥】已收到您的求助，编号" + code + "。正在为您联系志愿者，请保持电话畅通。"), h.smsc.textsTo(RESIDENT));
    }

    @Test
    void a_filter_slower_than_its_budget_holds_the_ticket_and_every_retry_holds_it_again() throws Exception {
        plugin("slow.jar", "org.studio.slow", "slow-duty", "try { Thread.sleep(2000); } catch (InterruptedException e) { } return true;");
        gateway(Map.of("plugins.rule-budget-ms", "200", "routing.retry-after", "PT2M"));
        h.text(RESIDENT, "家里的灯泡坏了");
        String code = codeIn(h.awaitText(RESIDENT, 1));

        h.letTimePass(Duration.ofMinutes(5), () -> held(code).size() >= 3);

        List<JsonObject> holds = held(code);
        assertTrue(holds.size() >= 3, "held, and held again at each retry: " + h.eventTypes(code));
        holds.forEach(why -> assertEquals(new JsonArray().add("slow-duty"), why.getJsonArray("by"), why.encode()));
        List<Instant> times = at(code, "held");
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            assertTrue(gap.compareTo(Duration.ofMinutes(2)) >= 0, "retried after routing.retry-after (PT2M), not sooner: " + gap);
        }
        assertEquals("held", h.ticketStatus(code));
        assertEquals(Set.of(RESIDENT), phonesTexted());
        assertEquals(0, h.count("SELECT count(*) FROM offers"));
    }
}
