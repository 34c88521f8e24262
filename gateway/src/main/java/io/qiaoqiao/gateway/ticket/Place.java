package io.qiaoqiao.gateway.ticket;

/**
 * Where a ticket without a registered resident is: the village (行政村) and village group
 * (村民小组) a grid worker's report names.
 */
public record Place(String village, String villageGroup) {
    /** As volunteers read it: 桥头村一组. */
    public String label() {
        return village + villageGroup;
    }
}
