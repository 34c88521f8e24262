package io.qiaoqiao.gateway.recurring;

import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;

/**
 * A part of the day as people say it (每周二上午), and the studio time it stands for: the time
 * work that falls then is handed out, early enough in that part for a volunteer to do it.
 */
public enum PartOfDay {
    MORNING("上午", LocalTime.of(9, 0)),
    NOON("中午", LocalTime.of(12, 0)),
    AFTERNOON("下午", LocalTime.of(14, 30)),
    EVENING("晚上", LocalTime.of(19, 0));

    private final String words;
    private final LocalTime starts;

    PartOfDay(String words, LocalTime starts) {
        this.words = words;
        this.starts = starts;
    }

    /** 上午, 下午 … */
    public String words() {
        return words;
    }

    public LocalTime starts() {
        return starts;
    }

    /** Whether a clock hour said with this part (下午3点) is after noon. */
    boolean afterNoon() {
        return this == AFTERNOON || this == EVENING;
    }

    /** {@code morning}, as JSON names it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PartOfDay> fromId(String id) {
        for (PartOfDay part : values()) {
            if (part.id().equals(id)) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }
}
