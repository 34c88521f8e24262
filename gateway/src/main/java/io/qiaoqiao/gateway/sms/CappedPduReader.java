package io.qiaoqiao.gateway.sms;

import io.qiaoqiao.gateway.metrics.InputLimits;
import java.io.DataInputStream;
import java.io.IOException;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.PDUReader;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Command;

/**
 * jsmpp's PDU reader with a ceiling: jsmpp allocates command_length octets for any PDU before it
 * reads one, so a broken or hostile SMSC announcing 0x7FFFFFF0 octets killed the reader thread
 * with OutOfMemoryError. A longer PDU (or a negative length) is refused here, from its header,
 * before anything is allocated (the header is read here, not by jsmpp's reader, which allocates
 * even for a length that is too short or negative): jsmpp then answers generic_nack
 * ESME_RINVCMDLEN and closes the session, and the link binds again. The framing of the stream
 * cannot be trusted after such a length, so dropping the bind is the only safe answer.
 *
 * <p>It also remembers the thread that reads, so that the link can tell when that thread has
 * died for any other reason (a session whose reader is gone says BOUND and reads nothing).
 */
final class CappedPduReader implements PDUReader {
    private final DefaultPDUReader reader = new DefaultPDUReader();
    private final int maxBytes;
    private final InputLimits limits;
    private volatile Thread readerThread;

    CappedPduReader(int maxBytes, InputLimits limits) {
        this.maxBytes = maxBytes;
        this.limits = limits;
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
        return reader.readPDU(in, pduHeader);
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
}
