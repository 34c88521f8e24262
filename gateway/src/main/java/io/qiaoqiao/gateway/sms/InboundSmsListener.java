package io.qiaoqiao.gateway.sms;

/**
 * Receives what phones send through the SMSC. Called on the SMPP link's receive threads (never
 * an event loop), and allowed to block: the link answers {@code deliver_sm} only after the call
 * returns, so a message is acknowledged to the SMSC only once it is durably stored. Throwing
 * makes the link answer with an error (ESME_RX_T_APPN) so the SMSC delivers it again later.
 */
public interface InboundSmsListener {
    /** A mobile-originated text, or one part of a concatenated one. */
    void onText(InboundText text) throws Exception;

    /** A delivery receipt for something we submitted. */
    void onReceipt(DeliveryReceipt receipt) throws Exception;
}
