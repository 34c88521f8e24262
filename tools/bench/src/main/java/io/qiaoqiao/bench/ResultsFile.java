package io.qiaoqiao.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's memory: every run appends one JSON line (when, which commit, which machine,
 * the settings, every figure, every verdict) to {@code ops/bench/results.jsonl}, and the next run
 * prints its figures beside the last run's on the same kind of machine, so a change is compared
 * against the one before it.
 */
final class ResultsFile {
    private final Path file;

    ResultsFile(Path file) {
        this.file = file;
    }

    /** What this machine is, as far as the figures depend on it. */
    static JsonObject machine() {
        return new JsonObject()
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("cpu", cpuModel())
                .put("memory_mib", memoryMib())
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("java", Runtime.version().toString())
                .put("load_average_at_start", Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
    }

    /** The commit the benchmark was built from, with "-dirty" when the work tree had changes. */
    static String commit() {
        String head = git("rev-parse", "--short=12", "HEAD").orElse("unknown");
        boolean dirty = git("status", "--porcelain", "--untracked-files=no").map(s -> !s.isBlank()).orElse(false);
        return dirty ? head + "-dirty" : head;
    }

    /** The last run recorded on a machine with the same cores and CPU, if any. */
    Optional<JsonObject> lastOnSameMachine(JsonObject machine) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonObject last = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject run = new JsonObject(line);
            JsonObject m = run.getJsonObject("machine", new JsonObject());
            if (machine.getValue("cores").equals(m.getValue("cores")) && machine.getString("cpu").equals(m.getString("cpu"))) {
                last = run;
            }
        }
        return Optional.ofNullable(last);
    }

    void append(JsonObject run) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, run.encode() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static JsonObject run(String[] args, JsonObject machine, List<Result> results, List<Targets.Verdict> verdicts) {
        JsonArray figures = new JsonArray();
        results.forEach(r -> figures.add(new JsonObject(r.json())));
        JsonArray targets = new JsonArray();
        verdicts.forEach(v -> targets.add(new JsonObject().put("target", v.target()).put("measured", v.measured())
                .put("met", v.met().orElse(null))));
        return new JsonObject().put("at", Instant.now().toString()).put("commit", commit()).put("machine", machine)
                .put("arguments", new JsonArray(List.of((Object[]) args))).put("results", figures).put("targets", targets);
    }

    /**
     * The rates, latencies and ratios of this run beside the same figures of {@code last}: one row
     * per figure both runs have.
     */
    static List<String[]> comparison(List<Result> now, JsonObject last) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"figure", "last run (" + last.getString("commit") + ", " + last.getString("at") + ")", "this run", "change"});
        for (Result r : now) {
            JsonObject before = null;
            for (Object o : last.getJsonArray("results", new JsonArray())) {
                if (o instanceof JsonObject j && r.scenario().equals(j.getString("scenario"))) {
                    before = j;
                }
            }
            if (before == null) {
                continue;
            }
            for (Map.Entry<String, Object> f : r.figures().entrySet()) {
                String name = f.getKey();
                boolean compared = name.endsWith("_per_s") || name.endsWith("_ms") || name.endsWith("_ratio");
                if (compared && f.getValue() instanceof Number n && before.getValue(name) instanceof Number b) {
                    String change = b.doubleValue() == 0 ? "" : String.format("%+.0f%%", 100 * (n.doubleValue() / b.doubleValue() - 1));
                    rows.add(new String[]{r.scenario() + " " + name, String.valueOf(b), String.valueOf(n), change});
                }
            }
        }
        return rows;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memoryMib() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> git(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }
}
