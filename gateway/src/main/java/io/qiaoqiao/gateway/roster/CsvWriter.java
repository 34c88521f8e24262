package io.qiaoqiao.gateway.roster;

import java.util.List;

/**
 * Writes CSV that {@link CsvReader} (and spreadsheets) read back unchanged: CRLF, quotes only
 * where needed. A field that begins with {@code = + - @} (or a tab or carriage return) gets a
 * {@code '} in front, so Excel and WPS show it as text rather than run it as a formula
 * (a roster cell is whatever someone typed into a form); {@link CsvReader} takes it off again.
 */
public final class CsvWriter {
    /** The first characters that make a spreadsheet read a cell as a formula. */
    static final String FORMULA_STARTS = "=+-@\t\r";
    /** Put in front of a downloaded file: Excel on Chinese Windows reads UTF-8 only with it (else GBK). */
    public static final String BOM = "\uFEFF";

    private final StringBuilder out = new StringBuilder();

    /** Appends one record. */
    public CsvWriter row(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = neutralised(fields.get(i) == null ? "" : fields.get(i));
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
        return this;
    }

    static String neutralised(String field) {
        return !field.isEmpty() && FORMULA_STARTS.indexOf(field.charAt(0)) >= 0 ? "'" + field : field;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
