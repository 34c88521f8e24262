package io.qiaoqiao.gateway.voice;

import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.metrics.InputLimits;
import io.vertx.core.Future;

import java.util.Map;

/**
 * The telephone side of the gateway, assembled: the caller cache, the four scripts
 * ({@code hotline}, {@code volunteer}, {@code rating}, {@code confirm}) and the FastAGI
 * listener. The spine passes its {@link VoiceDesk}; the roster import calls
 * {@code callers().invalidateAll()}.
 */
public final class VoiceEdge {
    private final CallerCache callers;
    private final FastAgiServer server;

    public VoiceEdge(Config config, VoiceDesk desk, MeterRegistry registry) {
        this(VoiceSettings.from(config), AgiGate.from(config), desk, registry);
    }

    public VoiceEdge(VoiceSettings settings, AgiGate gate, VoiceDesk desk, MeterRegistry registry) {
        VoiceMetrics metrics = new VoiceMetrics(registry);
        this.callers = new CallerCache(desk, settings.callerCacheTtl(), settings.callerCacheSize());
        Map<String, VoiceScript> scripts = Map.of(
                "hotline", new HotlineIvr(desk, callers, settings, metrics),
                "volunteer", new VolunteerLine(desk, callers, settings),
                "rating", new RatingCall(desk, settings),
                "confirm", new ConfirmationCall(desk, settings));
        this.server = new FastAgiServer(settings.agiHost(), settings.agiPort(), settings.agiReplyTimeout(),
                settings.promptDir(), scripts, metrics, gate, new InputLimits(registry));
    }

    public Future<Void> start() {
        return server.start();
    }

    public Future<Void> stop() {
        return server.stop();
    }

    public CallerCache callers() {
        return callers;
    }

    /** The bound FastAGI port (useful with {@code agi.port=0}). */
    public int port() {
        return server.port();
    }

    /** Whether FastAGI is listening (readiness). */
    public boolean listening() {
        return server.listening();
    }
}
