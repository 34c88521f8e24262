package io.qiaoqiao.plugin.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of time in which a volunteer's weekly shifts do not apply.
 *
 * @param from   start, inclusive
 * @param until  end, exclusive
 * @param kind   leave (off call although a shift says otherwise) or extra duty (on call
 *               although no shift, or a holiday, says otherwise)
 * @param reason free text for the audit trail, e.g. 探亲
 */
public record ScheduleException(Instant from, Instant until, Kind kind, String reason) {
    public ScheduleException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(kind, "kind");
    }

    /** Whether the exception covers the instant. */
    public boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }

    /** What the exception does to the weekly pattern. */
    public enum Kind {
        /** Off call: leave, sickness, away. */
        LEAVE,
        /** On call outside the pattern, e.g. holiday duty. */
        EXTRA_DUTY
    }
}
