package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an intake run needs: a fresh database with the benchmark roster, a simulated SMSC,
 * gateway nodes in their own JVMs bound to it, and residents texting through it.
 */
final class IntakeRig implements AutoCloseable {
    static final String PASSWORD = "bench";

    private final BenchDatabase db;
    private final boolean profile;
    private final PgConnectOptions database;
    private final Pool pool;
    private final SimulatedSmsc smsc;
    private final TextLoad load;
    private final List<String> residents;
    private final Path logDir;
    private final List<NodeProcess> nodes = new ArrayList<>();

    private final int deliverWindow;
    private boolean tunedReceiveThreads = true;
    /** What the nodes' db.url names: the database itself, or a relay in front of it (a fault suite's outages). */
    private volatile String nodesDatabaseUrl;
    private final List<Map<String, String>> nodeSettings = new ArrayList<>();

    IntakeRig(BenchDatabase db, BenchSettings settings, String name, int residents, Path logDir) throws IOException {
        this.db = db;
        this.profile = settings.profile();
        this.database = db.fresh(name);
        this.pool = db.pool(database, 2);
        this.logDir = logDir;
        BenchRoster roster = new BenchRoster(residents);
        roster.importInto(pool);
        this.residents = roster.residentPhones();
        this.smsc = new SimulatedSmsc(0, "qiaoqiao", PASSWORD, "12345").start();
        this.deliverWindow = settings.deliverWindow();
        smsc.deliverWindow(deliverWindow);
        this.load = new TextLoad(smsc, roster.residentPhones());
        this.nodesDatabaseUrl = BenchDatabase.url(database);
    }

    /** The scenario's database. */
    PgConnectOptions database() {
        return database;
    }

    /** Nodes started from now on reach the database at {@code url} (a relay that can take it away). */
    void nodesReachDatabaseAt(String url) {
        this.nodesDatabaseUrl = url;
    }

    /** Nodes started from now on keep the product's default number of SMPP PDU threads, whatever the SMSC's window. */
    IntakeRig withDefaultReceiveThreads() {
        tunedReceiveThreads = false;
        return this;
    }

    /** The settings of a benchmark node; {@code extra} replaces any of them. */
    Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("db.url", nodesDatabaseUrl);
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("smpp.port", String.valueOf(smsc.port()));
        s.put("smpp.password", PASSWORD);
        s.put("smpp.reconnect-min-ms", "100");
        s.put("smpp.reconnect-max-ms", "1000");
        if (tunedReceiveThreads) {
            // Enough PDU threads for the SMSC's deliver window plus two for our submits' responses.
            s.put("smpp.receive-threads", String.valueOf(deliverWindow + 2));
        }
        // The rule still runs, but holds nothing: the figures must not depend on the hour of the run.
        s.put("quiet-hours.start", "00:00");
        s.put("quiet-hours.end", "00:00");
        s.put("agi.enabled", "false");
        s.put("ami.enabled", "false");
        s.putAll(extra);
        return s;
    }

    /** Starts {@code count} more nodes and waits until all of them are bound. */
    List<NodeProcess> startNodes(int count, String routing, Map<String, String> extra) throws Exception {
        List<NodeProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> nodeSettings = new HashMap<>(extra);
            if (routing.equals(IntakeScenarios.TRIVIAL_RULE)) {
                nodeSettings.put("plugins.disabled", IntakeScenarios.ROUTING_RULE_PLUGINS);
            }
            NodeProcess node = NodeProcess.gateway(database.getDatabase() + "-node" + (nodes.size() + 1),
                    settings(nodeSettings), logDir);
            nodes.add(node);
            this.nodeSettings.add(settings(nodeSettings));
            started.add(node);
        }
        for (NodeProcess node : started) {
            node.awaitReady(Duration.ofSeconds(90));
        }
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (smsc.boundSessions() < nodes.size() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        if (smsc.boundSessions() < nodes.size()) {
            throw new IllegalStateException("only " + smsc.boundSessions() + " of " + nodes.size() + " nodes bound");
        }
        return started;
    }

    /**
     * Node {@code index} (from 0) again, after it died: the same node id and settings, its output
     * appended to a log of its own per start. Waits until it is ready and bound.
     */
    NodeProcess restart(int index, int start) throws Exception {
        NodeProcess old = nodes.get(index);
        if (old.alive()) {
            throw new IllegalStateException("node " + index + " is still running");
        }
        NodeProcess node = NodeProcess.gateway(database.getDatabase() + "-node" + (index + 1), nodeSettings.get(index), logDir,
                "-start" + start);
        nodes.set(index, node);
        node.awaitReady(Duration.ofSeconds(90));
        return node;
    }

    List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    List<String> residents() {
        return residents;
    }

    TextLoad load() {
        return load;
    }

    SimulatedSmsc smsc() {
        return smsc;
    }

    Pool pool() {
        return pool;
    }

    long count(String sql) {
        Row row = Gateway.await(pool.query(sql).execute()).iterator().next();
        return row.getLong(0);
    }

    /** How many rows each table of the gateway's schema holds (the migrations' own table left out). */
    Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Row table : Gateway.await(pool.query("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'""").execute())) {
            String name = table.getString(0);
            counts.put(name, count("SELECT count(*) FROM " + name));
        }
        return counts;
    }

    /** Waits until no text is waiting in the outbox (or the time is up). */
    void awaitOutboxDrained(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until && count("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") > 0) {
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        load.stop();
        for (NodeProcess node : nodes) {
            node.close();
        }
        if (profile) {
            db.writeStatementProfile(database.getDatabase(), logDir.resolve(database.getDatabase() + "-statements.txt"));
        }
        smsc.close();
        pool.close();
    }
}
