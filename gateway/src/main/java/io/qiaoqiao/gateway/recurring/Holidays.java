package io.qiaoqiao.gateway.recurring;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The days on which no recurring work is handed out ({@code ledger.holidays}: dates and ranges
 * such as {@code 2026-10-01..2026-10-07}), and what happens to work that falls on one
 * ({@code ledger.on-holiday}).
 */
public record Holidays(Set<LocalDate> days, Rule rule) {
    /** What becomes of an occurrence that falls on a holiday. */
    public enum Rule {
        /** Not done this time; the ledger records it as skipped. */
        SKIP,
        /** Done on the working day before. */
        BEFORE,
        /** Done on the next working day. */
        AFTER,
        /** Done on the day anyway. */
        KEEP;

        public static Rule of(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ledger.on-holiday must be skip, before, after or keep, not " + name);
            }
        }
    }

    public static final Holidays NONE = new Holidays(Set.of(), Rule.KEEP);

    public Holidays {
        days = Set.copyOf(days);
    }

    /** Parses {@code 2026-10-01..2026-10-07, 2027-01-01}; a range is at most a year. */
    public static Holidays parse(List<String> items, Rule rule) {
        Set<LocalDate> days = new TreeSet<>();
        for (String raw : items) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            try {
                int dots = item.indexOf("..");
                LocalDate from = LocalDate.parse(dots < 0 ? item : item.substring(0, dots).strip());
                LocalDate to = dots < 0 ? from : LocalDate.parse(item.substring(dots + 2).strip());
                if (to.isBefore(from) || to.isAfter(from.plusYears(1))) {
                    throw new IllegalArgumentException("ledger.holidays: the range " + item + " must run forward, at most a year");
                }
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    days.add(d);
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("ledger.holidays: '" + item + "' is not a date (2026-10-01) or a range "
                        + "(2026-10-01..2026-10-07)");
            }
        }
        return new Holidays(days, rule);
    }

    public boolean contains(LocalDate day) {
        return days.contains(day);
    }
}
