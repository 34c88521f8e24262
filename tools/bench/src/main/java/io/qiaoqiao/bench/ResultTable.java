package io.qiaoqiao.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The human-readable report: one row per figure, then the targets. */
final class ResultTable {
    private ResultTable() {
    }

    static String render(List<Result> results, List<Targets.Verdict> verdicts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"scenario", "figure", "value"});
        for (Result r : results) {
            String scenario = r.scenario();
            for (Map.Entry<String, Object> f : r.figures().entrySet()) {
                rows.add(new String[]{scenario, f.getKey(), String.valueOf(f.getValue())});
                scenario = "";
            }
        }
        StringBuilder out = new StringBuilder(table(rows));
        List<String[]> targets = new ArrayList<>();
        targets.add(new String[]{"target", "measured", "met"});
        for (Targets.Verdict v : verdicts) {
            targets.add(new String[]{v.target(), v.measured(), v.met().map(m -> m ? "MET" : "MISSED").orElse("not run")});
        }
        return out.append('\n').append(table(targets)).toString();
    }

    static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < widths.length; i++) {
                line.append(' ').append(rows.get(r)[i]).append(" ".repeat(widths[i] - rows.get(r)[i].length())).append(" |");
            }
            out.append(line).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int w : widths) {
                    rule.append("-".repeat(w + 2)).append('|');
                }
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }
}
