package io.qiaoqiao.gateway.voice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The voice edge's meters. Dotted names; Prometheus renders them as
 * {@code qiaoqiao_agi_calls_total{script,outcome}}, {@code qiaoqiao_agi_sessions_active},
 * {@code qiaoqiao_ivr_choices_total{choice}}, {@code qiaoqiao_voice_recordings_total},
 * {@code qiaoqiao_callback_tickets_total}, {@code qiaoqiao_voice_spooled_total},
 * {@code qiaoqiao_voice_spool_waiting}.
 */
public final class VoiceMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter recordings;
    private final Counter callbacks;
    private final Counter spooled;

    public VoiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("qiaoqiao.agi.sessions.active", active, AtomicInteger::get)
                .description("FastAGI calls in progress").register(registry);
        this.recordings = Counter.builder("qiaoqiao.voice.recordings")
                .description("Messages recorded from callers who pressed nothing").register(registry);
        this.callbacks = Counter.builder("qiaoqiao.callback.tickets")
                .description("Tickets opened because the caller hung up first").register(registry);
        this.spooled = Counter.builder("qiaoqiao.voice.spooled")
                .description("Calls written to the spool because the ticket system did not answer in time").register(registry);
    }

    /** How many spooled calls wait for the ticket system, read when scraped. */
    void spoolWaiting(IntSupplier waiting) {
        Gauge.builder("qiaoqiao.voice.spool.waiting", waiting, IntSupplier::getAsInt)
                .description("Spooled calls not yet opened as tickets").strongReference(true).register(registry);
    }

    void spooled() {
        spooled.increment();
    }

    void sessionStarted() {
        active.incrementAndGet();
    }

    /** A call ended; {@code outcome}: completed, hangup, network-error, protocol-error, failed, no-script. */
    void sessionEnded(String script, String outcome) {
        active.decrementAndGet();
        Counter.builder("qiaoqiao.agi.calls").description("FastAGI calls by script and outcome")
                .tag("script", script).tag("outcome", outcome).register(registry).increment();
    }

    /** {@code choice}: errand, repair, advice, mediation, urgent, none. */
    void choice(String choice) {
        Counter.builder("qiaoqiao.ivr.choices").description("Hotline menu choices")
                .tag("choice", choice).register(registry).increment();
    }

    void recording() {
        recordings.increment();
    }

    void callbackTicket() {
        callbacks.increment();
    }
}
