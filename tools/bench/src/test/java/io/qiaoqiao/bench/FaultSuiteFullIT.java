package io.qiaoqiao.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The whole fault suite, run by {@code ops/faults/run.sh} ({@code -Dfaults.plan=full}, and
 * {@code -Dfaults.kills=N} SIGKILLs, 20 by default, and {@code -Dfaults.only=TEXT} for only the faults
 * whose name holds TEXT); skipped in an ordinary {@code mvn verify}.
 * Prints the table to standard output and to {@code target/fault-suite-full/table.txt}, and fails
 * (run.sh exits non-zero) on any loss, any resident a broadcast missed, or any offer sent or call
 * placed twice by a live node.
 */
class FaultSuiteFullIT {
    @Test
    void every_fault_of_issue_12_loses_nothing_and_doubles_nothing_on_a_live_node() throws Exception {
        assumeTrue("full".equals(System.getProperty("faults.plan")), "run by ops/faults/run.sh (-Dfaults.plan=full)");
        int kills = Integer.parseInt(System.getProperty("faults.kills", "20").isBlank() ? "20" : System.getProperty("faults.kills"));
        StudioTime.suiteOffset();
        Vertx vertx = Vertx.vertx();
        try {
            Path logs = Files.createDirectories(Path.of("target", "fault-suite-full"));
            FaultSuite.Table table = new FaultSuite(vertx, logs, FaultSuiteShortIT.SEED, 10, Duration.ofSeconds(15),
                            Duration.ofSeconds(4))
                    .run("faults_full_" + ProcessHandle.current().pid(), FaultSuite.only(FaultSuite.fullPlan(kills),
                            System.getProperty("faults.only", "")));
            try (PrintStream file = new PrintStream(Files.newOutputStream(logs.resolve("table.txt")), true, StandardCharsets.UTF_8)) {
                table.print(file);
            }
            table.print(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8));
            assertTrue(table.clean(), "a loss, a missed resident, a duplicate or a live node's double send or call: see " + logs.resolve("table.txt"));
        } finally {
            vertx.close();
        }
    }
}
