package io.qiaoqiao.gateway.sms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The SMPP link's meters. Dotted names; the Prometheus registry renders them as
 * qiaoqiao_smpp_bound, qiaoqiao_smpp_submit_seconds, qiaoqiao_smpp_submit_errors_total{kind},
 * qiaoqiao_smpp_deliver_total{type}, qiaoqiao_smpp_deliver_throttled_total,
 * qiaoqiao_smpp_binds_total{outcome} and qiaoqiao_smpp_reader_deaths_total.
 */
final class SmppMetrics {
    static final String BOUND = "qiaoqiao.smpp.bound";
    static final String SUBMIT = "qiaoqiao.smpp.submit";
    static final String SUBMIT_ERRORS = "qiaoqiao.smpp.submit.errors";
    static final String DELIVER = "qiaoqiao.smpp.deliver";
    static final String BINDS = "qiaoqiao.smpp.binds";
    static final String READER_DEATHS = "qiaoqiao.smpp.reader.deaths";
    static final String THROTTLED = "qiaoqiao.smpp.deliver.throttled";

    private final MeterRegistry registry;
    private final Timer submit;
    private final Counter readerDeaths;
    private final Counter throttled;

    SmppMetrics(MeterRegistry registry, BooleanSupplier bound) {
        this.registry = registry;
        Gauge.builder(BOUND, bound, b -> b.getAsBoolean() ? 1 : 0)
                .description("1 while the SMPP link is bound, else 0")
                .strongReference(true)
                .register(registry);
        this.submit = Timer.builder(SUBMIT).description("submit_sm round trips, one per segment").register(registry);
        this.readerDeaths = Counter.builder(READER_DEATHS)
                .description("binds dropped because the thread reading their PDUs had died").register(registry);
        this.throttled = Counter.builder(THROTTLED)
                .description("deliver_sm answered ESME_RTHROTTLED: more were waiting for their commit than smpp.receive-threads allows")
                .register(registry);
        // At zero from the start, so alerts on their rate see the first failure.
        for (SubmitException.Kind kind : SubmitException.Kind.values()) {
            if (kind != SubmitException.Kind.WITHDRAWN) { // the sender's own decision, not a failure
                submitErrors(kind);
            }
        }
    }

    Timer.Sample startSubmit() {
        return Timer.start(registry);
    }

    void submitted(Timer.Sample sample) {
        sample.stop(submit);
    }

    void submitError(SubmitException.Kind kind) {
        submitErrors(kind).increment();
    }

    private Counter submitErrors(SubmitException.Kind kind) {
        return Counter.builder(SUBMIT_ERRORS).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .description("segments not submitted, by failure kind").register(registry);
    }

    /** A deliver_sm refused because too many wait for their commit already. */
    void throttled() {
        throttled.increment();
    }

    /** type: text, receipt or malformed. */
    void delivered(String type) {
        Counter.builder(DELIVER).tag("type", type).description("deliver_sm received, by type")
                .register(registry).increment();
    }

    void readerDied() {
        readerDeaths.increment();
    }

    /** outcome: ok, refused (the SMSC said no) or error (no answer, connection failed). */
    void bindAttempt(String outcome) {
        Counter.builder(BINDS).tag("outcome", outcome).description("bind attempts, by outcome")
                .register(registry).increment();
    }
}
