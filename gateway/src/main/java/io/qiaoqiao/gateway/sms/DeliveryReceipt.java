package io.qiaoqiao.gateway.sms;

/**
 * What the SMSC reported about a message we submitted.
 *
 * @param messageId the id the SMSC gave in submit_sm_resp
 * @param state     DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN or REJECTD
 * @param error     the network error code, "000" when none
 */
public record DeliveryReceipt(String messageId, String state, String error) {
    /** Did the message reach the phone? */
    public boolean delivered() {
        return "DELIVRD".equals(state);
    }

    /** Is this the last word on the message (no further receipt will change it)? */
    public boolean isFinal() {
        return !"ACCEPTD".equals(state) && !"ENROUTE".equals(state);
    }
}
