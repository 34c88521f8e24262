package io.qiaoqiao.gateway.recurring;

import java.time.LocalTime;
import java.util.Optional;

/**
 * When in its day a recurring thing falls: a part of the day (上午), a clock time (9:30), both
 * (下午3点), or neither (the configured default applies).
 */
public record TimeOfDay(Optional<PartOfDay> part, Optional<LocalTime> clock) {
    public static final TimeOfDay UNSET = new TimeOfDay(Optional.empty(), Optional.empty());

    public static TimeOfDay of(PartOfDay part) {
        return new TimeOfDay(Optional.of(part), Optional.empty());
    }

    public static TimeOfDay at(LocalTime clock) {
        return new TimeOfDay(Optional.empty(), Optional.of(clock));
    }

    /** The clock time, else the start of the part, else {@code otherwise}. */
    public LocalTime resolve(LocalTime otherwise) {
        return clock.orElseGet(() -> part.map(PartOfDay::starts).orElse(otherwise));
    }

    /** 上午, or 9:30 (a clock time says it all: 下午3点 is 15:00), or empty. */
    public String words() {
        return clock.map(c -> c.getHour() + ":" + String.format("%02d", c.getMinute()))
                .orElseGet(() -> part.map(PartOfDay::words).orElse(""));
    }
}
