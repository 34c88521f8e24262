package io.qiaoqiao.simulator;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A small SMSC on 127.0.0.1 for the demo mode and for tests: accepts transceiver binds with one
 * system_id/password, records every submit_sm, answers as the {@link SubmitPolicy} says, sends
 * delivery receipts, and delivers mobile-originated texts to the bound gateway as a phone would
 * (UCS-2 or GSM-7, split with UDH). Every log line says SIMULATED SMSC so nobody mistakes it for
 * the operator's.
 */
public final class SimulatedSmsc implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSmsc.class);
    private static final byte ESM_DELIVERY_RECEIPT = 0x04;
    private static final int MESSAGE_STATE_DELIVERED = 2;
    private static final int RECEIPT_ATTEMPTS = 5;
    private static final long RECEIPT_RETRY_MS = 200;
    /** Four binds with a window of 10 each, and as many PDUs of other kinds. */
    private static final int PDU_THREADS = 80;
    private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private final String systemId;
    private final String password;
    private final String hotline;
    // Guarded by itself. Not copy-on-write: a benchmark sends hundreds of thousands.
    private final List<ReceivedSubmit> submits = new ArrayList<>();
    /** Each submit's place on the wire: the number of its bind, then its sequence number on that bind. */
    private final Map<ReceivedSubmit, long[]> wirePlace = new java.util.IdentityHashMap<>();
    private final Map<SMPPServerSession, Long> bindNumbers = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong binds = new AtomicLong();
    private final Map<String, ReceivedSubmit> awaitingReceipt = new ConcurrentHashMap<>();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final SimulatedSmscReceiver receiver = new SimulatedSmscReceiver(this);
    private final AtomicLong nextMessageId = new AtomicLong(0x1000);
    private final AtomicInteger moReference = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger nextSession = new AtomicInteger();
    private final Map<SMPPServerSession, Semaphore> deliverWindows = new ConcurrentHashMap<>();

    private volatile int port;
    private volatile SubmitPolicy policy = SubmitPolicy.ACCEPT_ALL;
    private volatile boolean receipts = true;
    private volatile boolean keepSubmits = true;
    private volatile int deliverWindow = 10;
    private volatile int receiptAttempts = RECEIPT_ATTEMPTS;
    private volatile boolean holdReceipts;
    // Receipts kept back while holdReceipts is on, guarded by itself.
    private final List<Runnable> heldReceipts = new ArrayList<>();
    private final AtomicInteger receiptsRefused = new AtomicInteger();
    private final AtomicInteger receiptsAcknowledged = new AtomicInteger();
    private volatile Consumer<ReceivedSubmit> submitWatcher = submit -> { };
    private volatile LoopbackServerSockets sockets;
    private volatile SMPPServerSessionListener listener;
    private volatile Thread acceptor;

    /**
     * @param port     the port to listen on, 0 for any free one (see {@link #port()})
     * @param hotline  the number mobile-originated texts are addressed to
     */
    public SimulatedSmsc(int port, String systemId, String password, String hotline) {
        this.port = port;
        this.systemId = systemId;
        this.password = password;
        this.hotline = hotline;
    }

    /** Listens on 127.0.0.1; after {@link #stop()} it listens on the same port again. */
    public synchronized SimulatedSmsc start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("SIMULATED SMSC already started");
        }
        sockets = new LoopbackServerSockets();
        listener = new SMPPServerSessionListener(port, sockets);
        // A delayed answer (SubmitDecision.delay) holds its PDU thread for the delay: enough threads that
        // every submit a few binds may have in flight waits only its own delay, and the responses to our
        // deliver_sm are never queued behind them (an SMSC "answering in 2-9 s" answers within 9 s).
        listener.setPduProcessorDegree(PDU_THREADS);
        listener.setMessageReceiverListener(receiver);
        listener.setResponseDeliveryListener(receiver);
        port = sockets.localPort();
        SMPPServerSessionListener current = listener;
        acceptor = Thread.ofVirtual().name("simulated-smsc-accept").start(() -> acceptLoop(current));
        LOG.info("SIMULATED SMSC listening on 127.0.0.1:{} for system_id {}", port, systemId);
        return this;
    }

    /** Stops listening and drops every session; {@link #start()} may be called again. */
    public synchronized void stop() {
        SMPPServerSessionListener current = listener;
        if (current == null) {
            return;
        }
        listener = null;
        try {
            current.close();
        } catch (IOException e) {
            LOG.warn("SIMULATED SMSC closing listener: {}", e.toString());
        }
        dropConnections();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("SIMULATED SMSC on port {} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    /** Closes every session's socket at once, without unbind: a dead link as the ESME sees it. */
    public void dropConnections() {
        LOG.info("SIMULATED SMSC dropping {} connection(s) without unbind", sessions.size());
        LoopbackServerSockets current = sockets;
        if (current != null) {
            current.closeAccepted();
        }
        sessions.forEach(SMPPServerSession::close);
        sessions.clear();
    }

    public void policy(SubmitPolicy policy) {
        this.policy = policy;
    }

    /** Whether each accepted submit_sm is followed by a DELIVRD receipt (on by default). */
    public void sendReceipts(boolean on) {
        this.receipts = on;
    }

    /**
     * Whether every submit_sm is kept for {@link #submits()} (on by default). A long benchmark
     * turns it off and watches submits with {@link #watchSubmits} instead.
     */
    public void keepSubmits(boolean on) {
        this.keepSubmits = on;
    }

    /**
     * How many deliver_sm (texts and receipts) may wait for their response on one bind at once,
     * as an SMSC's window does; 10 unless changed before the ESME binds.
     */
    public void deliverWindow(int window) {
        this.deliverWindow = window;
    }

    /**
     * How many times a receipt the ESME answers with an error is delivered in all (5 unless
     * changed): 1 is a simple SMSC that never delivers a refused receipt again.
     */
    public void receiptAttempts(int attempts) {
        this.receiptAttempts = attempts;
    }

    /**
     * While on, the receipts of accepted submits are kept back instead of sent; {@link
     * #releaseReceipts()} then pushes all of them at once, as an SMSC does after an outage of
     * its own or when a whole batch is delivered to the phones together.
     */
    public void holdReceipts(boolean on) {
        this.holdReceipts = on;
    }

    /** How many receipts are kept back now. */
    public int heldReceipts() {
        synchronized (heldReceipts) {
            return heldReceipts.size();
        }
    }

    /** Stops holding receipts and sends every one kept back, each at once (the deliver window still applies). */
    public void releaseReceipts() {
        List<Runnable> all;
        synchronized (heldReceipts) {
            holdReceipts = false;
            all = List.copyOf(heldReceipts);
            heldReceipts.clear();
        }
        LOG.info("SIMULATED SMSC pushing {} receipt(s) kept back", all.size());
        all.forEach(send -> Thread.ofVirtual().name("simulated-smsc-receipt").start(send));
    }

    /** Receipt deliver_sm the ESME answered with an error status, each attempt counted. */
    public int receiptsRefused() {
        return receiptsRefused.get();
    }

    /** Receipt deliver_sm the ESME acknowledged (command_status 0). */
    public int receiptsAcknowledged() {
        return receiptsAcknowledged.get();
    }

    /** Called with every submit_sm as it is answered, on the SMSC's PDU threads: keep it short. */
    public void watchSubmits(Consumer<ReceivedSubmit> watcher) {
        this.submitWatcher = watcher;
    }

    /**
     * Every submit_sm received so far, accepted or not, in the order they came on the wire: bind
     * after bind, and on one bind by sequence number (jsmpp hands PDUs to several threads, and a
     * slow answer finishes later, so the order they were handled in is not the wire's).
     */
    public List<ReceivedSubmit> submits() {
        synchronized (submits) {
            List<ReceivedSubmit> out = new ArrayList<>(submits);
            out.sort(java.util.Comparator.comparingLong((ReceivedSubmit r) -> wirePlace.get(r)[0])
                    .thenComparingLong(r -> wirePlace.get(r)[1]));
            return List.copyOf(out);
        }
    }

    /** The most submit_sm this SMSC was answering at the same moment. */
    public int maxInFlightSubmits() {
        return maxInFlight.get();
    }

    /** Is an ESME bound right now? */
    public boolean hasBoundSession() {
        return boundSession().isPresent();
    }

    /** How many ESME binds are open right now. */
    public int boundSessions() {
        return (int) sessions.stream().filter(s -> s.getSessionState().isReceivable()).count();
    }

    /**
     * The whole texts accepted for {@code phone} (with or without '+'), concatenated parts
     * reassembled; a text with parts still missing is left out.
     */
    public List<String> textsTo(String phone) {
        return SubmittedTextAssembler.textsTo(phone, submits());
    }

    /**
     * A resident texts the hotline: encoded and split as a handset does (GSM 03.38 or UCS-2, parts
     * with an 8-bit reference in a user data header). Returns 0 or the first error status.
     */
    public int deliverText(String fromPhone, String text) {
        return deliverText(fromPhone, text, HandsetEncoder.Concatenation.UDH_8BIT_REFERENCE);
    }

    /** As {@link #deliverText(String, String)}, with the parts of a long text marked as {@code concatenation} says. */
    public int deliverText(String fromPhone, String text, HandsetEncoder.Concatenation concatenation) {
        int reference = concatenation == HandsetEncoder.Concatenation.UDH_8BIT_REFERENCE
                ? moReference.incrementAndGet() & 0xFF : moReference.incrementAndGet() & 0xFFFF;
        for (MobileSegment segment : HandsetEncoder.encode(text, reference, concatenation)) {
            OptionalParameter[] tlvs = segment.tlvs().stream()
                    .map(t -> new OptionalParameter.OctetString((short) t.tag(), t.value())).toArray(OptionalParameter[]::new);
            int status = deliverRaw(fromPhone, segment.dataCoding(), segment.esmClass(), segment.shortMessage(), tlvs);
            if (status != 0) {
                return status;
            }
        }
        return 0;
    }

    /**
     * Sends one deliver_sm with exactly these fields to a bound ESME; with several binds (several
     * gateway nodes), to each in turn, as an SMSC spreads its traffic.
     *
     * @return the ESME's command_status (0 when it acknowledged)
     * @throws IllegalStateException when no ESME is bound or the deliver_sm got no answer
     */
    public int deliverRaw(String fromPhone, int dataCoding, int esmClass, byte[] shortMessage, OptionalParameter... tlvs) {
        SMPPServerSession session = boundSession()
                .orElseThrow(() -> new IllegalStateException("SIMULATED SMSC: no ESME bound to deliver to"));
        boolean international = fromPhone.startsWith("+");
        Semaphore window = windowOf(session);
        window.acquireUninterruptibly();
        try {
            session.deliverShortMessage("", international ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.ISDN, international ? fromPhone.substring(1) : fromPhone,
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, hotline, new ESMClass((byte) esmClass),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.newInstance((byte) dataCoding),
                    shortMessage, tlvs);
            LOG.debug("SIMULATED SMSC delivered a text from {} (data_coding {}, esm_class 0x{})",
                    masked(fromPhone), dataCoding, Integer.toHexString(esmClass));
            return 0;
        } catch (NegativeResponseException e) {
            LOG.debug("SIMULATED SMSC deliver_sm from {} answered with status 0x{}",
                    masked(fromPhone), Integer.toHexString(e.getCommandStatus()));
            return e.getCommandStatus();
        } catch (Exception e) {
            throw new IllegalStateException("SIMULATED SMSC: deliver_sm failed: " + e, e);
        } finally {
            window.release();
        }
    }

    /** Phone numbers in the log show their first and last digits only, like the gateway's. */
    static String masked(String phone) {
        String digits = phone == null ? "" : phone;
        return digits.length() <= 7 ? "****" : digits.substring(0, digits.length() - 8) + "****" + digits.substring(digits.length() - 4);
    }

    private Semaphore windowOf(SMPPServerSession session) {
        return deliverWindows.computeIfAbsent(session, s -> new Semaphore(deliverWindow));
    }

    // --- called by SimulatedSmscReceiver on the SMSC's PDU threads ---

    SubmitSmResult onSubmit(SubmitSm pdu, SMPPServerSession source) throws ProcessRequestException {
        long bind = source == null ? 0 : bindNumbers.computeIfAbsent(source, k -> binds.incrementAndGet());
        ReceivedSubmit submit = new ReceivedSubmit(pdu.getSourceAddr(), pdu.getDestAddress(), pdu.getDataCoding(),
                pdu.getEsmClass(), pdu.getShortMessage() == null ? new byte[0] : pdu.getShortMessage(), tlvsOf(pdu),
                Long.toHexString(nextMessageId.getAndIncrement()), 0, Instant.now(), pdu.getSequenceNumber());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            int status = answer(policy.decide(submit));
            ReceivedSubmit answered = submit.withStatus(status);
            if (keepSubmits) {
                synchronized (submits) {
                    submits.add(answered);
                    wirePlace.put(answered, new long[]{bind, Integer.toUnsignedLong(pdu.getSequenceNumber())});
                }
            }
            if (status == 0 && receipts) {
                awaitingReceipt.put(answered.messageId(), answered);
            }
            submitWatcher.accept(answered);
            LOG.debug("SIMULATED SMSC submit_sm to {} (data_coding {}, {} bytes): {}", masked(submit.destination()),
                    submit.dataCoding(), submit.shortMessage().length, status == 0 ? "id " + submit.messageId() : "status 0x" + Integer.toHexString(status));
            if (status != 0) {
                throw new ProcessRequestException("refused by the simulated policy", status);
            }
            return new SubmitSmResult(new MessageId(submit.messageId()), new OptionalParameter[0]);
        } catch (org.jsmpp.PDUStringException e) {
            throw new ProcessRequestException("bad message id", SmscStatus.ESME_RSYSERR, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The optional parameters as tag and value octets, read from their wire form (tag, length, value). */
    private static Map<Integer, byte[]> tlvsOf(SubmitSm pdu) {
        Map<Integer, byte[]> out = new java.util.HashMap<>();
        if (pdu.getOptionalParameters() != null) {
            for (OptionalParameter p : pdu.getOptionalParameters()) {
                byte[] wire = p.serialize();
                out.put(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF), java.util.Arrays.copyOfRange(wire, 4, wire.length));
            }
        }
        return out;
    }

    void onSubmitAnswered(String messageId, SMPPServerSession session) {
        ReceivedSubmit submit = awaitingReceipt.remove(messageId);
        if (submit != null && receipts) {
            Runnable send = () -> sendReceipt(submit, session);
            synchronized (heldReceipts) {
                if (holdReceipts) {
                    heldReceipts.add(send);
                    return;
                }
            }
            Thread.ofVirtual().name("simulated-smsc-receipt").start(send);
        }
    }

    /** A receipt answered with a temporary error (the ESME is busy) is delivered again, as an SMSC does. */
    private void sendReceipt(ReceivedSubmit submit, SMPPServerSession session) {
        String date = RECEIPT_DATE.format(Instant.now());
        String text = "id:" + submit.messageId() + " sub:001 dlvrd:001 submit date:" + RECEIPT_DATE.format(submit.receivedAt())
                + " done date:" + date + " stat:DELIVRD err:000 text:";
        Semaphore window = windowOf(session);
        int attempts = receiptAttempts;
        for (int attempt = 1; attempt <= attempts && session.getSessionState().isReceivable(); attempt++) {
            window.acquireUninterruptibly();
            try {
                session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, submit.destination(),
                        TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, submit.source(), new ESMClass(ESM_DELIVERY_RECEIPT),
                        (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO,
                        text.getBytes(StandardCharsets.US_ASCII),
                        new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), submit.messageId()),
                        new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE.code(), (byte) MESSAGE_STATE_DELIVERED));
                receiptsAcknowledged.incrementAndGet();
                return;
            } catch (NegativeResponseException e) {
                receiptsRefused.incrementAndGet();
                LOG.debug("SIMULATED SMSC receipt for {} refused with 0x{} (attempt {})", submit.messageId(),
                        Integer.toHexString(e.getCommandStatus()), attempt);
            } catch (Exception e) {
                LOG.debug("SIMULATED SMSC receipt for {} not taken (attempt {}): {}", submit.messageId(), attempt, e.toString());
            } finally {
                window.release();
            }
            if (attempt == attempts) {
                break;
            }
            try {
                Thread.sleep(RECEIPT_RETRY_MS * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("SIMULATED SMSC receipt for {} not delivered", submit.messageId());
    }

    private int answer(SubmitDecision decision) {
        return switch (decision) {
            case SubmitDecision.Accept a -> 0;
            case SubmitDecision.Fail f -> f.commandStatus();
            case SubmitDecision.Delay d -> {
                try {
                    Thread.sleep(d.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield answer(d.then());
            }
        };
    }

    /** Each bound session in turn, so several binds share the traffic. */
    private Optional<SMPPServerSession> boundSession() {
        List<SMPPServerSession> bound = new ArrayList<>(sessions.size());
        for (int i = sessions.size() - 1; i >= 0; i--) {
            SMPPServerSession s = sessions.get(i);
            if (s.getSessionState().isReceivable()) {
                bound.add(s);
            }
        }
        return bound.isEmpty() ? Optional.empty()
                : Optional.of(bound.get(Math.floorMod(nextSession.getAndIncrement(), bound.size())));
    }

    private void acceptLoop(SMPPServerSessionListener current) {
        while (listener == current) {
            try {
                SMPPServerSession session = current.accept();
                Thread.ofVirtual().name("simulated-smsc-bind").start(() -> awaitBind(session));
            } catch (IOException e) {
                if (listener == current) {
                    LOG.warn("SIMULATED SMSC accept failed: {}", e.toString());
                }
                return;
            }
        }
    }

    private void awaitBind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5_000);
            if (!systemId.equals(request.getSystemId())) {
                LOG.warn("SIMULATED SMSC refused bind: unknown system_id '{}'", request.getSystemId());
                request.reject(SmscStatus.ESME_RINVSYSID);
            } else if (!password.equals(request.getPassword())) {
                LOG.warn("SIMULATED SMSC refused bind of '{}': wrong password", request.getSystemId());
                request.reject(SmscStatus.ESME_RINVPASWD);
            } else if (request.getBindType() != BindType.BIND_TRX) {
                LOG.warn("SIMULATED SMSC refused bind of '{}': only transceiver binds, got {}", systemId, request.getBindType());
                request.reject(SmscStatus.ESME_RBINDFAIL);
            } else {
                session.setTransactionTimer(10_000);
                session.addSessionStateListener((newState, oldState, source) -> {
                    if (newState == SessionState.CLOSED) {
                        sessions.remove(session);
                        deliverWindows.remove(session);
                    }
                });
                sessions.add(session);
                request.accept(systemId);
                LOG.info("SIMULATED SMSC bound '{}' as transceiver from port {}", systemId, session.getPort());
                return;
            }
        } catch (Exception e) {
            LOG.warn("SIMULATED SMSC bind failed: {}", e.toString());
        }
        // Closing at once can race the refused ESME's reading of the bind response (jsmpp drops
        // PDUs still queued when its session closes); the ESME normally hangs up first.
        closeLater(session);
    }

    private static void closeLater(SMPPServerSession session) {
        Thread.ofVirtual().name("simulated-smsc-hangup").start(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            session.close();
        });
    }
}
