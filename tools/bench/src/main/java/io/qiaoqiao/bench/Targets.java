package io.qiaoqiao.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets of issue 5, judged from one run's results. */
final class Targets {
    /** One target: what was measured, and whether it is met (empty when its scenarios did not run). */
    record Verdict(String target, String measured, Optional<Boolean> met) {
    }

    private Targets() {
    }

    static List<Verdict> check(List<Result> results) {
        Map<String, Map<String, Object>> by = new HashMap<>();
        results.forEach(r -> by.put(r.scenario(), r.figures()));
        List<Verdict> out = new ArrayList<>();
        Map<String, Object> baseline = by.get("baseline_insert_16conn");
        Map<String, Object> saturated = by.get("sms_intake_saturated_1_node");
        if (baseline != null && saturated != null) {
            double share = number(saturated, "tickets_per_s") / number(baseline, "commits_per_s");
            out.add(new Verdict("SMS tickets/s >= 50% of the 16-connection insert baseline",
                    String.format("%.0f of %.0f = %.0f%%", number(saturated, "tickets_per_s"),
                            number(baseline, "commits_per_s"), share * 100), Optional.of(share >= 0.5)));
        }
        Map<String, Object> rate = by.get("sms_intake_fixed_rate");
        if (rate != null) {
            double p99 = number(rate, "deliver_to_offer_p99_ms");
            boolean sustained = number(rate, "tickets_per_s") >= 0.99 * number(rate, "offered_texts_per_s");
            out.add(new Verdict("deliver_sm -> offer submit_sm p99 <= 20 ms at the offered rate, sustained",
                    String.format("p99 %.1f ms, %.0f of %.0f texts/s for %s s", p99, number(rate, "tickets_per_s"),
                            number(rate, "offered_texts_per_s"), rate.get("seconds")),
                    Optional.of(p99 <= 20 && sustained)));
        }
        Map<String, Object> outbox = by.get("outbox_drain");
        if (outbox != null) {
            double perSecond = number(outbox, "submit_sm_per_s");
            out.add(new Verdict("outbound >= 5,000 submit_sm/s", String.format("%.0f submit_sm/s", perSecond),
                    Optional.of(perSecond >= 5000)));
        }
        Map<String, Object> trivial = by.get("sms_intake_saturated_trivial_rule");
        if (saturated != null && trivial != null) {
            double cost = 1 - number(saturated, "tickets_per_s") / number(trivial, "tickets_per_s");
            out.add(new Verdict("every built-in plugin costs <= 10% of intake vs one trivial rule",
                    String.format("%.0f vs %.0f tickets/s: %.1f%% cost", number(saturated, "tickets_per_s"),
                            number(trivial, "tickets_per_s"), cost * 100), Optional.of(cost <= 0.10)));
        }
        Map<String, Object> calls = by.get("calls");
        if (calls != null) {
            boolean met = number(calls, "calls_completed") == number(calls, "calls") && number(calls, "heap_peak_mib") <= 1024;
            out.add(new Verdict("5,000 concurrent calls, heap <= 1 GiB, none dropped",
                    String.format("%s of %s heard their ticket code (%s told the desk is busy, %s dropped); heap peak %s MiB, "
                                    + "%s platform threads", calls.get("calls_completed"), calls.get("calls"),
                            calls.get("calls_desk_unavailable"), calls.get("calls_dropped"), calls.get("heap_peak_mib"),
                            calls.get("platform_threads_peak")), Optional.of(met)));
        }
        Map<String, Object> kill = by.get("scale_out_kill_one_of_three");
        if (kill != null) {
            boolean met = number(kill, "texts_without_ticket") == 0 && number(kill, "duplicate_tickets") == 0
                    && number(kill, "duplicate_offer_rows") == 0 && number(kill, "offer_texts_submitted_twice") == 0;
            out.add(new Verdict("node killed: 0 texts without ticket, 0 duplicate tickets, 0 duplicate offers",
                    String.format("%s without ticket, %s duplicate tickets, %s duplicate offer rows, %s offer texts sent twice",
                            kill.get("texts_without_ticket"), kill.get("duplicate_tickets"), kill.get("duplicate_offer_rows"),
                            kill.get("offer_texts_submitted_twice")), Optional.of(met)));
        }
        return out;
    }

    private static double number(Map<String, Object> figures, String name) {
        Object value = figures.get(name);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
