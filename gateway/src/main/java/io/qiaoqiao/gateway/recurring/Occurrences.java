package io.qiaoqiao.gateway.recurring;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a schedule's work falls, in the studio's calendar and clock: each date the schedule
 * names, at its time of day (the configured default when it names none), moved or skipped by
 * the holiday rule. Pure, so month ends, leap years and holidays are tested without a clock.
 *
 * <p>A holiday never makes work vanish: an occurrence that cannot be moved is returned as
 * skipped, with the reason, for the ledger to record. Moving work to the next working day never
 * piles several occurrences onto one day (a daily item over a week-long holiday): an occurrence
 * that would land on or after the next one's date is skipped instead; moving it to the day
 * before never lands on or before the previous one's.
 */
public final class Occurrences {
    /** More candidates than any schedule needs to find its next date, even past a year of holidays. */
    private static final int MAX_CANDIDATES = 1000;

    private final ZoneId zone;
    private final LocalTime defaultTime;
    private final Holidays holidays;

    public Occurrences(ZoneId zone, LocalTime defaultTime, Holidays holidays) {
        this.zone = zone;
        this.defaultTime = defaultTime;
        this.holidays = holidays;
    }

    /** The first occurrence on or after {@code anchor} (the day the schedule begins) that falls after {@code now}. */
    public Occurrence first(Schedule schedule, LocalDate anchor, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate from = anchor.isAfter(today) ? anchor : today;
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            LocalDate nominal = schedule.firstOnOrAfter(from, anchor);
            Occurrence o = place(schedule, anchor, nominal, Optional.empty());
            if (o.at().isAfter(now)) {
                return o;
            }
            Instant nominalAt = at(nominal, schedule);
            if (nominalAt.isAfter(now)) {
                // Moved to a working day before it that has already passed: recorded, not lost.
                return new Occurrence(nominal, Optional.empty(), "holiday: the working day before it had passed", nominalAt);
            }
            from = nominal.plusDays(1);
        }
        throw new IllegalStateException("no occurrence of " + ScheduleText.words(schedule) + " found");
    }

    /** The occurrence after {@code previous}, whenever that is (a gateway that was down fires it late). */
    public Occurrence after(Schedule schedule, LocalDate anchor, Occurrence previous) {
        LocalDate nominal = schedule.firstOnOrAfter(previous.nominal().plusDays(1), anchor);
        return place(schedule, anchor, nominal, Optional.of(previous.opensOn().orElse(previous.nominal())));
    }

    /**
     * {@code planned} has fallen due at {@code now}, placed again against the holidays as they are
     * now (the studio may have entered or removed one since it was planned): an occurrence whose
     * {@code at} is after {@code now} is to wait for; one moved to a working day before it that has
     * passed is recorded as skipped, as {@link #first} does; {@code previousDay} is the day the
     * previous occurrence opened on, if there was one.
     */
    public Occurrence due(Schedule schedule, LocalDate anchor, Occurrence planned, Optional<LocalDate> previousDay, Instant now) {
        Occurrence o = place(schedule, anchor, planned.nominal(), previousDay);
        boolean movedIntoThePast = o.opensOn().filter(day -> !day.equals(o.nominal())).isPresent()
                && !o.at().isAfter(now) && o.at().isBefore(planned.at());
        return movedIntoThePast
                ? new Occurrence(o.nominal(), Optional.empty(), "holiday: the working day before it had passed", at(o.nominal(), schedule))
                : o;
    }

    private Occurrence place(Schedule schedule, LocalDate anchor, LocalDate nominal, Optional<LocalDate> previousDay) {
        Instant nominalAt = at(nominal, schedule);
        if (!holidays.contains(nominal) || holidays.rule() == Holidays.Rule.KEEP) {
            return new Occurrence(nominal, Optional.of(nominal), holidays.contains(nominal) ? "holiday: kept" : "", nominalAt);
        }
        return switch (holidays.rule()) {
            case SKIP -> new Occurrence(nominal, Optional.empty(), "holiday", nominalAt);
            case AFTER -> {
                LocalDate day = workingDay(nominal, 1);
                LocalDate next = schedule.firstOnOrAfter(nominal.plusDays(1), anchor);
                yield day.isBefore(next)
                        ? new Occurrence(nominal, Optional.of(day), "holiday: moved to " + day, at(day, schedule))
                        : new Occurrence(nominal, Optional.empty(), "holiday: the next working day " + day
                                + " already has its own", nominalAt);
            }
            case BEFORE -> {
                LocalDate day = workingDay(nominal, -1);
                yield previousDay.isPresent() && !day.isAfter(previousDay.get())
                        ? new Occurrence(nominal, Optional.empty(), "holiday: the working day before " + day
                                + " already had its own", nominalAt)
                        : new Occurrence(nominal, Optional.of(day), "holiday: moved to " + day, at(day, schedule));
            }
            case KEEP -> throw new IllegalStateException("handled above");
        };
    }

    private LocalDate workingDay(LocalDate from, int step) {
        LocalDate day = from;
        for (int i = 0; i < 400 && holidays.contains(day); i++) {
            day = day.plusDays(step);
        }
        return day;
    }

    private Instant at(LocalDate day, Schedule schedule) {
        return day.atTime(schedule.at().resolve(defaultTime)).atZone(zone).toInstant();
    }
}
