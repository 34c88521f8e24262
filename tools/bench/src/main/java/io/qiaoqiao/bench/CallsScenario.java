package io.qiaoqiao.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 4: {@code calls} residents call the hotline at once (all dialled within a few
 * seconds) and each waits at the menu like a slow caller before pressing a key; the calls become
 * tickets through the real spine of one gateway node, or join the caller's open request when she
 * calls again. Figures: calls completed and dropped, the
 * node's heap and platform threads at the peak (from its /metrics), AGI command latency.
 */
final class CallsScenario {
    private static final Duration RAMP = Duration.ofSeconds(4);
    private static final Duration SAMPLE = Duration.ofMillis(250);

    private final BenchDatabase db;
    private final BenchSettings settings;
    private final Path logDir;

    CallsScenario(BenchDatabase db, BenchSettings settings, Path logDir) {
        this.db = db;
        this.settings = settings;
        this.logDir = logDir;
    }

    Result run() throws Exception {
        int agiPort = freePort();
        int httpPort = freePort();
        try (IntakeRig rig = new IntakeRig(db, settings, "calls", settings.residents(), logDir)) {
            rig.startNodes(1, IntakeScenarios.ALL_PLUGINS, Map.of("agi.enabled", "true", "agi.port", String.valueOf(agiPort),
                    "http.port", String.valueOf(httpPort), "voice.digit-timeout-ms", String.valueOf(settings.menuWaitSeconds() * 1000 + 1000)));
            List<String> callers = rig.residents();
            Latencies commands = new Latencies();
            Map<SlowCaller.Outcome, AtomicInteger> outcomes = new EnumMap<>(SlowCaller.Outcome.class);
            for (SlowCaller.Outcome o : SlowCaller.Outcome.values()) {
                outcomes.put(o, new AtomicInteger());
            }
            AtomicInteger live = new AtomicInteger();
            AtomicInteger peakLive = new AtomicInteger();
            NodeMemory memory = new NodeMemory(httpPort);
            Thread sampler = Thread.ofVirtual().start(() -> memory.sampleUntilInterrupted(SAMPLE));
            long start = System.nanoTime();
            Thread[] calls = new Thread[settings.calls()];
            for (int i = 0; i < calls.length; i++) {
                long due = start + RAMP.toNanos() * i / calls.length;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                double share = 0.5 + ThreadLocalRandom.current().nextDouble() / 2;
                SlowCaller caller = new SlowCaller(callers.get(i % callers.size()), "bench." + i,
                        Duration.ofMillis((long) (settings.menuWaitSeconds() * 1000 * share)), commands);
                calls[i] = Thread.ofVirtual().start(() -> {
                    peakLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                    try {
                        outcomes.get(caller.call(agiPort)).incrementAndGet();
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        outcomes.get(SlowCaller.Outcome.DROPPED).incrementAndGet();
                    } finally {
                        live.decrementAndGet();
                    }
                });
            }
            for (Thread t : calls) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            sampler.join();
            Result result = new Result("calls")
                    .put("calls", settings.calls())
                    .put("calls_completed", outcomes.get(SlowCaller.Outcome.COMPLETED).get())
                    .put("calls_desk_unavailable", outcomes.get(SlowCaller.Outcome.DESK_UNAVAILABLE).get())
                    .put("calls_spooled", outcomes.get(SlowCaller.Outcome.CALLBACK_PROMISED).get())
                    .put("calls_dropped", outcomes.get(SlowCaller.Outcome.DROPPED).get())
                    .put("peak_concurrent_calls", peakLive.get())
                    .put("seconds", seconds)
                    .put("heap_peak_mib", memory.peakHeapMib())
                    .put("platform_threads_peak", memory.peakThreads());
            commands.report(result, "agi_command");
            // With more calls than residents a resident calls again while her first request is open:
            // that call joins it (issue 11) rather than opening a second ticket.
            return result.put("tickets_from_calls", rig.count("SELECT count(*) FROM tickets WHERE channel = 'voice'"))
                    .put("calls_joining_open_requests",
                            rig.count("SELECT count(*) FROM ticket_events WHERE type = 'follow_up' AND detail ? 'callId'"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The node's heap in use and live platform threads, read from its Prometheus endpoint. */
    private static final class NodeMemory {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI metrics;
        private volatile double peakHeapBytes;
        private volatile double peakThreads;

        NodeMemory(int httpPort) {
            this.metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");
        }

        void sampleUntilInterrupted(Duration every) {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                    double heap = 0;
                    for (String line : text.lines().toList()) {
                        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                            heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        } else if (line.startsWith("jvm_threads_live_threads")) {
                            peakThreads = Math.max(peakThreads, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                        }
                    }
                    peakHeapBytes = Math.max(peakHeapBytes, heap);
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // a sample missed while the node is busy; the next one counts
                }
            }
        }

        double peakHeapMib() {
            return peakHeapBytes / (1024 * 1024);
        }

        double peakThreads() {
            return peakThreads;
        }
    }
}
