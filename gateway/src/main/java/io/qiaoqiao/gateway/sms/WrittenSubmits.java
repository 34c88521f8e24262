package io.qiaoqiao.gateway.sms;

import java.io.IOException;
import java.io.OutputStream;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.PDUStringException;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;

/**
 * jsmpp's PDU sender, which also says when a submit_sm has been written to the socket. jsmpp
 * writes a PDU on the thread that submits it and then blocks that thread until the response;
 * the thread's {@link #whenWritten} action runs in between, so the next segment or text to the
 * same phone can go out right behind it, in order, without waiting for the first one's response.
 */
final class WrittenSubmits extends SynchronizedPDUSender {
    private static final ThreadLocal<Runnable> WHEN_WRITTEN = new ThreadLocal<>();

    WrittenSubmits() {
        super(new DefaultPDUSender());
    }

    /** Runs {@code action} once the submit_sm that {@code submit} sends on this thread is written. */
    static <T, E extends Exception> T whenWritten(Runnable action, Submit<T, E> submit) throws E {
        WHEN_WRITTEN.set(action);
        try {
            return submit.run();
        } finally {
            WHEN_WRITTEN.remove();
        }
    }

    /** A blocking submit. */
    @FunctionalInterface
    interface Submit<T, E extends Exception> {
        T run() throws E;
    }

    @Override
    public byte[] sendSubmitSm(OutputStream os, int sequenceNumber, String serviceType, TypeOfNumber sourceAddrTon,
                               NumberingPlanIndicator sourceAddrNpi, String sourceAddr, TypeOfNumber destAddrTon,
                               NumberingPlanIndicator destAddrNpi, String destinationAddr, ESMClass esmClass, byte protocolId,
                               byte priorityFlag, String scheduleDeliveryTime, String validityPeriod,
                               RegisteredDelivery registeredDelivery, byte replaceIfPresent, DataCoding dataCoding,
                               byte smDefaultMsgId, byte[] shortMessage, OptionalParameter... optionalParameters)
            throws PDUStringException, IOException {
        byte[] written = super.sendSubmitSm(os, sequenceNumber, serviceType, sourceAddrTon, sourceAddrNpi, sourceAddr,
                destAddrTon, destAddrNpi, destinationAddr, esmClass, protocolId, priorityFlag, scheduleDeliveryTime,
                validityPeriod, registeredDelivery, replaceIfPresent, dataCoding, smDefaultMsgId, shortMessage,
                optionalParameters);
        Runnable action = WHEN_WRITTEN.get();
        if (action != null) {
            action.run();
        }
        return written;
    }
}
