package io.qiaoqiao.gateway.recurring;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * When recurring work falls, as the studios write it in the one-to-one help ledger: a day of
 * every month (电费 每月5日; the 31st means the month's last day in shorter months), days of the
 * week (购物 每周二上午), or every n weeks (探访 每两周), each at a time of day. Pure: which dates
 * it names, in the studio's calendar; {@link Occurrences} adds the clock and the holidays.
 */
public sealed interface Schedule {
    TimeOfDay at();

    /**
     * The first date on or after {@code from} that the schedule names; {@code anchor} is the day
     * the schedule began (every n weeks counts from its week).
     */
    LocalDate firstOnOrAfter(LocalDate from, LocalDate anchor);

    /** {@code day} of every month, 1..31; a month without that day has it on its last day. */
    record MonthlyOn(int day, TimeOfDay at) implements Schedule {
        public MonthlyOn {
            if (day < 1 || day > 31) {
                throw new IllegalArgumentException("a day of the month is 1 to 31, not " + day);
            }
        }

        @Override
        public LocalDate firstOnOrAfter(LocalDate from, LocalDate anchor) {
            LocalDate inMonth = clamped(from.withDayOfMonth(1));
            return inMonth.isBefore(from) ? clamped(from.withDayOfMonth(1).plusMonths(1)) : inMonth;
        }

        private LocalDate clamped(LocalDate firstOfMonth) {
            return firstOfMonth.withDayOfMonth(Math.min(day, firstOfMonth.lengthOfMonth()));
        }
    }

    /** Each of {@code days} every week ({@code 每天} is all seven). */
    record Weekly(Set<DayOfWeek> days, TimeOfDay at) implements Schedule {
        public Weekly {
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly schedule needs at least one day of the week");
            }
            days = Set.copyOf(EnumSet.copyOf(days));
        }

        @Override
        public LocalDate firstOnOrAfter(LocalDate from, LocalDate anchor) {
            LocalDate d = from;
            while (!days.contains(d.getDayOfWeek())) {
                d = d.plusDays(1);
            }
            return d;
        }
    }

    /**
     * Every {@code weeks} weeks on {@code day} (else on the weekday the schedule began), counted
     * from the first such day on or after the day it began.
     */
    record EveryWeeks(int weeks, Optional<DayOfWeek> day, TimeOfDay at) implements Schedule {
        public EveryWeeks {
            if (weeks < 1 || weeks > 52) {
                throw new IllegalArgumentException("every 1 to 52 weeks, not " + weeks);
            }
        }

        @Override
        public LocalDate firstOnOrAfter(LocalDate from, LocalDate anchor) {
            LocalDate base = day.map(d -> anchor.with(TemporalAdjusters.nextOrSame(d))).orElse(anchor);
            if (!from.isAfter(base)) {
                return base;
            }
            long period = 7L * weeks;
            long periods = (ChronoUnit.DAYS.between(base, from) + period - 1) / period;
            return base.plusDays(periods * period);
        }
    }
}
