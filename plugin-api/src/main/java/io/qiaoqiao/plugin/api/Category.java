package io.qiaoqiao.plugin.api;

/**
 * What a resident asks for, following the studios' "四巧" split of requests.
 * The Chinese label is what residents and volunteers see in texts.
 */
public enum Category {
    /** 代 — errands: bills, papers, shopping, taking someone to hospital. */
    ERRAND("代办"),
    /** 修 — repairs: appliances, phones, remotes, pipes. */
    REPAIR("维修"),
    /** 言 — speaking for residents, explaining policy, introductions. */
    ADVICE("代言"),
    /** 调 — mediation of neighbour, family and land disputes. */
    MEDIATION("调解"),
    /** Nothing recognised; a person reads the request. */
    UNKNOWN("其他");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    /** The short Chinese label used in texts, e.g. 维修. */
    public String label() {
        return label;
    }
}
