package io.qiaoqiao.gateway.roster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One roster file read as CSV and checked for shape: a header naming exactly the columns of
 * its kind (in any order), then rows with one field per column. Blank lines are skipped.
 *
 * @param kind   which file
 * @param rows   the rows with the right shape
 * @param errors problems of shape: unreadable text, a bad header, a wrong number of fields
 */
public record RosterSheet(RosterKind kind, List<Row> rows, List<RowError> errors) {
    public RosterSheet {
        rows = List.copyOf(rows);
        errors = List.copyOf(errors);
    }

    /** One data row: its line and its values by column name, stripped of surrounding blanks. */
    public record Row(int line, Map<String, String> values) {
        public String get(String column) {
            return values.getOrDefault(column, "");
        }
    }

    public static RosterSheet read(RosterKind kind, byte[] utf8) {
        try {
            return read(kind, CsvReader.decodeUtf8(utf8));
        } catch (CsvReader.MalformedCsvException e) {
            return failed(kind, e);
        }
    }

    public static RosterSheet read(RosterKind kind, String text) {
        List<CsvRecord> records;
        try {
            records = CsvReader.read(text);
        } catch (CsvReader.MalformedCsvException e) {
            return failed(kind, e);
        }
        List<CsvRecord> nonBlank = records.stream().filter(r -> !r.blank()).toList();
        if (nonBlank.isEmpty()) {
            return new RosterSheet(kind, List.of(), List.of(new RowError(kind, 1,
                    "the file is empty; the first line must be the header " + String.join(",", kind.required()))));
        }
        CsvRecord header = nonBlank.getFirst();
        List<String> columns = header.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        String headerProblem = headerProblem(kind, columns);
        if (headerProblem != null) {
            return new RosterSheet(kind, List.of(), List.of(new RowError(kind, header.line(), headerProblem)));
        }
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        for (CsvRecord record : nonBlank.subList(1, nonBlank.size())) {
            if (record.fields().size() != columns.size()) {
                errors.add(new RowError(kind, record.line(), "expected " + columns.size() + " fields ("
                        + String.join(",", columns) + "), found " + record.fields().size()
                        + "; a field with a comma must be in double quotes"));
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i), record.fields().get(i).strip());
            }
            rows.add(new Row(record.line(), values));
        }
        return new RosterSheet(kind, rows, errors);
    }

    private static String headerProblem(RosterKind kind, List<String> columns) {
        List<String> missing = kind.required().stream().filter(c -> !columns.contains(c)).toList();
        List<String> unknown = columns.stream().filter(c -> !kind.columns().contains(c)).toList();
        boolean repeated = columns.stream().distinct().count() != columns.size();
        if (missing.isEmpty() && unknown.isEmpty() && !repeated) {
            return null;
        }
        return "the header must name the columns " + String.join(",", kind.required())
                + (kind.columns().size() > kind.required().size()
                        ? " (and may name " + String.join(",", kind.columns().subList(kind.required().size(), kind.columns().size())) + ")" : "")
                + (missing.isEmpty() ? "" : "; missing: " + String.join(",", missing))
                + (unknown.isEmpty() ? "" : "; unknown: " + String.join(",", unknown))
                + (repeated ? "; a column is named twice" : "");
    }

    private static RosterSheet failed(RosterKind kind, CsvReader.MalformedCsvException e) {
        return new RosterSheet(kind, List.of(), List.of(new RowError(kind, e.line(), e.getMessage())));
    }
}
