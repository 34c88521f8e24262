package io.qiaoqiao.gateway.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.reach.FakeTrunk.Resident;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.GatewayProcess;
import io.qiaoqiao.gateway.testing.StudioDatabase;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of broadcasts: a village of 300 residents in ten village groups, each
 * group served by a volunteer group with two leaders, on a trunk of four lines. Residents answer
 * and press 1, press nothing, hang up, are busy or never answer, some differently on each try.
 * The gateway placing the calls is killed with SIGKILL halfway, with calls on the line, and
 * another process takes over on the same database. Checked against what the trunk and the SMSC
 * saw, not the gateway's own records: never more than four calls at once; no resident missed;
 * none called twice for the same try; each one either pressed 1 on a call, or was called three
 * times and texted the notice; and each group's leaders got the names of exactly those of their
 * residents who were not reached.
 */
// Tagged slow: both processes pin the studio to 10:00, so the night-clock CI passes would run it unchanged.
@Tag("slow")
class BroadcastToAVillageTest {
    private static final int RESIDENTS = 300;
    private static final int GROUPS = 10;
    private static final String NOTICE = "明天上午九点在村委会发放防汛物资，请带身份证。";
    private static final String TITLE = "防汛物资发放";

    private SimulatedSmsc smsc;
    private FakeTrunk trunk;
    private Vertx vertx;
    private Pool pool;
    private StudioDatabase studio;
    private Map<String, String> settings;
    private final List<GatewayProcess> processes = new ArrayList<>();

    static String resident(int i) {
        return String.format("+86139510%05d", i);
    }

    static String name(int i) {
        return "居民" + i;
    }

    static int group(int i) {
        return (i - 1) / (RESIDENTS / GROUPS) + 1;
    }

    static String leader(int group, int n) {
        return String.format("+86139520%02d%03d", group, n);
    }

    /** What resident {@code i} does on try {@code attempt}; the last two kinds are never reached. */
    static Resident behaviour(int i, int attempt) {
        return switch (i % 10) {
            case 0 -> Resident.NO_ANSWER;
            case 1 -> Resident.PRESSES_NOTHING;
            case 2 -> attempt == 1 ? Resident.BUSY : Resident.PRESSES_1;
            case 3 -> attempt == 1 ? Resident.HANGS_UP : attempt == 2 ? Resident.NO_ANSWER : Resident.PRESSES_1;
            default -> Resident.PRESSES_1;
        };
    }

    private static Map<RosterKind, String> village() {
        StringBuilder groups = new StringBuilder("code,name,village,serves\n");
        StringBuilder volunteers = new StringBuilder("phone,name,group_code,skills,leader,active\n");
        StringBuilder residents = new StringBuilder("phone,name,village,village_group,grid,lives_alone,notes\n");
        for (int g = 1; g <= GROUPS; g++) {
            groups.append("qinghe-").append(g).append(",清河村").append(g).append("组志愿小组,清河村,").append(g).append("组\n");
            for (int n = 1; n <= 2; n++) {
                volunteers.append(leader(g, n)).append(",组长").append(g).append('-').append(n).append(",qinghe-").append(g).append(",,是,是\n");
            }
        }
        for (int i = 1; i <= RESIDENTS; i++) {
            residents.append(resident(i)).append(',').append(name(i)).append(",清河村,").append(group(i)).append("组,,是,\n");
        }
        return Map.of(RosterKind.GROUPS, groups.toString(), RosterKind.VOLUNTEERS, volunteers.toString(),
                RosterKind.RESIDENTS, residents.toString());
    }

    @BeforeEach
    void start() throws Exception {
        SpeechTools.requireOrSkip();
        smsc = new SimulatedSmsc(0, "qiaoqiao", GatewayHarness.SMSC_PASSWORD, "12345").start();
        PgConnectOptions db = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(db).using(vertx).build();
        studio = new StudioDatabase(pool);
        GatewayHarness.await(new RosterImporter(pool).importCsv(village()));
        trunk = new FakeTrunk(() -> -1);
        trunk.promptsTake(Duration.ofMillis(15));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 1; i <= RESIDENTS; i++) {
            index.put(resident(i), i);
        }
        trunk.residents((phone, attempt) -> behaviour(index.get(phone), attempt));
        Path notices = Files.createTempDirectory("notices");
        settings = new HashMap<>(Map.of(
                "db.url", TestPostgres.url(db),
                "smpp.port", String.valueOf(smsc.port()),
                "smpp.password", GatewayHarness.SMSC_PASSWORD,
                "smpp.reconnect-min-ms", "100",
                "outbox.poll-ms", "100",
                "outbox.lease-seconds", "3",
                "timers.poll-ms", "100",
                "ami.port", String.valueOf(trunk.amiPort()),
                "ami.secret", "ami-secret",
                "ami.reconnect-min-ms", "200"));
        // A short lease (calls and texts of a stopped node are taken over soon), which a live
        // node's claim outlasts only with a short wait for the SMSC's answer.
        settings.put("smpp.response-timeout-ms", "1000");
        settings.putAll(Map.of("outbound.max-concurrent-calls", "4", "broadcast.notice-dir", notices.toString(),
                "api.tokens", "studio:broadcasts.read+broadcasts.write:studio-token"));
        // Daytime in the studio for both processes: a normal broadcast calls outside quiet hours only.
        settings.putAll(StudioTime.pinnedAt(LocalTime.of(10, 0)));
    }

    @AfterEach
    void stop() throws Exception {
        for (GatewayProcess p : processes) {
            p.close();
        }
        if (trunk != null) {
            trunk.close();
        }
        if (smsc != null) {
            smsc.close();
        }
        if (pool != null) {
            pool.close();
            vertx.close();
        }
    }

    private GatewayProcess gateway(String name) throws Exception {
        int agi;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            agi = free.getLocalPort();
        }
        Map<String, String> own = new HashMap<>(settings);
        own.put("agi.port", String.valueOf(agi));
        GatewayProcess process = GatewayProcess.start(name, own);
        processes.add(process);
        process.awaitHealthy(Duration.ofSeconds(90));
        int port = agi;
        trunk.agiPort(() -> port);
        return process;
    }

    private static HttpResponse<String> http(GatewayProcess p, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
                .header("Authorization", "Bearer studio-token").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void three_hundred_residents_on_four_lines_each_hear_it_or_are_texted_through_a_kill_without_a_call_lost_or_doubled()
            throws Exception {
        GatewayProcess first = gateway("first");
        HttpResponse<String> created = http(first, "POST", "/api/broadcasts", "{\"title\":\"" + TITLE + "\",\"text\":\"" + NOTICE
                + "\",\"audience\":{\"villages\":[\"清河村\"]}}");
        assertEquals(201, created.statusCode(), created.body());
        long id = new JsonObject(created.body()).getLong("id");

        // Halfway through the first round, with calls on the line: SIGKILL.
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                .until(() -> trunk.calls().size() >= RESIDENTS / 2 && trunk.linesInUse() >= 2);
        first.kill();
        int beforeKill = trunk.calls().size();
        assertTrue(beforeKill < RESIDENTS, "killed before the first round was over: " + beforeKill);

        GatewayProcess second = gateway("second");
        studio.letTimePass(Duration.ofHours(3), () -> studio.count("SELECT count(*) FROM broadcasts WHERE status = 'done'") == 1);
        assertEquals(1, studio.count("SELECT count(*) FROM broadcasts WHERE status = 'done'"), "the second gateway finished it");

        assertEquals(4, trunk.mostLinesInUse(), "never more than the trunk's four lines at once, and all four used");
        assertTrue(studio.count("SELECT count(*) FROM outbox WHERE call_result = 'INTERRUPTED'") >= 1,
                "calls on the line when the first gateway died were ended, not placed again");

        Map<String, List<FakeTrunk.Call>> byPhone = trunk.calls().stream()
                .collect(Collectors.groupingBy(FakeTrunk.Call::phone, LinkedHashMap::new, Collectors.toList()));
        // The tries the gateway made of each resident, and how the interrupted ones ended: a try the dying
        // node had marked as dialled but whose Originate never reached the trunk is over all the same.
        Map<String, Map<Integer, String>> tries = new HashMap<>();
        GatewayHarness.await(pool.query("""
                SELECT r.phone, o.try_no, coalesce(o.call_result, '') FROM outbox o JOIN broadcast_recipients r ON r.id = o.reach_id
                WHERE o.reach_kind = 'broadcast'""").execute())
                .forEach(r -> tries.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getInteger(1), r.getString(2)));
        List<String> problems = new ArrayList<>();
        Map<Integer, List<String>> notReachedByGroup = new LinkedHashMap<>();
        for (int i = 1; i <= RESIDENTS; i++) {
            String phone = resident(i);
            List<Integer> attempts = byPhone.getOrDefault(phone, List.of()).stream().map(FakeTrunk.Call::attempt).toList();
            if (attempts.isEmpty()) {
                problems.add(phone + " was never called");
                continue;
            }
            if (new HashSet<>(attempts).size() != attempts.size()) {
                problems.add(phone + " was called twice for the same try: " + attempts);
            }
            Map<Integer, String> made = tries.getOrDefault(phone, Map.of());
            int triesMade = made.size();
            for (int n = 1; n <= triesMade; n++) {
                boolean rang = attempts.contains(n);
                if (!made.containsKey(n) || !rang && !"INTERRUPTED".equals(made.get(n))) {
                    problems.add(phone + " try " + n + " was never placed: the trunk saw " + attempts + ", the gateway made " + made);
                }
            }
            if (triesMade > 3 || !made.keySet().containsAll(attempts)) {
                problems.add(phone + " tries out of order or too many: trunk " + attempts + ", gateway " + made);
            }
            FakeTrunk.Call last = byPhone.get(phone).getLast();
            boolean pressed1 = behaviour(i, last.attempt()) == Resident.PRESSES_1
                    && trunk.commandsOf(last.callId()).contains("GET DATA \"qiaoqiao/broadcast-heard\" 5000 1");
            List<String> texts = smsc.textsTo(phone);
            if (pressed1) {
                if (!texts.isEmpty()) {
                    problems.add(phone + " heard it on try " + last.attempt() + " yet was texted: " + texts);
                }
            } else {
                if (triesMade != 3) {
                    problems.add(phone + " not reached after only " + triesMade + " tries: " + made);
                }
                if (!texts.equals(List.of("【桥桥】通知：" + NOTICE))) {
                    problems.add(phone + " not reached, and its texts are " + texts);
                }
                notReachedByGroup.computeIfAbsent(group(i), g -> new ArrayList<>()).add(name(i) + "（清河村" + group(i) + "组）");
            }
            if (i % 10 <= 1 && pressed1) {
                problems.add(phone + " never presses 1, yet is counted as having heard it");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(notReachedByGroup.values().stream().mapToInt(List::size).sum() >= 60, "at least the 60 who never press 1");

        for (int g = 1; g <= GROUPS; g++) {
            List<String> names = notReachedByGroup.getOrDefault(g, List.of());
            List<String> expectedTexts = new ArrayList<>();
            for (int from = 0; from < names.size(); from += 15) {
                List<String> part = names.subList(from, Math.min(names.size(), from + 15));
                expectedTexts.add("【桥桥】通知“" + TITLE + "”有" + part.size() + "位居民电话没有接通，已发短信，请上门告知：" + String.join("、", part));
            }
            for (int n = 1; n <= 2; n++) {
                String leader = leader(g, n);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> smsc.textsTo(leader).size() >= expectedTexts.size());
                assertEquals(expectedTexts, smsc.textsTo(leader), "group " + g + "'s leader " + n);
            }
        }

        JsonObject counts = new JsonObject(http(second, "GET", "/api/broadcasts/" + id, null).body()).getJsonObject("counts");
        int notReached = notReachedByGroup.values().stream().mapToInt(List::size).sum();
        assertEquals(new JsonObject().put("total", RESIDENTS).put("queued", 0).put("ringing", 0).put("heard", RESIDENTS - notReached)
                .put("notReached", notReached).put("texted", notReached).put("cancelled", 0), counts);
        Set<Long> callIds = trunk.calls().stream().map(FakeTrunk.Call::callId).collect(Collectors.toSet());
        assertEquals(trunk.calls().size(), callIds.size(), "every call placed for its own try");
    }
}
