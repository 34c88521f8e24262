package io.qiaoqiao.gateway.recurring;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The days on which no recurring work is handed out (the studio's holiday ranges, which the
 * desk keeps in table {@code holidays}), and what happens to work that falls on one
 * ({@code ledger.on-holiday}).
 */
public record Holidays(Set<LocalDate> days, Rule rule) {
    /** A holiday of one day or more, both ends included. */
    public record Range(LocalDate first, LocalDate last) {
    }

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

    /** The days of {@code ranges}. */
    public static Holidays of(Collection<Range> ranges, Rule rule) {
        Set<LocalDate> days = new TreeSet<>();
        for (Range r : ranges) {
            for (LocalDate d = r.first(); !d.isAfter(r.last()); d = d.plusDays(1)) {
                days.add(d);
            }
        }
        return new Holidays(days, rule);
    }

    /** Parses {@code 2026-10-01..2026-10-07, 2027-01-01}; a range is at most a year. */
    public static Holidays parse(List<String> items, Rule rule) {
        return of(ranges(items), rule);
    }

    /** The ranges of {@code ledger.holidays}: {@code 2026-10-01..2026-10-07, 2027-01-01}, each at most a year. */
    public static List<Range> ranges(List<String> items) {
        List<Range> ranges = new ArrayList<>();
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
                ranges.add(new Range(from, to));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("ledger.holidays: '" + item + "' is not a date (2026-10-01) or a range "
                        + "(2026-10-01..2026-10-07)");
            }
        }
        return List.copyOf(ranges);
    }

    public boolean contains(LocalDate day) {
        return days.contains(day);
    }
}
