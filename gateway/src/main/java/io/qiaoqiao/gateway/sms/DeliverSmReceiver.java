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

import io.qiaoqiao.gateway.logging.ThrottledLog;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Hands every deliver_sm to the {@link InboundSmsListener} on jsmpp's receive threads. jsmpp sends
 * deliver_sm_resp when this returns, so a text is acknowledged only once the listener has it; a
 * listener failure is answered ESME_RX_T_APPN so the SMSC delivers again. A PDU we cannot read is
 * logged and acknowledged: redelivering the same bytes would not make it readable.
 *
 * <p>jsmpp reads every PDU of the session, submit_sm_resp included, on the same threads
 * ({@code smpp.receive-threads}). A deliver_sm holds its thread until its commit, so if deliver_sm
 * could take them all, our own submits would wait for their responses behind the texts and the
 * outbox would stall. At most {@code slots} deliver_sm are held at once (all threads but two):
 * enough for the SMSC's whole window, whose receipts are then committed together (a slot costs
 * a waiting thread, not a transaction). Only past that bound is one refused, with ESME_RTHROTTLED,
 * which asks the SMSC to slow down and deliver it again.
 *
 * <p>Refusals come in bursts (an SMSC ignoring its window, or every deliver_sm while the database
 * is away): the throttled ones are counted in qiaoqiao_smpp_deliver_throttled_total, each is logged
 * at DEBUG, and one WARN line per {@link #REPORT_INTERVAL} says how many there were.
 */
final class DeliverSmReceiver implements MessageReceiverListener {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverSmReceiver.class);
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    private final InboundSmsListener listener;
    private final SmppMetrics metrics;
    private final Semaphore slots;
    private final DeliverSmDecoder.Limits limits;
    private final DeliverSmDecoder.LimitHit limitHit;
    private final int limit;
    private final ThrottledLog refusedBusy = new ThrottledLog(LOG, REPORT_INTERVAL);
    private final ThrottledLog refusedFailed = new ThrottledLog(LOG, REPORT_INTERVAL);

    DeliverSmReceiver(InboundSmsListener listener, SmppMetrics metrics, int slots, DeliverSmDecoder.Limits limits,
                      DeliverSmDecoder.LimitHit limitHit) {
        this.limits = limits;
        this.limitHit = limitHit;
        this.listener = listener;
        this.metrics = metrics;
        this.slots = new Semaphore(slots);
        this.limit = slots;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm pdu) throws ProcessRequestException {
        if (!slots.tryAcquire()) {
            metrics.throttled();
            refusedBusy.warn("SMPP deliver_sm refused with ESME_RTHROTTLED: " + limit + " already wait for their commit"
                    + " (smpp.receive-threads minus two), more than the SMSC should have in flight; it delivers it again (seq "
                    + pdu.getSequenceNumber() + ")");
            throw new ProcessRequestException("more deliver_sm in flight than this ESME takes", SmppStatus.ESME_RTHROTTLED);
        }
        try {
            accept(pdu);
        } finally {
            slots.release();
        }
    }

    private void accept(DeliverSm pdu) throws ProcessRequestException {
        DecodedDeliverSm decoded;
        try {
            decoded = DeliverSmDecoder.decode(pdu, limits, limitHit);
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
            refusedFailed.warn("SMPP deliver_sm not taken by the gateway, answered ESME_RX_T_APPN for redelivery (seq "
                    + pdu.getSequenceNumber() + "): " + e);
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
