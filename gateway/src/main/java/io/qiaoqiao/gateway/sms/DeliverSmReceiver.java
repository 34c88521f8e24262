package io.qiaoqiao.gateway.sms;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every deliver_sm to the {@link InboundSmsListener} on jsmpp's receive threads. jsmpp sends
 * deliver_sm_resp when this returns, so a text is acknowledged only once the listener has it; a
 * listener failure is answered ESME_RX_T_APPN so the SMSC delivers again. A PDU we cannot read is
 * logged and acknowledged: redelivering the same bytes would not make it readable.
 */
final class DeliverSmReceiver implements MessageReceiverListener {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverSmReceiver.class);

    private final InboundSmsListener listener;
    private final SmppMetrics metrics;

    DeliverSmReceiver(InboundSmsListener listener, SmppMetrics metrics) {
        this.listener = listener;
        this.metrics = metrics;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm pdu) throws ProcessRequestException {
        DecodedDeliverSm decoded;
        try {
            decoded = DeliverSmDecoder.decode(pdu);
        } catch (RuntimeException e) {
            decoded = new DecodedDeliverSm.Unreadable("decoder failed: " + e);
        }
        try {
            switch (decoded) {
                case DecodedDeliverSm.Text(InboundText text) -> {
                    metrics.delivered(text.problems().isEmpty() ? "text" : "malformed");
                    if (!text.problems().isEmpty()) {
                        LOG.warn("SMPP deliver_sm from {} decoded with problems: {}",
                                PhoneNumbers.mask(text.sender()), text.problems());
                    }
                    listener.onText(text);
                }
                case DecodedDeliverSm.Receipt(DeliveryReceipt receipt) -> {
                    metrics.delivered("receipt");
                    listener.onReceipt(receipt);
                }
                case DecodedDeliverSm.Unreadable(String reason) -> {
                    metrics.delivered("malformed");
                    LOG.warn("SMPP deliver_sm seq {} from {} unreadable, acknowledged and dropped: {}",
                            pdu.getSequenceNumber(), PhoneNumbers.mask(pdu.getSourceAddr()), reason);
                }
            }
        } catch (Exception e) {
            LOG.warn("SMPP deliver_sm seq {} not taken by the gateway, answering ESME_RX_T_APPN for redelivery: {}",
                    pdu.getSequenceNumber(), e.toString());
            throw new ProcessRequestException("listener failed: " + e.getMessage(), SmppStatus.ESME_RX_T_APPN, e);
        }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        LOG.debug("SMPP alert_notification ignored");
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", SmppStatus.ESME_RINVCMDID);
    }
}
