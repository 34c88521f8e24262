package io.qiaoqiao.gateway.voice;

import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.metrics.InputLimits;
import io.vertx.core.Future;

import java.util.Map;

/**
 * The telephone side of the gateway, assembled: the caller cache, the scripts ({@code hotline},
 * {@code volunteer}, {@code rating}, {@code confirm}, {@code offer}, and with a {@link ReachDesk}
 * {@code broadcast} and {@code checkin}), the spool of calls the ticket system could not take in
 * time, and the FastAGI listener. The spine passes its {@link VoiceDesk}; the roster import calls
 * {@code callers().invalidateAll()}.
 */
public final class VoiceEdge {
    private final CallerCache callers;
    private final CallSpool spool;
    private final FastAgiServer server;

    public VoiceEdge(Config config, VoiceDesk desk, MeterRegistry registry) {
        this(config, desk, null, registry);
    }

    /** @param reach the desk of broadcast and check-in calls, or null when they are not placed */
    public VoiceEdge(Config config, VoiceDesk desk, ReachDesk reach, MeterRegistry registry) {
        this(VoiceSettings.from(config), AgiGate.from(config), desk, reach, registry);
    }

    public VoiceEdge(VoiceSettings settings, AgiGate gate, VoiceDesk desk, ReachDesk reach, MeterRegistry registry) {
        VoiceMetrics metrics = new VoiceMetrics(registry);
        this.callers = new CallerCache(desk, settings.callerCacheTtl(), settings.callerCacheSize());
        this.spool = new CallSpool(settings.spoolDir(), desk, metrics);
        Map<String, VoiceScript> scripts = new java.util.HashMap<>(Map.of(
                "hotline", new HotlineIvr(desk, callers, settings, metrics, spool),
                "volunteer", new VolunteerLine(desk, callers, settings),
                "rating", new RatingCall(desk, settings),
                "confirm", new ConfirmationCall(desk, settings),
                "offer", new OfferCall(desk, settings)));
        if (reach != null) {
            scripts.put("broadcast", new BroadcastCall(reach, settings));
            scripts.put("checkin", new CheckInCall(reach, settings));
        }
        this.server = new FastAgiServer(settings.agiHost(), settings.agiPort(), settings.agiReplyTimeout(),
                settings.promptDir(), scripts, metrics, gate, new InputLimits(registry));
    }

    /** Starts listening, and opening the calls left in the spool. */
    public Future<Void> start() {
        return server.start().onSuccess(v -> spool.start());
    }

    public Future<Void> stop() {
        spool.stop();
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
