package io.qiaoqiao.gateway.voice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.gateway.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One voice edge on a free loopback port with an in-memory desk; one per test. */
final class VoiceEdgeFixture implements AutoCloseable {
    static final String RESIDENT = "+8613900000002";
    static final String VOLUNTEER = "+8613700000001";

    final RecordingVoiceDesk desk = new RecordingVoiceDesk();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final VoiceEdge edge;

    VoiceEdgeFixture() {
        this(Map.of("voice.recordings-dir", "/rec", "voice.digit-timeout-ms", "10000"));
    }

    /** With the shipped defaults except {@code settings} (and a free port). */
    VoiceEdgeFixture(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("agi.port", "0", "agi.reply-timeout-ms", "20000",
                "voice.spool-dir", spoolDir()));
        all.putAll(settings);
        Config config = Config.of(all);
        desk.roster.put(RESIDENT, new VoiceDesk.Caller(RESIDENT, VoiceDesk.Role.RESIDENT, "张奶奶", "茅岐村",
                java.util.Optional.empty()));
        edge = new VoiceEdge(config, desk, registry);
        join(edge.start());
    }

    /** A spool of this fixture's own: another test's spooled calls must not reach this desk. */
    private static String spoolDir() {
        try {
            return Files.createTempDirectory("qiaoqiao-voice-spool").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeAsteriskAgiClient call(String script, String callerId, String uniqueId) {
        return new FakeAsteriskAgiClient(script, callerId, uniqueId);
    }

    /** Dials and waits until the server has hung up. */
    List<String> complete(FakeAsteriskAgiClient client) throws Exception {
        CompletableFuture<List<String>> done = client.dial(edge.port());
        return done.get(20, TimeUnit.SECONDS);
    }

    double calls(String script, String outcome) {
        Counter counter = registry.find("qiaoqiao.agi.calls").tags("script", script, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The server counts a call after closing its socket: wait for the count. */
    void awaitCalls(String script, String outcome, double expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(expected, calls(script, outcome)));
    }

    private static void join(io.vertx.core.Future<Void> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        join(edge.stop());
    }
}
