package io.qiaoqiao.gateway.dispatch;

import java.util.Locale;

/** Why a ticket goes up its escalation chain; recorded with the step and told to those it reaches. */
public enum Climb {
    /** The step's budget ran out with nobody taking it. */
    BUDGET,
    /** The step had nobody left to ask. */
    NOBODY_LEFT,
    /** Accepted work passed its deadline unfinished. */
    DEADLINE,
    /** The volunteer who has it answered neither the work nor the reminder. */
    SILENT,
    /** The resident (or their family) said nobody came: 还没人来 / 催一下. */
    NUDGED,
    /** The volunteer who has it, or was offered it, handed it up: 转 1234. */
    HANDED_ON;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
