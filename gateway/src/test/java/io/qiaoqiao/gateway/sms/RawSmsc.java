package io.qiaoqiao.gateway.sms;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An SMSC reduced to a socket on loopback: no SMPP library, only PDUs as octets, framed by their
 * command_length as SMPP 3.4 section 3.2 says. The test reads the gateway's first PDU (its bind)
 * and writes the answer itself; after that this class answers what an SMSC must answer without
 * the test's help (enquire_link, unbind, and submit_sm with a message id of its own choosing),
 * keeps every PDU it got, and hands the gateway's deliver_sm_resp back to whoever sent the
 * deliver_sm.
 *
 * <p>The message id given to a submit_sm is the last four digits of its destination_addr and a
 * two-digit count of the submits to that destination: the first text to 8613900001001 gets
 * "100101". A test can so write the delivery receipt it sends back as a literal PDU.
 */
final class RawSmsc implements AutoCloseable {
    static final int GENERIC_NACK = 0x80000000;
    static final int BIND_TRANSCEIVER = 0x00000009;
    static final int SUBMIT_SM = 0x00000004;
    static final int DELIVER_SM = 0x00000005;
    static final int DELIVER_SM_RESP = 0x80000005;
    static final int UNBIND = 0x00000006;
    static final int ENQUIRE_LINK = 0x00000015;
    private static final HexFormat HEX = HexFormat.of();

    /** One PDU as it crossed the wire, header included. */
    record Pdu(byte[] octets) {
        int commandLength() {
            return ByteBuffer.wrap(octets).getInt(0);
        }

        int commandId() {
            return ByteBuffer.wrap(octets).getInt(4);
        }

        int commandStatus() {
            return ByteBuffer.wrap(octets).getInt(8);
        }

        int sequence() {
            return ByteBuffer.wrap(octets).getInt(12);
        }

        String hex() {
            return HEX.formatHex(octets);
        }
    }

    /** A submit_sm, its destination_addr, and the message id this SMSC answered it with. */
    record Submit(Pdu pdu, String destination, String messageId) {
    }

    private final ServerSocket server;
    private final List<Submit> submits = new CopyOnWriteArrayList<>();
    private final List<Pdu> enquireLinks = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<Integer, BlockingQueue<Pdu>> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> submitsTo = new HashMap<>();
    private volatile Socket socket;
    private volatile DataInputStream in;
    private volatile Thread reader;

    private RawSmsc(ServerSocket server) {
        this.server = server;
    }

    static RawSmsc listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new RawSmsc(server);
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Octets from hex as a person writes it out: spaces and line breaks for reading, and a
     * comment after '#' to the end of a line saying which field the octets are.
     */
    static byte[] hex(String annotated) {
        return HEX.parseHex(annotated.replaceAll("#[^\n]*", "").replaceAll("\\s", ""));
    }

    /** Takes the ESME's connection and returns its first PDU, which the test answers with {@link #write}. */
    Pdu acceptFirstPdu(Duration within) throws IOException {
        server.setSoTimeout((int) within.toMillis());
        Socket accepted = server.accept();
        accepted.setTcpNoDelay(true);
        accepted.setSoTimeout((int) within.toMillis());
        socket = accepted;
        in = new DataInputStream(accepted.getInputStream());
        return read();
    }

    /** After the bind: answer the ESME's requests from now on, on a thread of this SMSC. */
    void answerFromNowOn() throws IOException {
        socket.setSoTimeout(0);
        reader = Thread.ofVirtual().name("raw-smsc").start(this::readLoop);
    }

    synchronized void write(byte[] octets) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(octets);
        out.flush();
    }

    /**
     * Sends a deliver_sm written out by hand and returns the ESME's answer to it. Its
     * command_length must be the number of octets: a check of the hand-written hex, not of the
     * gateway.
     */
    Pdu deliver(String hexPdu, Duration within) throws IOException, InterruptedException {
        Pdu pdu = new Pdu(hex(hexPdu));
        if (pdu.commandLength() != pdu.octets().length || pdu.commandId() != DELIVER_SM) {
            throw new IllegalArgumentException("hand-written deliver_sm says command_length " + pdu.commandLength()
                    + " but has " + pdu.octets().length + " octets (command_id 0x" + Integer.toHexString(pdu.commandId()) + ")");
        }
        BlockingQueue<Pdu> answer = answers.computeIfAbsent(pdu.sequence(), s -> new LinkedBlockingQueue<>());
        write(pdu.octets());
        Pdu resp = answer.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (resp == null) {
            throw new AssertionError("no answer to deliver_sm sequence " + pdu.sequence() + " within " + within);
        }
        return resp;
    }

    /**
     * Waits for the ESME's response PDU (a deliver_sm_resp or a generic_nack) carrying
     * {@code sequence}; a generic_nack about a PDU it could not frame carries sequence 0.
     */
    Pdu awaitAnswer(int sequence, Duration within) throws InterruptedException {
        Pdu resp = answers.computeIfAbsent(sequence, s -> new LinkedBlockingQueue<>()).poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (resp == null) {
            throw new AssertionError("no answer with sequence " + sequence + " within " + within);
        }
        return resp;
    }

    List<Submit> submits() {
        return List.copyOf(submits);
    }

    List<Pdu> enquireLinks() {
        return List.copyOf(enquireLinks);
    }

    /** PDUs this SMSC had no answer for (anything but the commands above), and read failures. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private Pdu read() throws IOException {
        int length = in.readInt();
        if (length < 16 || length > 64 * 1024) {
            throw new IOException("command_length " + length + " is not a PDU");
        }
        byte[] octets = new byte[length];
        ByteBuffer.wrap(octets).putInt(length);
        in.readFully(octets, 4, length - 4);
        return new Pdu(octets);
    }

    private void readLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Pdu pdu = read();
                switch (pdu.commandId()) {
                    case ENQUIRE_LINK -> {
                        enquireLinks.add(pdu);
                        write(header(16, 0x80000015, 0, pdu.sequence()).array());
                    }
                    case SUBMIT_SM -> {
                        Submit submit = answered(pdu);
                        submits.add(submit);
                        byte[] id = (submit.messageId() + "\0").getBytes(StandardCharsets.US_ASCII);
                        write(header(16 + id.length, 0x80000004, 0, pdu.sequence()).put(id).array());
                    }
                    case UNBIND -> write(header(16, 0x80000006, 0, pdu.sequence()).array());
                    case DELIVER_SM_RESP, GENERIC_NACK -> answers.computeIfAbsent(pdu.sequence(), s -> new LinkedBlockingQueue<>()).add(pdu);
                    default -> {
                        if ((pdu.commandId() & GENERIC_NACK) != 0) {
                            // any other response (enquire_link_resp, data_sm_resp) to a request of the test's
                            answers.computeIfAbsent(pdu.sequence(), s -> new LinkedBlockingQueue<>()).add(pdu);
                        } else {
                            problems.add("unexpected PDU " + pdu.hex());
                        }
                    }
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            // the ESME hung up
        } catch (IOException e) {
            if (!socket.isClosed()) {
                problems.add("read failed: " + e);
            }
        }
    }

    /** See the class comment: the message id is the last four digits of destination_addr and a count. */
    private synchronized Submit answered(Pdu submit) {
        byte[] o = submit.octets();
        int destStart = skipCString(o, skipCString(o, 16) + 2) + 2; // service_type, source TON/NPI/addr, dest TON/NPI
        String destination = new String(o, destStart, skipCString(o, destStart) - 1 - destStart, StandardCharsets.US_ASCII);
        int n = submitsTo.merge(destination, 1, Integer::sum);
        return new Submit(submit, destination, destination.substring(Math.max(0, destination.length() - 4)) + String.format("%02d", n));
    }

    /** The index just past the NUL of the C-Octet String starting at {@code from}. */
    static int skipCString(byte[] octets, int from) {
        int i = from;
        while (octets[i] != 0) {
            i++;
        }
        return i + 1;
    }

    private static ByteBuffer header(int length, int commandId, int status, int sequence) {
        return ByteBuffer.allocate(length).putInt(length).putInt(commandId).putInt(status).putInt(sequence);
    }

    @Override
    public void close() throws IOException {
        Thread r = reader;
        if (r != null) {
            r.interrupt();
        }
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        server.close();
    }
}
