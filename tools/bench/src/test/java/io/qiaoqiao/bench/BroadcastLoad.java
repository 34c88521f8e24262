package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.reach.FakeTrunk.Resident;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The fault suite's outbound calls: every few seconds the studio broadcasts a notice by phone to
 * the next few residents of the roster, through {@code POST /api/broadcasts} on a node that is
 * up, and both nodes place the calls through one simulated Asterisk ({@link FakeTrunk}: its AMI,
 * and the FastAGI session of each answered call, opened on a node that is up). Most residents
 * press 1; some are busy or press nothing at the first try and press 1 at the next; a tenth never
 * answer, so they are called {@code broadcast.tries} times and texted the notice.
 *
 * <p>What the trunk saw is checked against what the gateway's rows allow ({@link #check}): each
 * Originate names its try ({@code QQ_CALL}, {@code QQ_ATTEMPT}; a ticket's call its code, script,
 * phone and attempt), and a try is placed at most once.
 */
final class BroadcastLoad {
    static final String TOKEN = "fault-suite-token";
    /** The node settings the load needs, besides the AMI port. */
    static final Map<String, String> NODE_SETTINGS = Map.of(
            "ami.enabled", "true", "ami.secret", "ami-secret", "ami.reconnect-min-ms", "200", "ami.reconnect-max-ms", "2000",
            "outbound.max-concurrent-calls", "4", "broadcast.tries", "3",
            // Retries within the run: a resident who did not press 1 is called again a little later.
            "broadcast.retry-interval", "PT15S",
            "api.tokens", "faults:broadcasts.read+broadcasts.write:" + TOKEN);
    private static final int RESIDENTS_PER_BROADCAST = 8;
    private static final String NOTICE = "明天上午九点在村委会发放防汛物资，请带身份证。";
    /** The results of a try the gateway placed without learning what became of it. */
    private static final Set<String> OUTCOME_UNKNOWN = Set.of("INTERRUPTED", "UNKNOWN");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What the trunk saw, each figure with the moment it is counted at (nanoTime), for the table's rows. */
    record Checked(List<Long> placed, List<Long> twiceByLiveNode, List<Long> twiceAfterNodeDied, List<Long> missed,
                   List<Long> held, List<String> notes) {
    }

    private final IntakeRig rig;
    private final FakeTrunk trunk;
    private final int[] agiPorts;
    private final Duration every;
    private final List<Long> residentIds = new ArrayList<>();
    /** Each roster phone's place in the roster: what the resident does when the phone rings. */
    private final Map<String, Integer> phoneIndex = new HashMap<>();
    private final Map<Long, Long> createdAt = new ConcurrentHashMap<>(); // broadcast id -> nanoTime
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final AtomicInteger agiTurn = new AtomicInteger();
    private volatile boolean channelsHangUp;
    private volatile boolean running = true;
    private long recordingId;
    private Thread loop;

    /** @param agiPorts each node's FastAGI port, in the rig's order */
    BroadcastLoad(IntakeRig rig, FakeTrunk trunk, int[] agiPorts, Duration every) {
        this.rig = rig;
        this.trunk = trunk;
        this.agiPorts = agiPorts;
        this.every = every;
        for (int i = 0; i < rig.residents().size(); i++) {
            phoneIndex.put(rig.residents().get(i), i);
        }
        trunk.agiPort(this::liveAgiPort);
        trunk.promptsTake(Duration.ofMillis(100));
        trunk.residents(this::behaviour);
    }

    /** The node settings for a load on {@code trunk}, the notices' sound in {@code noticeDir}. */
    static Map<String, String> nodeSettings(FakeTrunk trunk, Path noticeDir) {
        Map<String, String> settings = new HashMap<>(NODE_SETTINGS);
        settings.put("ami.port", String.valueOf(trunk.amiPort()));
        settings.put("broadcast.notice-dir", noticeDir.toString());
        return settings;
    }

    /**
     * Starts broadcasting. The notice's sound is a recording the studio uploaded before the run:
     * its row is written here, not converted by sox on the nodes, so the suite needs no speech
     * tools and the two cores stay with the nodes (the scripts only name the file to Asterisk).
     */
    void start(Path noticeDir) throws IOException {
        Path sound = Files.write(noticeDir.resolve("fault-suite-notice.wav"), new byte[44]);
        recordingId = Gateway.await(rig.pool().preparedQuery("""
                INSERT INTO broadcast_audio (kind, path, seconds, created_by) VALUES ('recording', $1, 4.0, 'fault-suite') RETURNING id""")
                .execute(Tuple.of(sound.toString()))).iterator().next().getLong(0);
        for (Row r : Gateway.await(rig.pool().query("SELECT id FROM residents ORDER BY id").execute())) {
            residentIds.add(r.getLong("id"));
        }
        loop = Thread.ofVirtual().name("fault-suite-broadcasts").start(this::broadcastEvery);
    }

    /** While on, every answered call's channel is gone at once: Asterisk answers the script with HANGUP, then 511. */
    void channelsHangUp(boolean on) {
        channelsHangUp = on;
    }

    /** Outbound calls the trunk was asked for so far. */
    int placed() {
        return trunk.calls().size();
    }

    /** Stops broadcasting and waits until every broadcast made is done (or the time is up). */
    void finish(Duration timeout) throws InterruptedException {
        running = false;
        if (loop == null) {
            return; // never started
        }
        loop.join();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until && rig.count("SELECT count(*) FROM broadcasts WHERE status <> 'done'") > 0) {
            Thread.sleep(500);
        }
    }

    private void broadcastEvery() {
        int next = 0;
        for (int n = 1; running; n++) {
            JsonArray ids = new JsonArray();
            for (int i = 0; i < RESIDENTS_PER_BROADCAST; i++, next++) {
                ids.add(residentIds.get(next % residentIds.size()));
            }
            post(n, ids);
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Makes broadcast {@code n} on the first node that answers, as a studio whose node is down tries the other. */
    private void post(int n, JsonArray residentIds) {
        String body = new JsonObject().put("title", "防汛物资发放 " + n).put("text", NOTICE)
                .put("audience", new JsonObject().put("residentIds", residentIds)).put("recordingId", recordingId).encode();
        for (NodeProcess node : rig.nodes()) {
            if (!node.alive()) {
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/broadcasts"))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> created = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() == 201) {
                    createdAt.put(new JsonObject(created.body()).getLong("id"), System.nanoTime());
                    return;
                }
                refused.add("broadcast " + n + ": " + created.statusCode() + " " + created.body());
            } catch (IOException e) {
                // the node died or its database is away: the studio tries the other node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Where Asterisk opens an answered call's FastAGI session: the nodes in turn, one that is down skipped. */
    private int liveAgiPort() {
        List<NodeProcess> nodes = rig.nodes();
        int first = Math.floorMod(agiTurn.getAndIncrement(), nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            int node = (first + i) % nodes.size();
            if (nodes.get(node).alive()) {
                return agiPorts[node];
            }
        }
        return agiPorts[first];
    }

    private Resident behaviour(String phone, int attempt) {
        if (channelsHangUp) {
            return Resident.HANGS_UP;
        }
        Integer index = phoneIndex.get(phone);
        int kind = index == null ? 3 : index % 10;
        return switch (kind) {
            case 0 -> Resident.NO_ANSWER;
            case 1 -> attempt == 1 ? Resident.BUSY : Resident.PRESSES_1;
            case 2 -> attempt == 1 ? Resident.PRESSES_NOTHING : Resident.PRESSES_1;
            default -> Resident.PRESSES_1;
        };
    }

    /**
     * Against the trunk's Originates ({@code kills}: when a node was SIGKILLed): each try placed
     * more than once, by a live node or across a kill; and each resident the product's rules left
     * uncalled: a resident still queued at the end, a try still open or recorded with
     * an outcome Asterisk could not have given (it never saw its Originate), one not reached after
     * fewer than every try, or not texted the notice. A try whose outcome the gateway could not know
     * (interrupted by a kill, or its Originate written into a manager link Asterisk had just closed)
     * may never have rung: it counts as spent, and the resident's next try calls them. A resident
     * whose answered call's script was cut (its node killed, or not yet listening after a restart)
     * is held, not missed: the gateway waits for that script's report until the dialplan's
     * ten-minute limit, then calls again.
     */
    Checked check(List<Long> kills) {
        List<FakeTrunk.Call> calls = trunk.calls();
        List<Long> placed = calls.stream().map(FakeTrunk.Call::at).toList();
        List<Long> live = new ArrayList<>();
        List<Long> died = new ArrayList<>();
        List<String> notes = new ArrayList<>(refused);
        Map<String, List<Long>> byTry = calls.stream().collect(Collectors.groupingBy(BroadcastLoad::sameTry,
                Collectors.mapping(FakeTrunk.Call::at, Collectors.toList())));
        byTry.forEach((key, times) -> {
            List<Long> sorted = times.stream().sorted().toList();
            boolean killedBetween = kills.stream().anyMatch(k -> k >= sorted.getFirst() && k <= sorted.getLast());
            for (int extra = 1; extra < sorted.size(); extra++) {
                (killedBetween ? died : live).add(sorted.getFirst());
            }
            if (sorted.size() > 1) {
                notes.add(key + " placed " + sorted.size() + " times" + (killedBetween ? " (a node killed in between)" : ""));
            }
        });
        Set<Long> rang = calls.stream().map(FakeTrunk.Call::callId).collect(Collectors.toSet());
        List<Long> missed = new ArrayList<>();
        List<Long> held = new ArrayList<>();
        Set<Long> counted = new java.util.HashSet<>(); // a resident counts once, however many of their tries tell
        for (Row r : Gateway.await(rig.pool().query("""
                SELECT b.id AS broadcast, b.status AS broadcast_status, b.max_tries, r.id AS recipient, r.phone, r.status, r.tries,
                       r.texted_at IS NOT NULL AS texted, o.id AS try_id, o.try_no, o.status AS try_status, o.call_result
                FROM broadcasts b JOIN broadcast_recipients r ON r.broadcast_id = b.id
                LEFT JOIN outbox o ON o.reach_kind = 'broadcast' AND o.reach_id = r.id
                ORDER BY r.id, o.try_no""").execute())) {
            if (scriptCut(r) && counted.add(r.getLong("recipient"))) {
                held.add(createdAt.getOrDefault(r.getLong("broadcast"), 0L));
                notes.add("broadcast " + r.getLong("broadcast") + ", " + r.getString("phone") + ": try " + r.getInteger("try_no")
                        + " answered, its script cut before it reported: held until the dialplan's limit");
                continue;
            }
            String why = missedBecause(r, rang);
            if (why != null && counted.add(r.getLong("recipient"))) {
                missed.add(createdAt.getOrDefault(r.getLong("broadcast"), 0L));
                notes.add("broadcast " + r.getLong("broadcast") + ", " + r.getString("phone") + " (" + r.getString("status") + ", try "
                        + r.getInteger("try_no") + " " + r.getString("try_status") + " " + r.getString("call_result") + "): " + why);
            }
        }
        for (Row r : Gateway.await(rig.pool().query("""
                SELECT b.id FROM broadcasts b WHERE b.status <> 'done'
                AND NOT EXISTS (SELECT 1 FROM broadcast_recipients r WHERE r.broadcast_id = b.id AND r.status = 'queued')""").execute())) {
            notes.add("broadcast " + r.getLong(0) + " has nobody left to call, yet is not done (its leaders never told)");
            missed.add(createdAt.getOrDefault(r.getLong(0), 0L));
        }
        long unknownUnseen = 0;
        for (Row r : Gateway.await(rig.pool().query(
                "SELECT id FROM outbox WHERE reach_kind = 'broadcast' AND call_result = 'UNKNOWN'").execute())) {
            unknownUnseen += rang.contains(r.getLong(0)) ? 0 : 1;
        }
        if (unknownUnseen > 0) {
            notes.add(0, unknownUnseen + " tries ended UNKNOWN whose Originate Asterisk never saw (written into a manager link it"
                    + " had just closed): spent, as any try of unknown outcome; the next try or the notice by text reached the resident");
        }
        return new Checked(placed, live, died, missed, held, notes);
    }

    /** An open try answered by the resident whose FastAGI session ended without the script's hang-up: cut with its node. */
    private boolean scriptCut(Row r) {
        Long tryId = r.getLong("try_id");
        return tryId != null && "sending".equals(r.getString("try_status")) && "ANSWERED".equals(r.getString("call_result"))
                && trunk.commandsOf(tryId).stream().noneMatch(c -> c.startsWith("HANGUP"));
    }

    private static String sameTry(FakeTrunk.Call call) {
        return call.callId() != 0 ? "call " + call.callId() + " try " + call.attempt()
                : call.script() + " call of ticket " + call.ticket() + " to " + call.phone() + " attempt " + call.attempt();
    }

    /** Why the row of one try of one resident says the resident was not called as the rules say; null when it was. */
    private static String missedBecause(Row r, Set<Long> rang) {
        String status = r.getString("status");
        if (status.equals("queued")) {
            return "still queued at the end, its broadcast " + r.getString("broadcast_status");
        }
        if (status.equals("not_reached") && (r.getInteger("tries") < r.getInteger("max_tries") || !r.getBoolean("texted"))) {
            return "not reached after " + r.getInteger("tries") + " tries, texted " + r.getBoolean("texted");
        }
        Long tryId = r.getLong("try_id");
        if (tryId == null) {
            return "no try at all";
        }
        String tryStatus = r.getString("try_status");
        if (tryStatus.equals("pending") || tryStatus.equals("sending")) {
            return "try " + r.getInteger("try_no") + " still " + tryStatus;
        }
        boolean outcomeKnown = tryStatus.equals("sent") || (tryStatus.equals("failed") && !OUTCOME_UNKNOWN.contains(r.getString("call_result")));
        if (outcomeKnown && !rang.contains(tryId)) {
            return "try " + r.getInteger("try_no") + " recorded " + r.getString("call_result") + ", never seen by Asterisk";
        }
        return null;
    }
}
