package io.qiaoqiao.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long and how hard each scenario runs; every value can be changed with
 * {@code --name=value} on the command line (see {@link Benchmark}).
 *
 * @param rates       the open-loop rates (texts per second) of the latency scenario
 * @param kannelTexts how many texts Kannel and then the gateway send in each side-by-side run
 * @param profile     record the nodes with JFR and PostgreSQL's statements with pg_stat_statements
 * @param resultsFile where each run's figures are appended (empty: nowhere)
 */
record BenchSettings(Set<String> scenarios, int warmupSeconds, int baselineSeconds, List<Double> rates, int rateSeconds,
                     int senders, int saturatedSeconds, int residents, int outboxTexts, int window, int calls,
                     int menuWaitSeconds, double killRate, int killSeconds, int deliverWindow, int kannelTexts,
                     boolean profile, String resultsFile) {
    static final Set<String> ALL = new LinkedHashSet<>(
            List.of("baseline", "intake", "routing", "outbox", "kannel", "receipts", "calls", "scaleout"));

    static BenchSettings parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments look like --name=value, got " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Set<String> scenarios = given.containsKey("scenarios") ? Set.of(given.remove("scenarios").split(",")) : ALL;
        BenchSettings s = new BenchSettings(scenarios,
                integer(given, "warmup-seconds", 5),
                integer(given, "baseline-seconds", 10),
                Arrays.stream(text(given, "rates", "100,300,1000").split(",")).map(Double::parseDouble).toList(),
                integer(given, "rate-seconds", 60),
                integer(given, "senders", 64),
                integer(given, "saturated-seconds", 15),
                integer(given, "residents", 2000),
                integer(given, "outbox-texts", 100_000),
                integer(given, "window", 10),
                integer(given, "calls", 5000),
                integer(given, "menu-wait-seconds", 15),
                Double.parseDouble(text(given, "kill-rate", "100")),
                integer(given, "kill-seconds", 20),
                integer(given, "deliver-window", 30),
                integer(given, "kannel-texts", 10_000),
                Boolean.parseBoolean(text(given, "profile", "false")),
                text(given, "results", "ops/bench/results.jsonl"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown benchmark settings: " + given.keySet());
        }
        if (!ALL.containsAll(scenarios)) {
            throw new IllegalArgumentException("scenarios are " + ALL + ", got " + scenarios);
        }
        return s;
    }

    private static int integer(Map<String, String> given, String name, int fallback) {
        String value = given.remove(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String text(Map<String, String> given, String name, String fallback) {
        String value = given.remove(name);
        return value == null ? fallback : value;
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }
}
