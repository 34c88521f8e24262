package io.qiaoqiao.bench;

import io.vertx.core.Vertx;
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
        out.println("Qiaoqiao benchmark: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                + ", Java " + Runtime.version() + "; node logs in " + logDir);
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (BenchDatabase db = BenchDatabase.start(vertx)) {
            if (settings.runs("baseline")) {
                BaselineScenario baseline = new BaselineScenario(db, settings);
                results.add(progress(out, baseline.run(1)));
                results.add(progress(out, baseline.run(16)));
            }
            IntakeScenarios intake = new IntakeScenarios(db, settings, logDir);
            if (settings.runs("intake")) {
                results.add(progress(out, intake.atFixedRate()));
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
        out.print(ResultTable.render(results, Targets.check(results)));
        out.printf("%nwhole run: %.0f s, load average now %.2f%n", (System.nanoTime() - started) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (Result r : results) {
            out.println(r.json());
        }
        System.exit(0);
    }

    private static Result progress(PrintStream out, Result result) {
        out.println("done: " + result.json());
        return result;
    }
}
