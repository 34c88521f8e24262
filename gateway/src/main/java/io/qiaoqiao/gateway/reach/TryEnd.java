package io.qiaoqiao.gateway.reach;

import java.util.Locale;

/**
 * How one try ended, for its owner to decide what comes next.
 *
 * @param result   {@code completed}, {@code no_key}, {@code hung_up}, {@code dropped} (answered: what
 *                 the script saw); {@code busy}, {@code no_answer}, {@code congestion}, {@code failed}
 *                 (Asterisk's outcome); {@code unknown}, {@code refused} (no outcome from Asterisk);
 *                 {@code interrupted} (the node placing it stopped; the try is not placed again);
 *                 {@code no_report} (answered, but the script never said how it ended)
 * @param answered whether the phone was picked up
 */
public record TryEnd(String result, boolean answered) {
    public static final TryEnd INTERRUPTED = new TryEnd("interrupted", false);

    public static TryEnd answered(String scriptResult) {
        return new TryEnd(scriptResult.toLowerCase(Locale.ROOT), true);
    }

    public static TryEnd notAnswered(String result) {
        return new TryEnd(result.toLowerCase(Locale.ROOT), false);
    }
}
