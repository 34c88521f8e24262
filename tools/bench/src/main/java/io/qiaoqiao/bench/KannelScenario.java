package io.qiaoqiao.bench;

import com.sun.net.httpserver.HttpServer;
import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Kannel side by side: the same simulated SMSC, the same window, the same texts. Kannel 1.4.5
 * (bearerbox and smsbox, as Debian packages them) binds to the SMSC and is handed the texts
 * through its sendsms interface; then a gateway node drains the same texts from its outbox.
 * Both rates are counted where the SMSC sees them: submit_sm per second from the first to the
 * last. With receipts on, each side also has to settle every receipt (Kannel calls its dlr-url,
 * the gateway marks the outbox row delivered) before the run counts as finished.
 */
final class KannelScenario {
    /** One UCS-2 segment, like the acknowledgement a resident gets. */
    static final String TEXT = "【桥桥】已收到您的求助，编号123456。正在为您联系志愿者，请保持电话畅通。";
    private static final String ONE_PHONE = "+8613915550000";
    private static final Duration MAX_RUN = Duration.ofSeconds(180);
    /** Concurrent sendsms requests: enough that Kannel's HTTP side is not what is measured. */
    private static final int HTTP_CLIENTS = 32;
    private static final String QUEUE = "INSERT INTO outbox (recipient, body, purpose) SELECT unnest($1::text[]), $2, 'bench'";

    private final BenchDatabase db;
    private final BenchSettings settings;
    private final Path logDir;

    KannelScenario(BenchDatabase db, BenchSettings settings, Path logDir) {
        this.db = db;
        this.settings = settings;
        this.logDir = logDir;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/bearerbox")) && Files.isExecutable(Path.of("/usr/sbin/smsbox"));
    }

    /** One side-by-side pair: Kannel, then the gateway, with or without receipts, to many phones or to one. */
    Result run(boolean receipts, boolean onePhone) throws Exception {
        String name = "outbound_vs_kannel_" + (receipts ? "receipts" : "no_receipts") + "_" + (onePhone ? "one_phone" : "many_phones");
        int texts = settings.kannelTexts();
        List<String> phones = new ArrayList<>(texts);
        for (int i = 0; i < texts; i++) {
            phones.add(onePhone ? ONE_PHONE : String.format("+861391%07d", i));
        }
        Result result = new Result(name).put("texts", texts).put("window", settings.window()).put("receipts", receipts)
                .put("phones", onePhone ? 1 : texts);
        if (!installed()) {
            return result.put("skipped", "Kannel (bearerbox, smsbox) is not installed: apt-get install kannel");
        }
        try (IntakeRig rig = new IntakeRig(db, settings, name, 10, logDir)) {
            SimulatedSmsc smsc = rig.smsc();
            smsc.sendReceipts(receipts);
            SubmitClock clock = new SubmitClock();
            smsc.watchSubmits(s -> clock.tick());

            Rate kannel = kannel(rig, phones, receipts, clock);
            result.put("kannel_submit_sm_per_s", kannel.perSecond()).put("kannel_submitted", kannel.submitted());
            if (receipts) {
                result.put("kannel_receipts_settled", kannel.settled());
            }

            clock.reset();
            Gateway.await(rig.pool().preparedQuery(QUEUE).execute(Tuple.of(phones.toArray(String[]::new), TEXT)));
            rig.startNodes(1, IntakeScenarios.ALL_PLUGINS, Map.of("smpp.window", String.valueOf(settings.window())));
            LongSupplier settled = () -> rig.count("SELECT count(*) FROM outbox WHERE status = 'delivered'");
            LongSupplier submitted = () -> rig.count("SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered')");
            awaitCount(receipts ? settled : submitted, texts, MAX_RUN);
            Rate gateway = clock.rate(receipts ? settled.getAsLong() : -1);
            result.put("gateway_submit_sm_per_s", gateway.perSecond()).put("gateway_submitted", gateway.submitted());
            if (receipts) {
                result.put("gateway_receipts_settled", gateway.settled())
                        .put("gateway_receipts_refused", rig.count("SELECT count(*) FROM outbox WHERE status = 'sent'"));
            }
            return result.put("gateway_to_kannel_ratio", gateway.perSecond() / kannel.perSecond());
        }
    }

    /** Submit_sm seen by the SMSC: how many, and when the first and the last came. */
    private static final class SubmitClock {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong first = new AtomicLong();
        private final AtomicLong last = new AtomicLong();

        void tick() {
            long now = System.nanoTime();
            if (count.incrementAndGet() == 1) {
                first.set(now);
            }
            last.set(now);
        }

        void reset() {
            count.set(0);
        }

        long count() {
            return count.get();
        }

        Rate rate(long settled) {
            long n = count.get();
            double seconds = (last.get() - first.get()) / 1e9;
            return new Rate(n, n > 1 ? (n - 1) / seconds : Double.NaN, settled);
        }
    }

    /** Submits counted, their rate, and receipts settled (-1 without receipts). */
    private record Rate(long submitted, double perSecond, long settled) {
    }

    private Rate kannel(IntakeRig rig, List<String> phones, boolean receipts, SubmitClock clock) throws Exception {
        Path dir = Files.createTempDirectory(logDir, "kannel-");
        int adminPort = freePort();
        int boxPort = freePort();
        int sendsmsPort = freePort();
        AtomicLong settled = new AtomicLong();
        HttpServer dlr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        dlr.createContext("/dlr", exchange -> {
            if (exchange.getRequestURI().getQuery() != null && exchange.getRequestURI().getQuery().contains("type=1")) {
                settled.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        dlr.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        dlr.start();
        Path conf = dir.resolve("kannel.conf");
        Files.writeString(conf, config(dir, rig.smsc().port(), adminPort, boxPort, sendsmsPort), StandardCharsets.UTF_8);
        Process bearerbox = start(List.of("/usr/sbin/bearerbox", conf.toString()), dir.resolve("bearerbox.out"));
        Process smsbox = null;
        try {
            awaitPort(boxPort, Duration.ofSeconds(20), bearerbox);
            smsbox = start(List.of("/usr/sbin/smsbox", conf.toString()), dir.resolve("smsbox.out"));
            awaitPort(sendsmsPort, Duration.ofSeconds(20), smsbox);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (rig.smsc().boundSessions() < 1 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            if (rig.smsc().boundSessions() < 1) {
                throw new IllegalStateException("Kannel did not bind to the simulated SMSC; see " + dir);
            }
            sendAll(phones, sendsmsPort, receipts ? dlr.getAddress().getPort() : -1);
            awaitCount(clock::count, phones.size(), MAX_RUN);
            if (receipts) {
                awaitCount(settled::get, phones.size(), MAX_RUN);
            }
            return clock.rate(receipts ? settled.get() : -1);
        } finally {
            stop(smsbox);
            stop(bearerbox);
            dlr.stop(0);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (rig.smsc().boundSessions() > 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * Kannel as its documentation sets it up for an SMPP transceiver: one SMSC group bound to the
     * simulated SMSC with the benchmark's window, one smsbox with a sendsms user. Its message
     * store is off (its default), so Kannel keeps queued texts in memory only, where the gateway
     * commits each to PostgreSQL before it is sent.
     */
    private String config(Path dir, int smscPort, int adminPort, int boxPort, int sendsmsPort) {
        return """
                group = core
                admin-port = %d
                admin-password = bench
                admin-allow-ip = 127.0.0.1
                smsbox-port = %d
                box-allow-ip = 127.0.0.1
                log-file = "%s/bearerbox.log"
                log-level = 2
                dlr-storage = internal

                group = smsc
                smsc = smpp
                smsc-id = simulated
                host = 127.0.0.1
                port = %d
                transceiver-mode = true
                smsc-username = qiaoqiao
                smsc-password = %s
                system-type = ""
                max-pending-submits = %d
                enquire-link-interval = 30
                reconnect-delay = 1
                source-addr-ton = 0
                source-addr-npi = 1
                dest-addr-ton = 1
                dest-addr-npi = 1

                group = smsbox
                bearerbox-host = 127.0.0.1
                bearerbox-port = %d
                sendsms-port = %d
                log-file = "%s/smsbox.log"
                log-level = 2

                group = sendsms-user
                username = bench
                password = bench
                max-messages = 1

                group = sms-service
                keyword = default
                text = "ok"
                """.formatted(adminPort, boxPort, dir, smscPort, IntakeRig.PASSWORD, settings.window(), boxPort,
                sendsmsPort, dir);
    }

    /** Every text through sendsms, {@link #HTTP_CLIENTS} requests at a time; each must be accepted. */
    private static void sendAll(List<String> phones, int port, int dlrPort) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Semaphore slots = new Semaphore(HTTP_CLIENTS);
        AtomicLong refused = new AtomicLong();
        String text = URLEncoder.encode(TEXT, StandardCharsets.UTF_8);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < phones.size(); i++) {
            slots.acquire();
            String query = "username=bench&password=bench&from=12345&coding=2&charset=UTF-8&to="
                    + URLEncoder.encode(phones.get(i), StandardCharsets.UTF_8) + "&text=" + text
                    + (dlrPort > 0 ? "&dlr-mask=3&dlr-url=" + URLEncoder.encode(
                    "http://127.0.0.1:" + dlrPort + "/dlr?n=" + i + "&type=%d", StandardCharsets.UTF_8) : "");
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cgi-bin/sendsms?" + query))
                    .timeout(Duration.ofSeconds(30)).build();
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 202 && response.statusCode() != 200) {
                        refused.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    refused.incrementAndGet();
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        if (refused.get() > 0) {
            throw new IllegalStateException("Kannel's sendsms refused " + refused.get() + " of " + phones.size() + " texts");
        }
    }

    private static void awaitCount(LongSupplier count, long target, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (count.getAsLong() < target && System.nanoTime() < until) {
            Thread.sleep(100);
        }
    }

    private static Process start(List<String> command, Path output) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitPort(int port, Duration timeout, Process owner) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until && owner.isAlive()) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Kannel did not open port " + port + (owner.isAlive() ? "" : " (it exited)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
