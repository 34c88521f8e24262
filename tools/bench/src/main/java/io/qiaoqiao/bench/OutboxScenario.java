package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 3: 100,000 texts queued in the outbox before a node starts; the node drains them to
 * an SMSC that answers every submit_sm at once (delivery receipts off: this measures the send
 * path). Figures: submit_sm per second after the warm-up, with the configured window.
 */
final class OutboxScenario {
    private static final String QUEUE = """
            INSERT INTO outbox (recipient, body, purpose)
            SELECT '+861391' || lpad((n % 10000)::text, 7, '0'), $1, 'bench' FROM generate_series(1, $2) AS n""";
    /** One UCS-2 segment, like the acknowledgement a resident gets. */
    private static final String TEXT = "【桥桥】已收到您的求助，编号123456。正在为您联系志愿者，请保持电话畅通。";
    private static final Duration MAX_DRAIN = Duration.ofSeconds(90);

    private final BenchDatabase db;
    private final BenchSettings settings;
    private final Path logDir;

    OutboxScenario(BenchDatabase db, BenchSettings settings, Path logDir) {
        this.db = db;
        this.settings = settings;
        this.logDir = logDir;
    }

    Result run() throws Exception {
        try (IntakeRig rig = new IntakeRig(db, settings, "outbox_drain", 10, logDir)) {
            int texts = settings.outboxTexts();
            Gateway.await(rig.pool().preparedQuery(QUEUE).execute(Tuple.of(TEXT, texts)));
            rig.smsc().sendReceipts(false);
            AtomicLong submits = new AtomicLong();
            AtomicLong measuredFrom = new AtomicLong();
            AtomicLong atWarm = new AtomicLong();
            AtomicLong last = new AtomicLong();
            long warmNanos = Duration.ofSeconds(settings.warmupSeconds()).toNanos();
            rig.smsc().watchSubmits(s -> {
                long now = System.nanoTime();
                long n = submits.incrementAndGet();
                if (n == 1) {
                    measuredFrom.set(now);
                } else if (atWarm.get() == 0 && now - measuredFrom.get() >= warmNanos) {
                    atWarm.compareAndSet(0, n);
                    measuredFrom.set(now);
                }
                last.set(now);
            });
            long start = System.nanoTime();
            rig.startNodes(1, IntakeScenarios.ALL_PLUGINS, Map.of("smpp.window", String.valueOf(settings.window())));
            rig.awaitOutboxDrained(MAX_DRAIN);
            double seconds = (System.nanoTime() - start) / 1e9;
            long measured = submits.get() - atWarm.get();
            double perSecond = measured / ((last.get() - measuredFrom.get()) / 1e9);
            return new Result("outbox_drain")
                    .put("texts_queued", texts)
                    .put("window", settings.window())
                    .put("submit_sm_total", submits.get())
                    .put("submit_sm_per_s", perSecond)
                    .put("drained", rig.count("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") == 0)
                    .put("seconds_to_drain_incl_node_start", seconds);
        }
    }
}
