package io.qiaoqiao.plugin.api;

/**
 * Where the resident lives, as far as the roster knows.
 *
 * @param registered   false when the request came from a number not in the roster
 * @param village      the administrative village (行政村), empty when unknown
 * @param villageGroup the village group (村民小组) inside it, empty when unknown
 * @param livesAlone   flagged as an elderly person living alone
 */
public record ResidentView(boolean registered, String village, String villageGroup, boolean livesAlone) {
    /** The view of a sender the roster does not know. */
    public static ResidentView unregistered() {
        return new ResidentView(false, "", "", false);
    }
}
