package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.testing.DatabaseOutage;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.qiaoqiao.simulator.SubmitDecision;
import io.qiaoqiao.simulator.SubmitPolicy;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault suite (issue 12): steady texts (and the SMSC's receipts) against two gateway nodes in
 * their own JVMs on one database, reached through a relay that can take the database away, while
 * faults are injected one after another with a fixed seed: SIGKILL of a node and its restart,
 * PostgreSQL away and back, PostgreSQL frozen (connected, answering nothing), the SMSC dropping every bind, answering slowly or throttling, and a
 * busy ticket's row locked from another session, Asterisk's manager link cut right after each
 * Originate, and answered calls whose channel is gone (AGI answered with HANGUP and 511). Outbound
 * calls come from broadcasts made every few seconds ({@link BroadcastLoad}). Reuses the
 * benchmark's rig ({@link IntakeRig}, {@link NodeProcess}, {@link TextLoad}) and the tests'
 * embedded PostgreSQL and relay.
 *
 * <p>Every text carries a serial number that the gateway copies into the volunteer's offer, so
 * the SMSC's side tells which texts became a ticket and an offer, and which offer went out twice.
 * A text is counted against the fault during (or after) which it was first delivered, up to the
 * next fault. An offer the SMSC took twice is "after a node died" when a node was killed between
 * the two submit_sm (its lease ran out and another node sent the row again: at-least-once by
 * design), otherwise "by a live node" (a defect). Outbound calls are counted the same way, by the
 * Originates the simulated Asterisk took for one try (its call id and attempt), and against the
 * fault during or after which each was placed (a resident not called as the rules say: by the
 * time their broadcast was made).
 */
final class FaultSuite {
    /** One fault: what it does to the rig, blocking until it is over. */
    interface Injection {
        void inject(Faults faults) throws Exception;
    }

    record Fault(String name, Injection injection) {
    }

    /**
     * Per fault (and in total). Recovery: from the fault's end to the first offer of a text a node
     * took after it (service back); caught up: to the first offer of a text first sent after it
     * (which waits behind the texts the SMSC kept for redelivery meanwhile).
     */
    record Row(String fault, long texts, long neverTaken, long withoutTicket, long ticketsLost, long duplicateTickets, long twiceByLiveNode,
               long twiceAfterNodeDied, long timersTwice, long calls, long callersLost, long callsCut, long placed,
               long placedTwiceByLiveNode, long placedTwiceAfterNodeDied, long residentsMissed, long residentsHeld, long accepts,
               long acceptsLost, String recovery, String caughtUp) {
        boolean clean() {
            return neverTaken == 0 && withoutTicket == 0 && ticketsLost == 0 && duplicateTickets == 0 && twiceByLiveNode == 0
                    && timersTwice == 0 && callersLost == 0 && placedTwiceByLiveNode == 0 && residentsMissed == 0 && acceptsLost == 0;
        }
    }

    /**
     * {@code notes}: what the checks of outbound calls found, one line each; {@code partsAgain}:
     * parts the SMSC took again after the phone had put their text together.
     */
    record Table(List<Row> rows, Row total, List<String> notes, long partsAgain, List<String> losses) {
        boolean clean() {
            return total.clean() && rows.stream().allMatch(Row::clean);
        }

        void print(PrintStream out) {
            String format = "%-38s %6s %8s %9s %7s %6s %8s %8s %8s %6s %8s %6s %6s %8s %8s %7s %5s %7s %6s %10s %10s%n";
            out.printf(format, "fault", "texts", "untaken", "no ticket", "t.lost", "dup.t", "2x live", "2x died", "timer2x",
                    "calls", "c.lost", "c.cut", "placed", "p2x live", "p2x died", "missed", "held", "accepts", "a.lost",
                    "recovery", "caught up");
            for (Row r : rows) {
                line(out, format, r);
            }
            line(out, format, total);
            out.printf("parts the SMSC took again after the phone had the whole text: %d (a part's answer was lost, e.g. with a"
                    + " dropped bind, so it was sent again under the text's reference; the phone shows the text once)%n", partsAgain);
            out.println("untaken: delivered, not acknowledged by any node within 2 min; t.lost: ticket whose offer never reached"
                    + " the SMSC; 2x live / 2x died: an offer the SMSC took twice, no node killed / a node killed in between;"
                    + " c.lost: a hotline caller with neither a ticket nor a callback; c.cut: calls cut off by a killed node"
                    + " (Asterisk hangs up; the caller calls again); placed: outbound calls Asterisk was asked for (AMI Originate);"
                    + " p2x live / p2x died: a try (call id and attempt) Asterisk was asked to place twice, no node killed / a node"
                    + " killed in between; missed: a resident of a broadcast not called as the rules say (still queued at the end,"
                    + " a try left open or recorded with an outcome Asterisk never gave, not reached yet not texted); held: a"
                    + " resident whose answered call's script was cut by a killed node (the try ends 30 s after Asterisk's Hangup);"
                    + " accepts: volunteers who accepted their first offer by text (\"1 code\"); a.lost: an accept no node took"
                    + " within 2 min, or taken and never answered (no \"您已接单\", \"已由其他志愿者接单\" or the like);"
                    + " timer2x: counted for the whole run (its total row); recovery: from the fault's end to the first offer of a text a node took after it; caught up: to the first"
                    + " offer of a text first sent after it (behind the backlog).");
            notes.stream().limit(30).forEach(n -> out.println("  " + n));
            if (notes.size() > 30) {
                out.println("  … and " + (notes.size() - 30) + " more");
            }
            if (!losses.isEmpty()) {
                out.println("texts untaken, offers lost or sent twice by a live node, accepts lost (" + losses.size() + "), the first 40:");
                losses.stream().limit(40).forEach(n -> out.println("  " + n));
            }
        }

        private static void line(PrintStream out, String format, Row r) {
            out.printf(format, r.fault(), r.texts(), r.neverTaken(), r.withoutTicket(), r.ticketsLost(), r.duplicateTickets(), r.twiceByLiveNode(),
                    r.twiceAfterNodeDied(), r.timersTwice(), r.calls(), r.callersLost(), r.callsCut(), r.placed(),
                    r.placedTwiceByLiveNode(), r.placedTwiceAfterNodeDied(), r.residentsMissed(), r.residentsHeld(), r.accepts(),
                    r.acceptsLost(), r.recovery(), r.caughtUp());
        }
    }

    /** One hotline call of the load: who, when (nanoTime), and how it ended for the caller. */
    record Call(String phone, long at, SlowCaller.Outcome outcome) {
    }

    /** What a fault can reach. */
    static final class Faults {
        final IntakeRig rig;
        final DatabaseOutage database;
        final Random random;
        final Vertx vertx;
        final FakeTrunk trunk;
        final BroadcastLoad broadcasts;
        final List<Long> kills = new CopyOnWriteArrayList<>();
        private int starts;

        Faults(IntakeRig rig, DatabaseOutage database, Random random, Vertx vertx, FakeTrunk trunk, BroadcastLoad broadcasts) {
            this.rig = rig;
            this.database = database;
            this.random = random;
            this.vertx = vertx;
            this.trunk = trunk;
            this.broadcasts = broadcasts;
        }

        /** Asterisk's manager link cut right after its response to every Originate, for {@code during}. */
        void amiCutAfterOriginate(Duration during) throws InterruptedException {
            trunk.cutLinkAfterEachOriginate(true);
            Thread.sleep(during.toMillis());
            trunk.cutLinkAfterEachOriginate(false);
        }

        /** Every answered call's channel gone at once, for {@code during}: Asterisk answers AGI commands with HANGUP, then 511. */
        void agiChannelsHangUp(Duration during) throws InterruptedException {
            broadcasts.channelsHangUp(true);
            Thread.sleep(during.toMillis());
            broadcasts.channelsHangUp(false);
        }

        /** SIGKILL of a node chosen by the seed, and its restart a moment later. */
        void killAndRestart() throws Exception {
            int index = random.nextInt(rig.nodes().size());
            rig.nodes().get(index).kill();
            // The instant the process is gone: a submit_sm before it may be sent again by the other node.
            kills.add(System.nanoTime());
            Thread.sleep(500 + random.nextInt(2000));
            rig.restart(index, ++starts);
        }

        void databaseAway(Duration outage) throws InterruptedException {
            database.begin();
            Thread.sleep(outage.toMillis());
            database.end();
        }

        /** PostgreSQL connected but answering nothing (a stopped process, a paused VM) for {@code during}. */
        void databaseFrozen(Duration during) throws InterruptedException {
            database.freeze();
            Thread.sleep(during.toMillis());
            database.thaw();
        }

        void bindDrops(Duration during, Duration every) throws InterruptedException {
            long until = System.nanoTime() + during.toNanos();
            do {
                rig.smsc().dropConnections();
                Thread.sleep(every.toMillis());
            } while (System.nanoTime() < until);
        }

        void smscPolicy(SubmitPolicy policy, Duration during) throws InterruptedException {
            rig.smsc().policy(policy);
            Thread.sleep(during.toMillis());
            rig.smsc().policy(SubmitPolicy.ACCEPT_ALL);
        }

        /** The newest open ticket's row, locked FOR UPDATE from a session of its own, for {@code during}. */
        void ticketLocked(Duration during) throws Exception {
            Pool other = BenchDatabase.on(TestPostgres.server(), vertx).pool(rig.database(), 1);
            try {
                Promise<Void> release = Promise.promise();
                Promise<Void> locked = Promise.promise();
                var held = other.withTransaction(db -> db.query("SELECT id FROM tickets WHERE status NOT IN ('done', 'closed')"
                                + " ORDER BY id DESC LIMIT 1 FOR UPDATE").execute()
                        .onSuccess(rows -> locked.complete()).compose(rows -> release.future()));
                Gateway.await(locked.future());
                Thread.sleep(during.toMillis());
                release.complete();
                Gateway.await(held);
            } finally {
                other.close();
            }
        }
    }

    private final Vertx vertx;
    private final Path logs;
    private final long seed;
    private final double rate;
    private final Duration gap;
    private final Duration broadcastEvery;

    /**
     * @param rate           texts per second, steady through the run
     * @param gap            steady load before the first fault and between two faults
     * @param broadcastEvery a broadcast by phone this often; zero: no outbound calls in the load
     */
    FaultSuite(Vertx vertx, Path logs, long seed, double rate, Duration gap, Duration broadcastEvery) {
        this.vertx = vertx;
        this.logs = logs;
        this.seed = seed;
        this.rate = rate;
        this.gap = gap;
        this.broadcastEvery = broadcastEvery;
    }

    /** The CI version: one kill, one 5 s database restart, one bind drop. */
    static List<Fault> shortPlan() {
        return List.of(
                new Fault("SIGKILL of a node, restarted", Faults::killAndRestart),
                new Fault("PostgreSQL away 5 s", f -> f.databaseAway(Duration.ofSeconds(5))),
                new Fault("SMSC drops every bind once", f -> f.bindDrops(Duration.ZERO, Duration.ofSeconds(1))));
    }

    /** Every fault of issue 12 this load can show, with {@code kills} SIGKILLs. */
    static List<Fault> fullPlan(int kills) {
        List<Fault> plan = new ArrayList<>();
        for (int k = 1; k <= kills; k++) {
            plan.add(new Fault("SIGKILL " + k + " of " + kills + ", restarted", Faults::killAndRestart));
        }
        plan.add(new Fault("PostgreSQL away 5 s", f -> f.databaseAway(Duration.ofSeconds(5))));
        plan.add(new Fault("PostgreSQL away 60 s", f -> f.databaseAway(Duration.ofSeconds(60))));
        plan.add(new Fault("PostgreSQL frozen 30 s", f -> f.databaseFrozen(Duration.ofSeconds(30))));
        plan.add(new Fault("SMSC drops binds every 10 s, 60 s", f -> f.bindDrops(Duration.ofSeconds(60), Duration.ofSeconds(10))));
        plan.add(new Fault("SMSC answers in 2-9 s, 60 s", f -> {
            Random slow = new Random(f.random.nextLong());
            f.smscPolicy(submit -> SubmitDecision.delay(Duration.ofMillis(2000 + slowNext(slow, 7000)), SubmitDecision.accept()),
                    Duration.ofSeconds(60));
        }));
        plan.add(new Fault("SMSC throttles half, 60 s", f -> {
            Random throttle = new Random(f.random.nextLong());
            f.smscPolicy(submit -> slowNext(throttle, 2) == 0 ? SubmitDecision.throttle() : SubmitDecision.accept(),
                    Duration.ofSeconds(60));
        }));
        plan.add(new Fault("busy ticket row locked 2 min", f -> f.ticketLocked(Duration.ofMinutes(2))));
        plan.add(new Fault("AMI link dropped after Originate, 60 s", f -> f.amiCutAfterOriginate(Duration.ofSeconds(60))));
        plan.add(new Fault("AGI answers HANGUP / 511, 60 s", f -> f.agiChannelsHangUp(Duration.ofSeconds(60))));
        return plan;
    }

    /** The faults of {@code plan} whose name holds {@code text} (case-insensitive); all of them for an empty text. */
    static List<Fault> only(List<Fault> plan, String text) {
        String wanted = text.strip().toLowerCase(java.util.Locale.ROOT);
        List<Fault> chosen = plan.stream().filter(f -> f.name().toLowerCase(java.util.Locale.ROOT).contains(wanted)).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no fault's name holds '" + text + "'; the faults: "
                    + plan.stream().map(Fault::name).toList());
        }
        return chosen;
    }

    private static int slowNext(Random random, int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    Table run(String name, List<Fault> plan) throws Exception {
        BenchSettings settings = BenchSettings.parse(new String[] {"--deliver-window=8"});
        long loadSeconds = gap.toSeconds() * (plan.size() + 1) + 400L * plan.size(); // an upper bound; stopped when the plan is done
        int residents = (int) Math.max(500, rate * loadSeconds / 4);
        try (DatabaseOutage relay = new DatabaseOutage();
             FakeTrunk trunk = new FakeTrunk(() -> -1);
             IntakeRig rig = new IntakeRig(BenchDatabase.on(TestPostgres.server(), vertx), settings, name,
                     Math.min(residents, 20_000), logs)) {
            rig.nodesReachDatabaseAt(relay.url(rig.database()));
            // A short lease, so a killed node's claims are taken over soon, but the shortest the gateway takes with the
            // default smpp.response-timeout-ms (10 s, which the slowest SMSC here, 2-9 s, stays within): twice the wait for
            // one answer and a second, so a live node's claim outlasts its answer. Each node has a FastAGI port of its own,
            // the same after a restart, and a short menu wait.
            // Both nodes place outbound calls through the one simulated Asterisk.
            int[] agiPorts = {freePort(), freePort()};
            Path notices = java.nio.file.Files.createDirectories(logs.resolve(name + "-notices"));
            for (int port : agiPorts) {
                Map<String, String> node = new HashMap<>(BroadcastLoad.nodeSettings(trunk, notices));
                node.putAll(Map.of("outbox.lease-seconds", "21", "agi.enabled", "true", "agi.port", String.valueOf(port),
                        "voice.digit-timeout-ms", "3000"));
                rig.startNodes(1, IntakeScenarios.ALL_PLUGINS, node);
            }
            BroadcastLoad broadcasts = new BroadcastLoad(rig, trunk, agiPorts, broadcastEvery);
            if (!broadcastEvery.isZero()) {
                broadcasts.start(notices);
            }
            List<Call> calls = new CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean calling = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread callers = Thread.ofVirtual().name("fault-suite-callers").start(() -> callLoad(rig, agiPorts, calls, calling));
            Faults faults = new Faults(rig, relay, new Random(seed), vertx, trunk, broadcasts);
            List<long[]> windows = new ArrayList<>(); // start, end (nanoTime) of each fault
            List<String> recoveries = new ArrayList<>();
            List<String> caughtUp = new ArrayList<>();
            rig.load().volunteersAccept();
            Thread load = Thread.ofVirtual().name("fault-suite-load").start(() ->
                    rig.load().atRate(rate, Duration.ZERO, Duration.ofSeconds(loadSeconds), Duration.ZERO));
            for (Fault fault : plan) {
                Thread.sleep(gap.toMillis());
                long start = System.nanoTime();
                fault.injection().inject(faults);
                long end = System.nanoTime();
                windows.add(new long[] {start, end});
                recoveries.add(seconds(rig.load().backAfter(end, Duration.ofSeconds(90))));
                caughtUp.add(seconds(rig.load().caughtUpAfter(end, Duration.ofSeconds(120))));
                System.out.printf("fault suite: %s over, service back after %s, caught up after %s%n", fault.name(),
                        recoveries.getLast(), caughtUp.getLast());
            }
            Thread.sleep(gap.toMillis());
            rig.load().endLoad();
            load.join();
            calling.set(false);
            callers.join();
            // The last broadcasts' retries and texts: a resident who did not press 1 is called twice more, 15 s apart.
            broadcasts.finish(Duration.ofSeconds(120));
            rig.awaitOutboxDrained(Duration.ofSeconds(90));
            rig.load().awaitSettled(Duration.ofSeconds(30));
            return table(rig, plan, windows, recoveries, caughtUp, faults.kills, calls, broadcasts.check(faults.kills));
        }
    }

    /**
     * A resident calls the hotline about every second, from a phone of their own, at the nodes in
     * turn (one that is down is skipped, as Asterisk's dialplan would try the next); they think
     * 200 ms at the menu and press 2.
     */
    private static void callLoad(IntakeRig rig, int[] agiPorts, List<Call> calls, java.util.concurrent.atomic.AtomicBoolean calling) {
        List<Thread> running = new ArrayList<>();
        Latencies ignored = new Latencies();
        for (int n = 0; calling.get(); n++) {
            int node = n % agiPorts.length;
            if (!rig.nodes().get(node).alive()) {
                node = (node + 1) % agiPorts.length;
            }
            int port = agiPorts[node];
            String phone = "+86138%08d".formatted(n);
            long at = System.nanoTime();
            SlowCaller caller = new SlowCaller(phone, "faults." + n, Duration.ofMillis(200), ignored);
            running.add(Thread.ofVirtual().start(() -> {
                SlowCaller.Outcome outcome;
                try {
                    outcome = caller.call(port);
                } catch (Exception e) {
                    outcome = SlowCaller.Outcome.DROPPED;
                }
                calls.add(new Call(phone, at, outcome));
            }));
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String seconds(Duration d) {
        return d == null ? "none in time" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String longest(List<String> times) {
        return times.stream().filter(s -> s.endsWith(" s")).map(s -> Double.parseDouble(s.replace(" s", "")))
                .max(Double::compare).map(m -> String.format("max %.1f s", m)).orElse("-");
    }

    /** What the database holds of a lost offer: the ticket's state, and each offer row's state, tries, parts and last error. */
    private static String offerRows(IntakeRig rig, int serial) {
        StringBuilder out = new StringBuilder();
        for (io.vertx.sqlclient.Row r : Gateway.await(rig.pool().preparedQuery("""
                SELECT t.code, t.status AS ticket, o.id, o.status, o.attempts, o.parts, cardinality(o.parts_sent) AS kept,
                       o.claimed_by, o.last_error, o.recipient
                FROM tickets t LEFT JOIN outbox o ON o.ticket_id = t.id AND o.purpose = 'offer'
                WHERE substring(t.text from '#([0-9]+)')::int = $1 ORDER BY o.id""").execute(io.vertx.sqlclient.Tuple.of(serial)))) {
            out.append(out.isEmpty() ? "; ticket " + r.getString("code") + " " + r.getString("ticket") + ", offers:" : ",");
            out.append(r.getLong("id") == null ? " none" : " row " + r.getLong("id") + " " + r.getString("status") + " after "
                    + r.getInteger("attempts") + " tries, " + r.getInteger("kept") + "/" + r.getInteger("parts") + " parts kept, by "
                    + r.getString("claimed_by") + ", last error " + r.getString("last_error")
                    + (r.getLong("id") == null ? "" : phoneHolds(rig, r.getString("recipient"), (int) (r.getLong("id") & 0xFF))));
        }
        return out.toString();
    }

    /** The parts under {@code reference} that reached {@code phone} and never made a whole text with the rest of their set. */
    private static String phoneHolds(IntakeRig rig, String phone, int reference) {
        return "; waiting on the phone under reference " + reference + ": " + rig.load().partsWaiting(phone, reference);
    }

    private static Table table(IntakeRig rig, List<Fault> plan, List<long[]> windows, List<String> recoveries, List<String> caughtUp,
                               List<Long> kills, List<Call> calls, BroadcastLoad.Checked outbound) {
        TextLoad load = rig.load();
        Map<Integer, Long> tickets = new HashMap<>();
        for (io.vertx.sqlclient.Row r : Gateway.await(rig.pool().query(
                "SELECT substring(text from '#([0-9]+)')::int AS serial, count(*) AS n FROM tickets GROUP BY 1").execute())) {
            if (r.getInteger("serial") != null) {
                tickets.put(r.getInteger("serial"), r.getLong("n"));
            }
        }
        // A ticket is lost when its offer never reached the SMSC: a row not sent, or sent but never seen on the wire.
        Set<Integer> lost = new HashSet<>();
        for (io.vertx.sqlclient.Row r : Gateway.await(rig.pool().query("""
                SELECT DISTINCT substring(t.text from '#([0-9]+)')::int AS serial, bool_and(o.status IN ('sent', 'delivered')) AS sent
                FROM tickets t LEFT JOIN outbox o ON o.ticket_id = t.id AND o.purpose = 'offer' GROUP BY t.id, 1""").execute())) {
            Integer serial = r.getInteger("serial");
            if (serial != null && (!Boolean.TRUE.equals(r.getBoolean("sent")) || !load.offered().contains(serial))) {
                lost.add(serial);
            }
        }
        long timersTwice = rig.count("""
                SELECT count(*) - count(DISTINCT (kind, ticket_id, offer_id, ref, due_at)) FROM timers WHERE status = 'fired'""");
        Map<String, long[]> perFault = new LinkedHashMap<>();
        plan.forEach(f -> perFault.put(f.name(), new long[17]));
        long[] total = new long[17];
        Set<Integer> acknowledged = load.acknowledged();
        List<String> losses = new ArrayList<>();
        for (int serial : new java.util.TreeSet<>(load.delivered())) {
            Long sent = load.sentAt(serial);
            long[] row = sent == null ? null : perFault.get(faultOf(plan, windows, sent));
            if (!acknowledged.contains(serial)) {
                losses.add("untaken (" + faultOf(plan, windows, sent) + ") " + load.describe(serial));
                for (long[] r : row == null ? List.of(total) : List.of(total, row)) {
                    r[0]++;
                    r[6]++;
                }
                continue;
            }
            long noTicket = tickets.containsKey(serial) ? 0 : 1;
            long dup = Math.max(0, tickets.getOrDefault(serial, 1L) - 1);
            long lostOne = tickets.containsKey(serial) && lost.contains(serial) ? 1 : 0;
            if (lostOne > 0) {
                losses.add("offer lost (" + faultOf(plan, windows, sent) + ") " + load.describe(serial) + offerRows(rig, serial));
            }
            for (long[] r : row == null ? List.of(total) : List.of(total, row)) {
                r[0]++;
                r[1] += noTicket;
                r[2] += lostOne;
                r[3] += dup;
            }
        }
        // Outbox rows sent per serial and phone: a ticket offered to a volunteer again (a new round) is a row of its own,
        // so the wire may carry as many texts about a serial to a phone as there are rows, and no more.
        Map<String, Long> rows = new HashMap<>();
        for (io.vertx.sqlclient.Row r : Gateway.await(rig.pool().query("""
                SELECT substring(body from '#([0-9]+)') AS serial, recipient, count(*) AS n FROM outbox
                WHERE channel = 'sms' AND status IN ('sent', 'delivered') AND body ~ '#[0-9]+' GROUP BY 1, 2""").execute())) {
            rows.put(r.getString("serial") + "/" + digits(r.getString("recipient")), r.getLong("n"));
        }
        for (Map.Entry<String, List<Long>> offer : load.offerTimes().entrySet()) {
            List<Long> times = offer.getValue().stream().sorted().toList();
            String key = offer.getKey();
            int slash = key.indexOf('/');
            long extra = times.size() - rows.getOrDefault(key.substring(0, slash) + "/" + digits(key.substring(slash + 1)), 1L);
            if (extra <= 0) {
                continue;
            }
            boolean died = kills.stream().anyMatch(k -> k >= times.getFirst() && k <= times.getLast());
            Long sent = load.sentAt(Integer.parseInt(key.substring(0, slash)));
            long[] row = sent == null ? null : perFault.get(faultOf(plan, windows, sent));
            for (long[] r : row == null ? List.of(total) : List.of(total, row)) {
                r[died ? 5 : 4] += extra;
            }
            if (!died) {
                losses.add("offer twice (" + faultOf(plan, windows, sent) + ") #" + key + ": " + times.size() + " on the wire for "
                        + rows.getOrDefault(key.substring(0, slash) + "/" + digits(key.substring(slash + 1)), 1L) + " row(s), "
                        + (times.getLast() - times.getFirst()) / 1_000_000 + " ms apart");
            }
        }
        Set<String> ticketPhones = new HashSet<>();
        for (io.vertx.sqlclient.Row r : Gateway.await(rig.pool().query(
                "SELECT DISTINCT requester_phone FROM tickets WHERE channel = 'voice'").execute())) {
            ticketPhones.add(r.getString(0));
        }
        for (Call call : calls) {
            long[] row = perFault.get(faultOf(plan, windows, call.at()));
            boolean cut = call.outcome() == SlowCaller.Outcome.DROPPED;
            // A caller who heard a code or was promised a call back must have a ticket by now (the spool opens it later).
            boolean lostCaller = !cut && !ticketPhones.contains(call.phone());
            for (long[] r : List.of(total, row)) {
                r[7]++;
                r[8] += lostCaller ? 1 : 0;
                r[9] += cut ? 1 : 0;
            }
        }
        List<List<Long>> outboundFigures = List.of(outbound.placed(), outbound.twiceByLiveNode(), outbound.twiceAfterNodeDied(),
                outbound.missed(), outbound.held());
        for (int figure = 0; figure < outboundFigures.size(); figure++) {
            for (long at : outboundFigures.get(figure)) {
                total[10 + figure]++;
                perFault.get(faultOf(plan, windows, at))[10 + figure]++;
            }
        }
        // A volunteer's accept by text: taken by a node and answered (the ticket is theirs, or someone else's, or gone).
        for (Map.Entry<Integer, String> accept : load.acceptedBy().entrySet()) {
            int serial = accept.getKey();
            Long sent = load.sentAt(serial);
            long[] row = sent == null ? null : perFault.get(faultOf(plan, windows, sent));
            boolean unanswered = !load.acceptsTaken().contains(serial) || !load.acceptsAnswered().contains(serial);
            if (unanswered && acknowledged.contains(serial)) {
                losses.add("accept lost (" + faultOf(plan, windows, sent) + ") " + load.describe(serial));
            }
            for (long[] r : row == null ? List.of(total) : List.of(total, row)) {
                r[15]++;
                r[16] += unanswered ? 1 : 0;
            }
        }
        List<Row> table = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, long[]> e : perFault.entrySet()) {
            long[] r = e.getValue();
            table.add(new Row(e.getKey(), r[0], r[6], r[1], r[2], r[3], r[4], r[5], 0, r[7], r[8], r[9], r[10], r[11], r[12], r[13],
                    r[14], r[15], r[16], recoveries.get(i), caughtUp.get(i)));
            i++;
        }
        return new Table(table, new Row("total", total[0], total[6], total[1], total[2], total[3], total[4], total[5], timersTwice,
                total[7], total[8], total[9], total[10], total[11], total[12], total[13], total[14], total[15], total[16],
                longest(recoveries),
                longest(caughtUp)), outbound.notes(), load.repeatedParts(), losses);
    }

    private static String digits(String phone) {
        return phone.replaceAll("[^0-9]", "");
    }

    /** The fault during or after which a text first delivered at {@code sent} was (the steady start counts with the first). */
    private static String faultOf(List<Fault> plan, List<long[]> windows, long sent) {
        int at = 0;
        for (int i = 0; i < windows.size(); i++) {
            if (sent >= windows.get(i)[0]) {
                at = i;
            }
        }
        return plan.get(at).name();
    }
}
