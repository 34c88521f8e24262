package io.qiaoqiao.gateway.ops;

import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.ops.OpsFiles.Metric;
import io.qiaoqiao.gateway.outbound.FakeAmiServer;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Starts a gateway, drives tickets through every turn of the loop (accept, done, decline,
 * expiry, escalation, reopen, close, rating, a refused API call, hotline calls over FastAGI and a
 * confirmation call over AMI), scrapes {@code /metrics}, and
 * checks that every metric of {@code ops/metrics.md} is exported with exactly its documented
 * labels. Voice metrics are required only when the voice package is on the class path.
 */
class MetricsCatalogTest {
    static final String VOLUNTEER = "+8613700000001";
    static final String CALLER = "+8613655556666";
    static final String[] RESIDENTS = {"+8613600000001", "+8613600000002", "+8613600000003"};
    static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\ndong-1,东村一组志愿小组,东村,一组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + VOLUNTEER + ",赵一,dong-1,,是,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n"
                    + RESIDENTS[0] + ",钱大妈,东村,一组,,是,\n" + RESIDENTS[1] + ",孙大爷,东村,一组,,否,\n"
                    + RESIDENTS[2] + ",李奶奶,东村,一组,,是,\n");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? ");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @Test
    void a_running_gateway_exports_every_catalog_metric_with_its_documented_labels() throws Exception {
        try (FakeAmiServer ami = new FakeAmiServer("qiaoqiao", "ami-secret");
             GatewayHarness h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the metrics of an offer and its answer need a request offered at once: outside quiet hours", Map.of("api.tokens", "ops:*:ops-token",
                     "plugin.triage.neighbours.urgent.offer-timeout", "PT2S", "ami.enabled", "true", "ami.port", String.valueOf(ami.port()),
                     "ami.secret", "ami-secret", "quiet-hours.start", "00:00", "quiet-hours.end", "00:00"))
                     .withRoster(ROSTER)) {
            ApiClient api = new ApiClient(h.gateway().httpPort(), "ops-token");
            String done = requestAndAnswer(h, 0, "我家电视遥控器坏了", "1 ", 2);
            h.text(VOLUNTEER, "D " + done);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.ticketStatus(done).equals("done"));
            String declined = requestAndAnswer(h, 1, "灯泡坏了，帮忙换一个", "2 ", 1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.ticketStatus(declined).equals("escalated"));
            h.text(RESIDENTS[2], "我摔倒了，起不来");
            String expired = codeIn(h.awaitText(RESIDENTS[2], 1));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> h.ticketStatus(expired).equals("escalated"));

            assertEquals(200, api.post("/api/tickets/" + done + "/rating", "{\"done\":true,\"satisfaction\":4}").statusCode());
            assertEquals(200, api.post("/api/tickets/" + done + "/reopen", "{\"reason\":\"电视还是不行\"}").statusCode());
            assertEquals(200, api.post("/api/tickets/" + declined + "/close", "{\"reason\":\"居民自己修好了\"}").statusCode());
            assertEquals(401, api.as(null).get("/api/tickets").statusCode());
            call(h, new FakeAsteriskAgiClient("hotline", CALLER, "1795368349.1").press('1'));
            call(h, new FakeAsteriskAgiClient("hotline", CALLER, "1795368349.2").pressNothing().speakThenHash(48000));
            call(h, new FakeAsteriskAgiClient("hotline", CALLER, "1795368349.3").hangUpAt("STREAM FILE"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !ami.actions("Originate").isEmpty());
            GatewayHarness.await(h.gateway().refreshStatistics());

            Map<String, Set<Set<String>>> exported = labelSets(api.get("/metrics").body());
            boolean voicePresent = classExists("io.qiaoqiao.gateway.voice.VoiceMetrics");
            List<String> problems = new ArrayList<>();
            for (Metric metric : OpsFiles.catalog()) {
                if (metric.voice() && !voicePresent) {
                    continue;
                }
                String series = metric.type().startsWith("histogram") ? metric.name() + "_count"
                        : metric.type().startsWith("summary") ? metric.name() + "_count" : metric.name();
                Set<Set<String>> found = exported.get(series);
                if (found == null) {
                    problems.add(metric.name() + ": not exported");
                } else if (!found.contains(metric.labels()) || found.size() != 1) {
                    problems.add(metric.name() + ": labels " + found + ", catalog says " + metric.labels());
                }
            }
            assertTrue(problems.isEmpty(), "catalog and /metrics disagree:\n" + String.join("\n", problems));
            assertTrue(exported.containsKey("qiaoqiao_ticket_accept_seconds_bucket"), "accept time is a histogram");
        }
    }

    @Test
    void every_qiaoqiao_metric_the_gateway_exports_is_in_the_catalog() throws Exception {
        try (GatewayHarness h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the metrics of an offer and its answer need a request offered at once: outside quiet hours", Map.of()).withRoster(ROSTER)) {
            requestAndAnswer(h, 0, "我家电视遥控器坏了", "1 ", 2);
            Set<String> documented = OpsFiles.catalogSeries();
            Set<String> undocumented = new TreeSet<>();
            for (String name : labelSets(h.gateway().registry().scrape()).keySet()) {
                if (name.startsWith("qiaoqiao_") && !documented.contains(name)) {
                    undocumented.add(name);
                }
            }
            assertEquals(Set.of(), undocumented, "add these to ops/metrics.md");
        }
    }

    private static void call(GatewayHarness h, FakeAsteriskAgiClient client) throws Exception {
        client.dial(h.gateway().agiPort()).get(30, TimeUnit.SECONDS);
    }

    /** A resident texts; the volunteer gets the offer and replies {@code reply + code}; returns the code. */
    static String requestAndAnswer(GatewayHarness h, int resident, String text, String reply, int volunteerTexts) {
        int before = h.smsc.textsTo(VOLUNTEER).size();
        h.text(RESIDENTS[resident], text);
        String code = codeIn(h.awaitText(RESIDENTS[resident], 1));
        h.awaitTexts(VOLUNTEER, before + 1);
        h.text(VOLUNTEER, reply + code);
        h.awaitTexts(VOLUNTEER, before + volunteerTexts);
        return code;
    }

    /** Series name → the label-name sets it is exported with ({@code le} and {@code quantile} left out). */
    static Map<String, Set<Set<String>>> labelSets(String scrape) {
        Map<String, Set<Set<String>>> out = new HashMap<>();
        for (String line : scrape.lines().toList()) {
            Matcher m = SERIES.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Set<String> labels = new LinkedHashSet<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    if (!l.group(1).equals("le") && !l.group(1).equals("quantile")) {
                        labels.add(l.group(1));
                    }
                }
            }
            out.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(labels);
        }
        return out;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
