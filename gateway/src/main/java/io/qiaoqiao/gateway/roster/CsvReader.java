package io.qiaoqiao.gateway.roster;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as RFC 4180 describes it: fields separated by commas, optionally quoted; inside
 * quotes a doubled quote is a quote and commas and line breaks are data. Accepts CRLF, LF and
 * lone CR line ends and a leading UTF-8 byte order mark (Excel writes one). A field that
 * {@link CsvWriter} neutralised (a {@code '} in front of {@code = + - @}, so that a spreadsheet
 * shows it as text instead of running it as a formula) is read back without the {@code '}.
 */
public final class CsvReader {
    private static final char BOM = '\uFEFF';

    private CsvReader() {
    }

    /** The text is not CSV (or not UTF-8) at {@link #line()}. */
    public static final class MalformedCsvException extends IllegalArgumentException {
        private final int line;

        public MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * Decodes strict UTF-8. Spreadsheets on Chinese Windows often save CSV as GBK, which would
     * otherwise turn every name into replacement characters without anyone noticing.
     */
    public static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new MalformedCsvException(line, "the file is not UTF-8 text (saved as GBK?); save it as \"CSV UTF-8\"");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String unneutralised(StringBuilder field) {
        return field.length() > 1 && field.charAt(0) == '\'' && CsvWriter.FORMULA_STARTS.indexOf(field.charAt(1)) >= 0
                ? field.substring(1) : field.toString();
    }

    /** Every record of {@code text}, blank lines included (callers decide what they mean). */
    public static List<CsvRecord> read(String text) {
        List<CsvRecord> records = new ArrayList<>();
        int start = !text.isEmpty() && text.charAt(0) == BOM ? 1 : 0;
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;      // inside a quoted section
        boolean wasQuoted = false;   // the current field began with a quote
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !(i + 1 < text.length() && text.charAt(i + 1) == '\n'))) {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (!field.isEmpty() || wasQuoted) {
                    throw new MalformedCsvException(line, "a quote inside an unquoted field; quote the whole field and double the quote (\"\")");
                }
                quoted = true;
                wasQuoted = true;
                quoteLine = line;
            } else if (c == ',') {
                fields.add(unneutralised(field));
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(unneutralised(field));
                records.add(new CsvRecord(recordLine, fields));
                fields = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else if (wasQuoted) {
                throw new MalformedCsvException(line, "text after the closing quote of a field");
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new MalformedCsvException(quoteLine, "a quote opened here is never closed");
        }
        if (!field.isEmpty() || wasQuoted || !fields.isEmpty()) {
            fields.add(unneutralised(field));
            records.add(new CsvRecord(recordLine, fields));
        }
        return records;
    }
}
