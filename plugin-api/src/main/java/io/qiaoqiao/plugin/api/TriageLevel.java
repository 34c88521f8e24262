package io.qiaoqiao.plugin.api;

/** The three levels of the townships' triage ("三级分流"): who a matter belongs to. */
public enum TriageLevel {
    /** 琐事不出门: a private matter for the local liaison (民情联络员). */
    PRIVATE,
    /** 小事不出村: the village's group leaders and village committee. */
    VILLAGE,
    /** 大事不出镇: the township centre (综治中心). */
    TOWNSHIP
}
