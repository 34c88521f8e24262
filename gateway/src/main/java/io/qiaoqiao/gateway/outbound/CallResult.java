package io.qiaoqiao.gateway.outbound;

/** How a placed call went, from Asterisk's OriginateResponse and the channel's hang-up cause. */
public enum CallResult {
    /** Picked up: the script ran. */
    ANSWERED,
    /** The line was busy (reason 5, cause 17/21). */
    BUSY,
    /** It rang and nobody answered, or the network was congested (reason 3, 8, 1; cause 18/19/20). */
    NO_ANSWER,
    /** The call could not be placed to this number (reason 0 with any other cause). */
    FAILED
}
