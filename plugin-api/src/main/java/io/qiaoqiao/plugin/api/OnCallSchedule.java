package io.qiaoqiao.plugin.api;

import java.util.List;

/**
 * When a volunteer is on call: weekly shifts in the studio's time zone, and exceptions
 * (leave, extra duty) that override them for a stretch of time.
 *
 * @param shifts     the weekly pattern; empty when the studio keeps no schedule for them
 * @param exceptions leave and extra duty, in any order
 */
public record OnCallSchedule(List<Shift> shifts, List<ScheduleException> exceptions) {
    public OnCallSchedule {
        shifts = List.copyOf(shifts);
        exceptions = List.copyOf(exceptions);
    }

    /** No schedule kept at all. */
    public static OnCallSchedule none() {
        return new OnCallSchedule(List.of(), List.of());
    }
}
