package io.qiaoqiao.gateway.recurring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One time recurring work falls due.
 *
 * @param nominal the date the schedule names
 * @param opensOn the date the work is handed out (a holiday may move it), empty when it is skipped
 * @param reason  why it moved or is skipped, empty when neither
 * @param at      when it opens (or, skipped, when it would have): the studio instant its timer fires
 */
public record Occurrence(LocalDate nominal, Optional<LocalDate> opensOn, String reason, Instant at) {
    public boolean skipped() {
        return opensOn.isEmpty();
    }
}
