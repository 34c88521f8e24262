package io.qiaoqiao.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.StudioTime;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's scale-out check at a small size: three gateway processes share one database
 * and one SMSC, residents text at a steady rate, and one process is killed with SIGKILL halfway.
 * Texts it had not acknowledged are delivered again by the SMSC to the others; texts it had
 * committed but not acknowledged must not open a second ticket; offers it had claimed are sent
 * by the others once its lease runs out.
 */
class GatewayScaleOutTest {
    private Vertx vertx;

    @BeforeEach
    void start() {
        // The nodes run at the suite's studio time (NodeProcess reads the offset StudioTime sets).
        StudioTime.suiteOffset();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close();
    }

    @Test
    void killing_one_of_three_nodes_loses_no_text_and_doubles_no_ticket_or_offer() throws Exception {
        BenchSettings small = BenchSettings.parse(new String[]{
                "--kill-rate=40", "--kill-seconds=10", "--residents=200", "--deliver-window=8"});
        Path logs = Files.createDirectories(Path.of("target", "gateway-processes"));
        IntakeScenarios scenarios = new IntakeScenarios(BenchDatabase.on(TestPostgres.server(), vertx), small, logs);

        ExactlyOnce run = scenarios.killOneOfThree("scaleout_" + ProcessHandle.current().pid());

        assertEquals(run.sent(), run.acknowledged(), "every text acknowledged in the end: " + run);
        assertTrue(run.sent() >= 300, "the load ran: " + run);
        assertEquals(0, run.textsWithoutTicket(), "no text without a ticket: " + run);
        assertEquals(0, run.duplicateTickets(), "no text became two tickets: " + run);
        assertEquals(0, run.duplicateOfferRows(), "no ticket got two offers: " + run);
        assertEquals(0, run.offersNotSent(), "every offer was sent: " + run);
        assertEquals(0, run.offersNeverSubmitted(), "every ticket's offer reached the SMSC: " + run);
        // A text goes out twice only when its node died between submit_sm and recording it;
        // such rows are the ones another node took over after the lease.
        assertTrue(run.offersSubmittedTwice() <= run.takenOver(), "offers sent twice only after a takeover: " + run);
    }
}
