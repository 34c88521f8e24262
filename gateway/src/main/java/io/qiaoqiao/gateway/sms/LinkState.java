package io.qiaoqiao.gateway.sms;

/** Where the SMPP link stands. */
public enum LinkState {
    /** No session: stopped, or waiting before the next connection attempt. */
    DISCONNECTED,
    /** Connecting and binding. */
    CONNECTING,
    /** Bound as transceiver: texts can be submitted and received. */
    BOUND
}
