package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.OptionalParameter;

/**
 * A burst of receipts: the gateway sends {@code kannel-texts} texts with receipts asked for, the
 * SMSC keeps every receipt back until the last text is in, then pushes them all at once through a
 * deliver window of 100, as an SMSC does after an outage of its own. Every receipt must settle its
 * outbox row; each one the gateway refuses is counted (the SMSC here does not deliver it again).
 */
final class ReceiptsScenario {
    static final int WINDOW = 100;
    private static final int ESM_DELIVERY_RECEIPT = 0x04;
    private static final byte MESSAGE_STATE_DELIVERED = 2;
    private static final Duration MAX_WAIT = Duration.ofSeconds(120);
    private static final String QUEUE =
            "INSERT INTO outbox (recipient, body, purpose) SELECT '+861391' || lpad(n::text, 7, '0'), $1, 'bench' FROM generate_series(1, $2) AS n";

    private final BenchDatabase db;
    private final BenchSettings settings;
    private final Path logDir;

    ReceiptsScenario(BenchDatabase db, BenchSettings settings, Path logDir) {
        this.db = db;
        this.settings = settings;
        this.logDir = logDir;
    }

    Result run() throws Exception {
        int texts = settings.kannelTexts();
        BenchSettings window100 = new BenchSettings(settings.scenarios(), settings.warmupSeconds(), settings.baselineSeconds(),
                settings.rates(), settings.rateSeconds(), settings.senders(), settings.saturatedSeconds(), settings.residents(),
                settings.outboxTexts(), settings.window(), settings.calls(), settings.menuWaitSeconds(), settings.killRate(),
                settings.killSeconds(), WINDOW, settings.kannelTexts(), settings.profile(), settings.resultsFile());
        try (IntakeRig rig = new IntakeRig(db, window100, "receipts_burst", 10, logDir)) {
            SimulatedSmsc smsc = rig.smsc();
            smsc.sendReceipts(false);
            Queue<ReceivedSubmit> accepted = new ConcurrentLinkedQueue<>();
            smsc.watchSubmits(s -> {
                if (s.accepted()) {
                    accepted.add(s);
                }
            });
            Gateway.await(rig.pool().preparedQuery(QUEUE).execute(Tuple.of(KannelScenario.TEXT, texts)));
            // As deployed: the receipts must not need more PDU threads than the product's default.
            rig.withDefaultReceiveThreads().startNodes(1, IntakeScenarios.ALL_PLUGINS, Map.of());
            awaitSent(rig, texts);

            AtomicLong refused = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            List<Thread> pushes = accepted.stream().map(submit -> Thread.ofVirtual().start(() -> {
                try {
                    if (push(smsc, submit) != 0) {
                        refused.incrementAndGet();
                    }
                } catch (IllegalStateException e) {
                    failed.incrementAndGet();
                }
            })).toList();
            for (Thread t : pushes) {
                t.join();
            }
            double pushSeconds = (System.nanoTime() - start) / 1e9;
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (settled(rig) < texts && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            return new Result("receipts_burst")
                    .put("receipts", pushes.size())
                    .put("smpp_receive_threads", "product default")
                    .put("deliver_window", WINDOW)
                    .put("receipts_refused", refused.get())
                    .put("receipts_unanswered", failed.get())
                    .put("rows_settled", settled(rig))
                    .put("receipts_per_s", pushes.size() / pushSeconds);
        }
    }

    private static long settled(IntakeRig rig) {
        return rig.count("SELECT count(*) FROM outbox WHERE status = 'delivered'");
    }

    private static void awaitSent(IntakeRig rig, int texts) throws InterruptedException {
        long until = System.nanoTime() + MAX_WAIT.toNanos();
        while (rig.count("SELECT count(*) FROM outbox WHERE status = 'sent'") < texts && System.nanoTime() < until) {
            Thread.sleep(100);
        }
    }

    /** One receipt as SMPP 3.4 appendix B writes it, with the message id and state also as TLVs. */
    private static int push(SimulatedSmsc smsc, ReceivedSubmit submit) {
        String text = "id:" + submit.messageId() + " sub:001 dlvrd:001 submit date:2612010800 done date:2612010801"
                + " stat:DELIVRD err:000 text:";
        return smsc.deliverRaw("+" + submit.destination().replaceFirst("^\\+", ""), 0, ESM_DELIVERY_RECEIPT,
                text.getBytes(StandardCharsets.US_ASCII),
                new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), submit.messageId()),
                new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE.code(), MESSAGE_STATE_DELIVERED));
    }
}
