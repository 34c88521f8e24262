package io.qiaoqiao.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.logging.ThrottledLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What came from outside and hit one of the configured caps (a PDU too long, a text too big, too
 * many parts, too many FastAGI connections, a peer not allowed, a header too slow): each time is
 * counted in {@code qiaoqiao_input_limited_total{limit}}, the label being the configuration key
 * of the cap, and logged with its reason, at most one WARN line per limit every ten seconds (a
 * hostile peer can hit a cap thousands of times a second; DEBUG has every one).
 */
public final class InputLimits {
    static final String LIMITED = "qiaoqiao.input.limited";
    /** Every cap, so that each counter exists at zero from the start and an alert sees the first hit. */
    public static final List<String> KEYS = List.of("smpp.max-pdu-bytes", "sms.max-payload-bytes", "sms.max-parts",
            "agi.max-connections", "agi.allowed-peers", "agi.header-timeout-ms");
    private static final Logger log = LoggerFactory.getLogger(InputLimits.class);
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Map<String, ThrottledLog> logs = new ConcurrentHashMap<>();

    public InputLimits(MeterRegistry registry) {
        this.registry = registry;
        KEYS.forEach(this::counter);
    }

    /** One input stopped or cut at the cap named by {@code key}; {@code reason} says what and from whom (phones masked). */
    public void hit(String key, String reason) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("not a declared input limit: " + key);
        }
        counter(key).increment();
        logs.computeIfAbsent(key, k -> new ThrottledLog(log, REPORT_INTERVAL)).warn(key + ": " + reason);
    }

    private Counter counter(String key) {
        return Counter.builder(LIMITED).tag("limit", key)
                .description("inputs refused or cut at a configured cap, by the cap's configuration key").register(registry);
    }
}
