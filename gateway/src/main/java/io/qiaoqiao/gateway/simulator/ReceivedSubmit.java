package io.qiaoqiao.gateway.simulator;

import io.qiaoqiao.gateway.sms.DecodedDeliverSm;
import io.qiaoqiao.gateway.sms.DeliverSmDecoder;
import io.qiaoqiao.gateway.sms.InboundText;
import java.time.Instant;
import org.jsmpp.bean.DeliverSm;

/**
 * One submit_sm as the simulated SMSC received it.
 *
 * @param commandStatus what the SMSC answered: 0 when accepted, else the error status
 * @param messageId     the id given in submit_sm_resp (assigned before the policy decides; unused when refused)
 */
public record ReceivedSubmit(String source, String destination, byte dataCoding, byte esmClass,
                             byte[] shortMessage, String messageId, int commandStatus, Instant receivedAt) {
    private static final int ESM_UDHI = 0x40;

    public ReceivedSubmit {
        shortMessage = shortMessage.clone();
    }

    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    /**
     * The text of this segment, with its place in a concatenated message: the same decoder the
     * gateway uses for deliver_sm reads a submit_sm, the fields are alike.
     */
    public InboundText decoded() {
        DeliverSm asDelivered = new DeliverSm();
        asDelivered.setSourceAddr(source);
        asDelivered.setDestAddress(destination);
        asDelivered.setDataCoding(dataCoding);
        asDelivered.setEsmClass((byte) (esmClass & ESM_UDHI));
        asDelivered.setShortMessage(shortMessage);
        return ((DecodedDeliverSm.Text) DeliverSmDecoder.decode(asDelivered)).text();
    }

    public boolean accepted() {
        return commandStatus == 0;
    }

    ReceivedSubmit withStatus(int status) {
        return new ReceivedSubmit(source, destination, dataCoding, esmClass, shortMessage, messageId, status, receivedAt);
    }
}
