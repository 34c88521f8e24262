package io.qiaoqiao.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark: starts an embedded PostgreSQL, a simulated SMSC, gateway nodes and simulated
 * callers, runs each scenario after a warm-up, and prints one table and one JSON line per
 * scenario. {@code ops/bench/run.sh} builds and runs it; arguments are {@code --name=value}
 * settings of {@link BenchSettings}.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path logDir = Files.createTempDirectory("qiaoqiao-bench-logs");
        JsonObject machine = ResultsFile.machine();
        out.println("Qiaoqiao benchmark at " + ResultsFile.commit() + " on " + machine.encode() + "; node logs in " + logDir);
        if (settings.profile()) {
            System.setProperty(NodeProcess.PROFILE_DIR, logDir.toString());
            out.println("profiling: each node records JFR to " + logDir + "/<node>.jfr, statement times go to "
                    + logDir + "/<scenario>-statements.txt");
        }
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (BenchDatabase db = BenchDatabase.start(vertx, settings.profile())) {
            if (settings.runs("baseline")) {
                BaselineScenario baseline = new BaselineScenario(db, settings);
                results.add(progress(out, baseline.run(1)));
                results.add(progress(out, baseline.run(16)));
                results.add(progress(out, new TicketShapedBaseline(db, settings).run(16)));
            }
            IntakeScenarios intake = new IntakeScenarios(db, settings, logDir);
            if (settings.runs("intake")) {
                for (double rate : settings.rates()) {
                    results.add(progress(out, intake.atFixedRate(rate)));
                }
            }
            if (settings.runs("routing") || settings.runs("scaleout")) {
                results.add(progress(out, intake.saturated("sms_intake_saturated_1_node", 1, IntakeScenarios.ALL_PLUGINS)));
            }
            if (settings.runs("routing")) {
                results.add(progress(out, intake.saturated("sms_intake_saturated_trivial_rule", 1, IntakeScenarios.TRIVIAL_RULE)));
            }
            if (settings.runs("outbox")) {
                results.add(progress(out, new OutboxScenario(db, settings, logDir).run()));
            }
            if (settings.runs("kannel")) {
                KannelScenario kannel = new KannelScenario(db, settings, logDir);
                for (boolean receipts : new boolean[]{false, true}) {
                    for (boolean onePhone : new boolean[]{false, true}) {
                        results.add(progress(out, kannel.run(receipts, onePhone)));
                    }
                }
            }
            if (settings.runs("receipts")) {
                results.add(progress(out, new ReceiptsScenario(db, settings, logDir).run()));
            }
            if (settings.runs("calls")) {
                results.add(progress(out, new CallsScenario(db, settings, logDir).run()));
            }
            if (settings.runs("scaleout")) {
                results.add(progress(out, intake.saturated("sms_intake_saturated_2_nodes", 2, IntakeScenarios.ALL_PLUGINS)));
                results.add(progress(out, intake.saturated("sms_intake_saturated_3_nodes", 3, IntakeScenarios.ALL_PLUGINS)));
                results.add(progress(out, intake.killOneOfThree()));
            }
        } finally {
            vertx.close();
        }
        out.println();
        List<Targets.Verdict> verdicts = Targets.check(results);
        out.print(ResultTable.render(results, verdicts));
        out.printf("%nwhole run: %.0f s, load average now %.2f%n", (System.nanoTime() - started) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (Result r : results) {
            out.println(r.json());
        }
        if (!settings.resultsFile().isEmpty()) {
            ResultsFile file = new ResultsFile(Path.of(settings.resultsFile()));
            file.lastOnSameMachine(machine).ifPresentOrElse(
                    last -> out.print("\nagainst the last run on this kind of machine:\n"
                            + ResultTable.table(ResultsFile.comparison(results, last))),
                    () -> out.println("\nno earlier run on this kind of machine in " + settings.resultsFile()));
            file.append(ResultsFile.run(args, machine, results, verdicts));
            out.println("figures appended to " + settings.resultsFile());
        }
        System.exit(0);
    }

    private static Result progress(PrintStream out, Result result) {
        out.println("done: " + result.json());
        return result;
    }
}
