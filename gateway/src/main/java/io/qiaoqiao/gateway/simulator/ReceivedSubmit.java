package io.qiaoqiao.gateway.simulator;

import java.time.Instant;

/**
 * One submit_sm as the simulated SMSC received it.
 *
 * @param commandStatus what the SMSC answered: 0 when accepted, else the error status
 * @param messageId     the id given in submit_sm_resp (assigned before the policy decides; unused when refused)
 */
public record ReceivedSubmit(String source, String destination, byte dataCoding, byte esmClass,
                             byte[] shortMessage, String messageId, int commandStatus, Instant receivedAt) {
    public ReceivedSubmit {
        shortMessage = shortMessage.clone();
    }

    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    public boolean accepted() {
        return commandStatus == 0;
    }

    ReceivedSubmit withStatus(int status) {
        return new ReceivedSubmit(source, destination, dataCoding, esmClass, shortMessage, messageId, status, receivedAt);
    }
}
