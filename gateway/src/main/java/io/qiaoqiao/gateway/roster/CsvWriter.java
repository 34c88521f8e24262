package io.qiaoqiao.gateway.roster;

import java.util.List;

/** Writes CSV that {@link CsvReader} (and spreadsheets) read back unchanged: CRLF, quotes only where needed. */
public final class CsvWriter {
    private final StringBuilder out = new StringBuilder();

    /** Appends one record. */
    public CsvWriter row(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
