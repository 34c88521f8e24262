package io.qiaoqiao.gateway.sms;

import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.qiaoqiao.gateway.metrics.InputLimits;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.PDUReader;
import org.jsmpp.PDUSender;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Command;
import org.jsmpp.util.DefaultDecomposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jsmpp's PDU reader, guarded against what a broken or hostile SMSC sends:
 * <ul>
 *   <li>A ceiling: jsmpp allocates command_length octets for any PDU before it reads one, so an
 *       SMSC announcing 0x7FFFFFF0 octets killed the reader thread with OutOfMemoryError. A longer
 *       PDU (or a negative or too short length) is refused from its header, read here, before
 *       anything is allocated: jsmpp then answers generic_nack ESME_RINVCMDLEN and closes the
 *       session, and the link binds again (the framing of the stream cannot be trusted after such
 *       a length).</li>
 *   <li>An answer for every deliver_sm and data_sm: jsmpp decodes them on its PDU threads, and a
 *       body that lies about its own lengths (a C-string without its NUL, sm_length or an optional
 *       parameter past the end, a message_state of two octets) threw an unchecked exception there:
 *       no response at all (the SMSC waits and delivers the same bytes again, for ever) and a
 *       stack trace. Such a body is found here by decoding it once; it is answered generic_nack
 *       (ESME_RINVOPTPARSTREAM when the mandatory fields are whole, else ESME_RINVCMDLEN) and
 *       handed on to jsmpp as an empty alert_notification, which takes no answer.</li>
 *   <li>The reader thread, remembered, so that the link can tell when it has died for any other
 *       reason (a session whose reader is gone says BOUND and reads nothing).</li>
 * </ul>
 */
final class GuardedPduReader implements PDUReader {
    private static final Logger log = LoggerFactory.getLogger(GuardedPduReader.class);
    private static final DefaultDecomposer DECOMPOSER = new DefaultDecomposer();
    /** An alert_notification with empty addresses: 16 octets of header, then six zeros. */
    private static final int HARMLESS_LENGTH = 22;

    private final DefaultPDUReader reader = new DefaultPDUReader();
    private final int maxBytes;
    private final InputLimits limits;
    private final SmppMetrics metrics;
    private final ThrottledLog malformed = new ThrottledLog(log, Duration.ofSeconds(10));
    private volatile Thread readerThread;
    private volatile PDUSender sender;
    private volatile OutputStream out;

    GuardedPduReader(int maxBytes, InputLimits limits, SmppMetrics metrics) {
        this.maxBytes = maxBytes;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** How this session's PDUs are written: the generic_nack for a body that does not parse goes out the same way. */
    void answersThrough(PDUSender pduSender, OutputStream stream) {
        this.sender = pduSender;
        this.out = stream;
    }

    @Override
    public Command readPDUHeader(DataInputStream in) throws InvalidCommandLengthException, IOException {
        readerThread = Thread.currentThread();
        int length = in.readInt();
        if (length > maxBytes || length < 0) {
            String why = "SMPP PDU announced as " + Integer.toUnsignedString(length) + " octets refused (more than "
                    + maxBytes + "): answered generic_nack, the bind is made again";
            limits.hit("smpp.max-pdu-bytes", why);
            throw new InvalidCommandLengthException(why);
        }
        if (length < SMPPConstant.PDU_HEADER_LENGTH) {
            throw new InvalidCommandLengthException("SMPP command_length " + length + " is shorter than a PDU header");
        }
        Command header = new Command();
        header.setCommandLength(length);
        header.setCommandId(in.readInt());
        header.setCommandStatus(in.readInt());
        header.setSequenceNumber(in.readInt());
        return header;
    }

    @Override
    public byte[] readPDU(DataInputStream in, Command pduHeader) throws IOException {
        byte[] pdu = reader.readPDU(in, pduHeader);
        int id = pduHeader.getCommandId();
        if (id != SMPPConstant.CID_DELIVER_SM && id != SMPPConstant.CID_DATA_SM) {
            return pdu;
        }
        try {
            if (id == SMPPConstant.CID_DELIVER_SM) {
                DECOMPOSER.deliverSm(pdu);
            } else {
                DECOMPOSER.dataSm(pdu);
            }
            return pdu;
        } catch (PDUStringException e) {
            return pdu; // jsmpp answers these itself, with the code of the field at fault
        } catch (RuntimeException e) {
            return answeredAndDefused(pduHeader, pdu, e);
        }
    }

    @Override
    public byte[] readPDU(DataInputStream in, int commandLength, int commandId, int commandStatus, int sequenceNumber)
            throws IOException {
        return reader.readPDU(in, commandLength, commandId, commandStatus, sequenceNumber);
    }

    /** Whether the thread that reads this session's PDUs has died (false until it has started). */
    boolean readerDied() {
        Thread t = readerThread;
        return t != null && !t.isAlive();
    }

    private byte[] answeredAndDefused(Command header, byte[] pdu, RuntimeException why) throws IOException {
        boolean mandatoryWhole = header.getCommandId() == SMPPConstant.CID_DELIVER_SM && MandatoryFields.endOfDeliverSm(pdu) >= 0;
        int status = mandatoryWhole ? SmppStatus.ESME_RINVOPTPARSTREAM : SmppStatus.ESME_RINVCMDLEN;
        metrics.delivered("malformed");
        malformed.warn("SMPP " + (header.getCommandId() == SMPPConstant.CID_DELIVER_SM ? "deliver_sm" : "data_sm")
                + " sequence " + header.getSequenceNumber() + " of " + pdu.length + " octets does not parse ("
                + (mandatoryWhole ? "its optional parameters" : "its mandatory fields") + ": " + why.getClass().getSimpleName()
                + "): answered generic_nack 0x" + Integer.toHexString(status));
        PDUSender s = sender;
        OutputStream o = out;
        if (s != null && o != null) {
            s.sendGenericNack(o, status, header.getSequenceNumber());
        }
        header.setCommandId(SMPPConstant.CID_ALERT_NOTIFICATION);
        header.setCommandLength(HARMLESS_LENGTH);
        byte[] harmless = new byte[HARMLESS_LENGTH];
        System.arraycopy(pdu, 0, harmless, 0, SMPPConstant.PDU_HEADER_LENGTH);
        java.nio.ByteBuffer.wrap(harmless).putInt(0, HARMLESS_LENGTH).putInt(4, SMPPConstant.CID_ALERT_NOTIFICATION);
        return harmless;
    }

    /** Where the mandatory fields of a deliver_sm (SMPP 3.4 section 4.6.1) end, or -1 when they run past the PDU. */
    static final class MandatoryFields {
        private MandatoryFields() {
        }

        static int endOfDeliverSm(byte[] pdu) {
            int at = SMPPConstant.PDU_HEADER_LENGTH;
            at = cString(pdu, at);          // service_type
            at = skip(pdu, at, 2);          // source_addr_ton, source_addr_npi
            at = cString(pdu, at);          // source_addr
            at = skip(pdu, at, 2);          // dest_addr_ton, dest_addr_npi
            at = cString(pdu, at);          // destination_addr
            at = skip(pdu, at, 3);          // esm_class, protocol_id, priority_flag
            at = cString(pdu, at);          // schedule_delivery_time
            at = cString(pdu, at);          // validity_period
            at = skip(pdu, at, 5);          // registered_delivery, replace_if_present, data_coding, sm_default_msg_id, sm_length
            return at < 0 ? -1 : skip(pdu, at, pdu[at - 1] & 0xFF); // short_message
        }

        private static int cString(byte[] pdu, int at) {
            if (at < 0) {
                return -1;
            }
            for (int i = at; i < pdu.length; i++) {
                if (pdu[i] == 0) {
                    return i + 1;
                }
            }
            return -1;
        }

        private static int skip(byte[] pdu, int at, int n) {
            return at < 0 || at + n > pdu.length ? -1 : at + n;
        }
    }
}
