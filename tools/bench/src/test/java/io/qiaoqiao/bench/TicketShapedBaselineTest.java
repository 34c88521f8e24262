package io.qiaoqiao.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.testing.StudioTime;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ticket-shaped baseline is only a ceiling for the gateway's work if its script writes what
 * the gateway writes: one resident's text through a real gateway node, and the rows it added to
 * each table in the ticket's own transaction, against the rows the pgbench script inserts.
 */
class TicketShapedBaselineTest {
    /** Written when the outbox sends the texts and their receipts come back, each in its own transaction. */
    private static final Set<String> SEND_PATH = Set.of("sms_segments", "sms_receipts");
    /** Kept by triggers on the offers, tickets and points rows: written alike by the gateway and by the script's rows. */
    private static final Set<String> COUNTERS = Set.of("volunteer_load", "volunteer_days");
    private Vertx vertx;

    @BeforeEach
    void start() {
        StudioTime.suiteOffset();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close();
    }

    @Test
    void the_script_inserts_the_rows_one_text_that_becomes_a_ticket_writes() throws Exception {
        BenchSettings small = BenchSettings.parse(new String[]{"--residents=10"});
        Path logs = Files.createDirectories(Path.of("target", "gateway-processes"));
        try (IntakeRig rig = new IntakeRig(BenchDatabase.on(TestPostgres.server(), vertx), small,
                "ticket_rows_" + ProcessHandle.current().pid(), 10, logs)) {
            rig.startNodes(1, IntakeScenarios.ALL_PLUGINS, Map.of());
            Map<String, Long> before = rig.rowCounts();

            // One text (the first of the load: the leaking pipe, a normal repair) and its offer.
            TextLoad.Measured one = rig.load().atRate(1, Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(30));
            assertEquals(0, one.offersMissing(), "the text got its offer");
            rig.awaitOutboxDrained(Duration.ofSeconds(30));

            Map<String, Long> added = new TreeMap<>();
            rig.rowCounts().forEach((table, rows) -> {
                long more = rows - before.getOrDefault(table, 0L);
                if (more != 0 && !SEND_PATH.contains(table) && !COUNTERS.contains(table)) {
                    added.put(table, more);
                }
            });
            assertEquals(TicketShapedBaseline.rowsInserted(), added, "rows per table");
        }
    }
}
