package io.qiaoqiao.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The goals of issue 15 (and the two of issue 5 that still stand), judged from one run's results. */
final class Targets {
    /** One target: what was measured, and whether it is met (empty when its scenarios did not run). */
    record Verdict(String target, String measured, Optional<Boolean> met) {
    }

    static final double TICKETS_PER_S = 1000;
    static final double SHARE_OF_TICKET_SHAPED = 0.25;
    static final double LATENCY_RATE = 300;
    static final double LATENCY_P99_MS = 50;
    static final double PLUGIN_COST = 0.10;
    static final double KANNEL_MULTIPLE = 2;

    private Targets() {
    }

    static List<Verdict> check(List<Result> results) {
        Map<String, Map<String, Object>> by = new HashMap<>();
        results.forEach(r -> by.put(r.scenario(), r.figures()));
        List<Verdict> out = new ArrayList<>();
        Map<String, Object> shaped = by.get("baseline_ticket_shaped_16clients");
        Map<String, Object> saturated = by.get("sms_intake_saturated_1_node");
        if (saturated != null) {
            double tickets = number(saturated, "tickets_per_s");
            double ceiling = shaped == null ? Double.NaN : number(shaped, "tickets_per_s");
            boolean share = !Double.isNaN(ceiling) && tickets >= SHARE_OF_TICKET_SHAPED * ceiling;
            out.add(new Verdict(">= 1,000 durable tickets/s with every built-in plugin, and >= 25% of the ticket-shaped baseline",
                    String.format("%.0f tickets/s; ticket-shaped baseline %.0f/s: %.0f%%", tickets, ceiling, 100 * tickets / ceiling),
                    Optional.of(tickets >= TICKETS_PER_S && share)));
        }
        Map<String, Object> rate = by.get("sms_intake_rate_" + Math.round(LATENCY_RATE));
        if (rate != null) {
            double p99 = number(rate, "deliver_to_offer_p99_ms");
            boolean sustained = number(rate, "tickets_per_s") >= 0.99 * LATENCY_RATE && number(rate, "seconds") >= 60
                    && number(rate, "offers_missing_after_20s") == 0;
            out.add(new Verdict("deliver_sm -> offer submit_sm p99 <= 50 ms at 300 texts/s for 60 s",
                    String.format("p99 %.1f ms, %.0f tickets/s for %s s, %s without offer", p99, number(rate, "tickets_per_s"),
                            rate.get("seconds"), rate.get("offers_missing_after_20s")),
                    Optional.of(p99 <= LATENCY_P99_MS && sustained)));
        }
        Map<String, Object> trivial = by.get("sms_intake_saturated_trivial_rule");
        if (saturated != null && trivial != null) {
            double cost = 1 - number(saturated, "tickets_per_s") / number(trivial, "tickets_per_s");
            out.add(new Verdict("routing through every built-in plugin costs <= 10% of throughput",
                    String.format("%.0f vs %.0f tickets/s: %.1f%% cost", number(saturated, "tickets_per_s"),
                            number(trivial, "tickets_per_s"), cost * 100), Optional.of(cost <= PLUGIN_COST)));
        }
        List<String> kannel = new ArrayList<>();
        boolean kannelMet = true;
        boolean kannelRan = false;
        for (String receipts : List.of("no_receipts", "receipts")) {
            for (String phones : List.of("many_phones", "one_phone")) {
                Map<String, Object> pair = by.get("outbound_vs_kannel_" + receipts + "_" + phones);
                if (pair == null || pair.containsKey("skipped")) {
                    continue;
                }
                kannelRan = true;
                double ratio = number(pair, "gateway_submit_sm_per_s") / number(pair, "kannel_submit_sm_per_s");
                boolean settled = !receipts.equals("receipts")
                        || number(pair, "gateway_receipts_settled") == number(pair, "texts");
                kannelMet &= ratio >= KANNEL_MULTIPLE && settled;
                kannel.add(String.format("%s/%s %.0f vs %.0f = %.1fx%s", receipts.replace('_', ' '), phones.replace('_', ' '),
                        number(pair, "gateway_submit_sm_per_s"), number(pair, "kannel_submit_sm_per_s"), ratio,
                        settled ? "" : " (receipts not all settled)"));
            }
        }
        if (kannelRan) {
            out.add(new Verdict("outbound >= 2x Kannel through the same SMSC, with and without receipts, many phones and one",
                    String.join("; ", kannel), Optional.of(kannelMet)));
        }
        Map<String, Object> receipts = by.get("receipts_burst");
        if (receipts != null) {
            boolean met = number(receipts, "receipts_refused") == 0 && number(receipts, "receipts_unanswered") == 0
                    && number(receipts, "rows_settled") == number(receipts, "receipts");
            out.add(new Verdict("10,000 receipts pushed at once through a window of 100: all settled, none refused",
                    String.format("%s of %s settled, %s refused, %s unanswered", receipts.get("rows_settled"),
                            receipts.get("receipts"), receipts.get("receipts_refused"), receipts.get("receipts_unanswered")),
                    Optional.of(met)));
        }
        Map<String, Object> calls = by.get("calls");
        if (calls != null) {
            boolean met = number(calls, "calls_desk_unavailable") == 0 && number(calls, "calls_dropped") == 0
                    && number(calls, "heap_peak_mib") <= 1024;
            out.add(new Verdict("5,000 concurrent callers: 0 told the desk is busy, heap <= 1 GiB",
                    String.format("%s of %s heard their ticket code (%s told the desk is busy, %s dropped); heap peak %s MiB, "
                                    + "%s platform threads", calls.get("calls_completed"), calls.get("calls"),
                            calls.get("calls_desk_unavailable"), calls.get("calls_dropped"), calls.get("heap_peak_mib"),
                            calls.get("platform_threads_peak")), Optional.of(met)));
        }
        Map<String, Object> outbox = by.get("outbox_drain");
        if (outbox != null) {
            double perSecond = number(outbox, "submit_sm_per_s");
            out.add(new Verdict("(issue 5) outbound >= 5,000 submit_sm/s from a full outbox", String.format("%.0f submit_sm/s", perSecond),
                    Optional.of(perSecond >= 5000)));
        }
        Map<String, Object> kill = by.get("scale_out_kill_one_of_three");
        if (kill != null) {
            boolean met = number(kill, "texts_without_ticket") == 0 && number(kill, "duplicate_tickets") == 0
                    && number(kill, "duplicate_offer_rows") == 0 && number(kill, "offer_texts_submitted_twice") == 0;
            out.add(new Verdict("(issue 5) node killed: 0 texts without ticket, 0 duplicate tickets, 0 duplicate offers",
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
