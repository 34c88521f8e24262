package io.qiaoqiao.gateway.roster;

import java.util.List;

/**
 * One record of a CSV text.
 *
 * @param line   the physical line (from 1) where the record starts, so an error can point at
 *               the line an operator sees in an editor even when earlier fields held newlines
 * @param fields the unquoted field values, in column order
 */
public record CsvRecord(int line, List<String> fields) {
    public CsvRecord {
        fields = List.copyOf(fields);
    }

    /** A line with nothing on it: one empty field. */
    public boolean blank() {
        return fields.size() == 1 && fields.getFirst().isBlank();
    }
}
