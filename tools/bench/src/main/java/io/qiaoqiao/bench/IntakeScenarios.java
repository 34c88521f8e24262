package io.qiaoqiao.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenarios 2 and 5, and the routing comparison: texts over SMPP into gateway nodes in their own
 * JVMs, each run on a fresh database with the benchmark roster.
 */
final class IntakeScenarios {
    static final String ALL_PLUGINS = "all";
    static final String TRIVIAL_RULE = "trivial";
    /**
     * The built-in plugins that bring routing rules (main at the time of writing). With all of
     * them disabled the engine admits every candidate with score 0, i.e. one trivial rule; the
     * classifier, escalation and templates plugins stay.
     */
    static final String ROUTING_RULE_PLUGINS = "proximity,schedules,skills,load-fairness,quiet-hours,confidential";
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** After a throughput run, texts still waiting for their offer then count with what they waited. */
    private static final Duration RATE_SETTLE = Duration.ofSeconds(20);

    private final BenchDatabase db;
    private final BenchSettings settings;
    private final Path logDir;

    IntakeScenarios(BenchDatabase db, BenchSettings settings, Path logDir) {
        this.db = db;
        this.settings = settings;
        this.logDir = logDir;
    }

    /**
     * Open loop: texts at a fixed rate whatever the gateway's pace; tickets per second and
     * deliver_sm → offer submit_sm latency, texts still without their offer counted in.
     */
    Result atFixedRate(double rate) throws Exception {
        String name = "sms_intake_rate_" + Math.round(rate);
        try (IntakeRig rig = new IntakeRig(db, settings, name, settings.residents(), logDir)) {
            rig.startNodes(1, ALL_PLUGINS, Map.of());
            TextLoad.Measured m = rig.load().atRate(rate, Duration.ofSeconds(settings.warmupSeconds()),
                    Duration.ofSeconds(settings.rateSeconds()), RATE_SETTLE);
            Result result = new Result(name)
                    .put("offered_texts_per_s", rate)
                    .put("seconds", settings.rateSeconds())
                    .put("tickets_per_s", m.acknowledgedPerSecond())
                    .put("texts_measured", m.sent())
                    .put("offers_missing_after_20s", m.offersMissing());
            m.offerLatency().report(result, "deliver_to_offer");
            return result.put("tickets_total", rig.count("SELECT count(*) FROM tickets"));
        }
    }

    /**
     * As many texts as {@code nodes} gateway nodes take (closed loop), with every plugin or with
     * one trivial rule: scenario 5's throughput per node count, and the routing comparison.
     */
    Result saturated(String name, int nodes, String routing) throws Exception {
        try (IntakeRig rig = new IntakeRig(db, settings, name, settings.residents(), logDir)) {
            rig.startNodes(nodes, routing, Map.of());
            TextLoad.Measured m = rig.load().saturated(settings.senders(), Duration.ofSeconds(settings.warmupSeconds()),
                    Duration.ofSeconds(settings.saturatedSeconds()), RATE_SETTLE);
            Result result = new Result(name)
                    .put("nodes", nodes)
                    .put("routing", routing.equals(TRIVIAL_RULE) ? "routing rules disabled (trivial)" : "every built-in plugin")
                    .put("senders", settings.senders())
                    .put("tickets_per_s", m.acknowledgedPerSecond());
            m.offerLatency().report(result, "deliver_to_offer");
            return result;
        }
    }

    /**
     * Scenario 5's failure half: three nodes take texts at a fixed rate; one is killed with
     * SIGKILL halfway; then every text must have become exactly one ticket and one offer.
     */
    ExactlyOnce killOneOfThree(String name) throws Exception {
        try (IntakeRig rig = new IntakeRig(db, settings, name, settings.residents(), logDir)) {
            List<NodeProcess> nodes = new ArrayList<>(rig.startNodes(3, ALL_PLUGINS, Map.of("outbox.lease-seconds", "5",
                    "smpp.response-timeout-ms", "2000")));
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(settings.killSeconds() * 1000L / 2);
                    nodes.get(0).kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            rig.load().atRate(settings.killRate(), Duration.ZERO, Duration.ofSeconds(settings.killSeconds()), SETTLE);
            killer.join();
            rig.awaitOutboxDrained(SETTLE);
            rig.load().awaitSettled(Duration.ofSeconds(10));
            return ExactlyOnce.check(rig, rig.load());
        }
    }

    Result killOneOfThree() throws Exception {
        ExactlyOnce check = killOneOfThree("intake_kill");
        Result result = new Result("scale_out_kill_one_of_three")
                .put("offered_texts_per_s", settings.killRate())
                .put("seconds", settings.killSeconds());
        check.report(result);
        return result.put("records_exact", check.recordsExact());
    }
}
