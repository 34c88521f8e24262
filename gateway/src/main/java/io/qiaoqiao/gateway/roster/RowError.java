package io.qiaoqiao.gateway.roster;

import java.util.Comparator;

/**
 * One bad row of a roster file.
 *
 * @param kind    which file
 * @param line    the physical line (from 1) where the row starts
 * @param message what is wrong, in words an operator can act on
 */
public record RowError(RosterKind kind, int line, String message) {
    /** File order of an import, then line order. */
    public static final Comparator<RowError> IN_FILE_ORDER =
            Comparator.comparing(RowError::kind).thenComparingInt(RowError::line);

    @Override
    public String toString() {
        return kind.id() + ".csv line " + line + ": " + message;
    }
}
