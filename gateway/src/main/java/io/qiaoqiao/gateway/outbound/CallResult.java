package io.qiaoqiao.gateway.outbound;

/** How a placed call went, from Asterisk's OriginateResponse and the channel's hang-up cause. */
public enum CallResult {
    /** Picked up: the script ran. */
    ANSWERED,
    /** The line was busy (reason 5, cause 17/21). */
    BUSY,
    /** It rang and nobody answered (reason 3 or 1; cause 18/19/20). */
    NO_ANSWER,
    /** The network had no free line (reason 8; cause 34/38/41/42/44): nobody was rung, not an attempt. */
    CONGESTION,
    /**
     * Asterisk could not make the channel at all (reason 0 and no channel to hang up, or cause 3
     * no route, 66 channel type not implemented): the trunk or endpoint is unavailable, nobody was
     * rung, not an attempt.
     */
    UNAVAILABLE,
    /** The call could not be placed to this number (reason 0 with any other cause). */
    FAILED
}
