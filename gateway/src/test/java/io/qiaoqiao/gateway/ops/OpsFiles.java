package io.qiaoqiao.gateway.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's {@code ops/} folder as tests read it: the metrics catalog and PromQL in dashboards and rules. */
final class OpsFiles {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_:][a-z0-9_:]*)` \\| ([a-z ()]+?) \\| ([^|]*) \\|");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "delta", "deriv", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "bool", "time", "vector", "scalar", "abs", "clamp_min", "clamp_max", "topk",
            "bottomk", "max_over_time", "min_over_time", "avg_over_time", "changes", "resets", "absent", "absent_over_time",
            "label_replace", "sort", "sort_desc", "round", "ceil", "floor", "le", "count_over_time", "last_over_time", "day_of_month",
            "Inf", "inf", "NaN", "e");
    private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

    private OpsFiles() {
    }

    /** One catalog row. */
    record Metric(String name, String type, Set<String> labels, boolean voice) {
        boolean hasSeries() {
            return type.startsWith("histogram") || type.startsWith("summary");
        }
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ops")) ) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ops/ folder above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("ops");
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalog's rows; rows under a heading containing "(voice)" are marked as voice metrics. */
    static List<Metric> catalog() {
        List<Metric> out = new ArrayList<>();
        boolean voice = false;
        for (String line : read("metrics.md").lines().toList()) {
            if (line.startsWith("## ")) {
                voice = line.contains("(voice)");
            }
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                Set<String> labels = new LinkedHashSet<>();
                for (String label : m.group(3).split(",")) {
                    String l = label.strip();
                    if (!l.isEmpty() && !l.equals("—")) {
                        labels.add(l);
                    }
                }
                out.add(new Metric(m.group(1), m.group(2).strip(), labels, voice));
            }
        }
        return out;
    }

    /** Every series name a query may use: catalog names plus the suffixed series of histograms and summaries. */
    static Set<String> catalogSeries() {
        Set<String> out = new LinkedHashSet<>();
        for (Metric metric : catalog()) {
            out.add(metric.name());
            if (metric.hasSeries()) {
                SERIES_SUFFIXES.forEach(s -> out.add(metric.name() + s));
            }
        }
        return out;
    }

    /** The metric names a PromQL expression uses (strings, label matchers, ranges and grouping removed). */
    static Set<String> metricsIn(String expr) {
        String stripped = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?(e\\d+)?[smhdwy]?\\b", " ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            if (!PROMQL.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }
}
