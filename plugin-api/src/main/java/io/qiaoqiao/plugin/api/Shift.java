package io.qiaoqiao.plugin.api;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A weekly on-call shift that starts on {@code day} at {@code start}. When {@code end} is not
 * after {@code start} the shift runs past midnight into the next day (Sunday's night shift ends
 * on Monday morning); {@code start == end} means a whole day.
 *
 * @param day   the day the shift starts
 * @param start local start time, inclusive
 * @param end   local end time, exclusive
 */
public record Shift(DayOfWeek day, LocalTime start, LocalTime end) {
    public Shift {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** Whether the shift runs past midnight. */
    public boolean overnight() {
        return !end.isAfter(start);
    }
}
