package io.qiaoqiao.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's short version, in every {@code mvn verify}: two nodes under steady texts, one
 * SIGKILL and restart, PostgreSQL away for 5 s, the SMSC dropping every bind once. No text the
 * SMSC handed over may lack its ticket, no ticket its offer, none may become two, and no offer may
 * go out twice from a node that stayed alive. The full run is {@code ops/faults/run.sh}, which
 * adds broadcasts by phone: not here, since a SIGKILL during answered calls still holds the trunk's
 * lines for the dialplan's ten minutes (see README, Fault suite).
 */
@Tag("slow")
class FaultSuiteShortIT {
    static final long SEED = 20261212L;

    @Test
    void one_kill_one_database_restart_and_one_bind_drop_lose_nothing_and_double_nothing_on_a_live_node() throws Exception {
        StudioTime.suiteOffset();
        Vertx vertx = Vertx.vertx();
        try {
            Path logs = Files.createDirectories(Path.of("target", "fault-suite-short"));
            FaultSuite.Table table = new FaultSuite(vertx, logs, SEED, 5, Duration.ofSeconds(10), Duration.ZERO)
                    .run("faults_short_" + ProcessHandle.current().pid(), FaultSuite.shortPlan());
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            table.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
            String text = printed.toString(StandardCharsets.UTF_8);
            System.out.print(text);
            assertTrue(table.total().texts() >= 100, "the load ran:\n" + text);
            assertEquals(0, table.total().neverTaken(), "every text taken in the end:\n" + text);
            assertEquals(0, table.total().withoutTicket(), "no text the SMSC handed over without a ticket:\n" + text);
            assertEquals(0, table.total().ticketsLost(), "every ticket's offer reached the SMSC:\n" + text);
            assertEquals(0, table.total().duplicateTickets(), "no text became two tickets:\n" + text);
            assertEquals(0, table.total().twiceByLiveNode(), "no offer sent twice by a node that stayed alive:\n" + text);
            assertEquals(0, table.total().timersTwice(), "no timer fired twice:\n" + text);
            assertTrue(table.clean(), text);
        } finally {
            vertx.close();
        }
    }
}
