package io.qiaoqiao.gateway.sms;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.logging.ThrottledLog;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.metrics.InputLimits;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The gateway's SMPP transceiver bind to the SMSC (an ESME, with jsmpp). It owns its connection:
 * {@link #start()} connects on a virtual thread and keeps the link bound, reconnecting with
 * jittered exponential backoff whenever the session closes or a bind fails. At most
 * {@code smpp.window} submit_sm wait for their response at once; the others wait their turn, in
 * order, for as long as it takes (our own window is not the SMSC refusing anything). Blocking:
 * use from virtual threads only, never from a Vert.x event loop.
 */
public final class SmppLink implements SmsSender {
    private static final Logger LOG = LoggerFactory.getLogger(SmppLink.class);
    private static final long READER_CHECK_MILLIS = 500;
    /** How often a text waiting for a window slot asks its guard whether it is still to be sent. */
    private static final long GUARD_INTERVAL_MS = 1000;

    private final String host;
    private final int port;
    private final BindParameter bind;
    private final String sourceAddr;
    private final TypeOfNumber sourceTon;
    private final NumberingPlanIndicator sourceNpi;
    private final TypeOfNumber destTon;
    private final NumberingPlanIndicator destNpi;
    private final int enquireLinkMillis;
    private final long responseTimeoutMillis;
    private final int receiveThreads;
    private final ReconnectBackoff backoff;
    private final Semaphore window;
    private final SmppMetrics metrics;
    private final DeliverSmReceiver receiver;
    private final int maxPduBytes;
    private final InputLimits limits;
    // Where this node's concatenation references start: nodes that all counted from 0 sent two
    // long texts to one phone with the same reference at once, and the phone mixed their parts.
    private final AtomicInteger concatReference = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));
    private final List<Consumer<LinkState>> stateListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ThrottledLog submitFailures = new ThrottledLog(LOG, java.time.Duration.ofSeconds(10));

    private volatile LinkState state = LinkState.DISCONNECTED;
    private volatile SMPPSession session;
    private volatile GuardedPduReader sessionReader;
    private volatile String lastBindFailure;
    private volatile Thread connector;

    public SmppLink(Config config, MeterRegistry registry, InboundSmsListener listener) {
        this.host = config.string("smpp.host");
        this.port = config.integer("smpp.port");
        this.sourceAddr = config.string("smpp.source-addr");
        this.sourceTon = TypeOfNumber.valueOf((byte) config.integer("smpp.source-ton"));
        this.sourceNpi = NumberingPlanIndicator.valueOf((byte) config.integer("smpp.source-npi"));
        this.destTon = TypeOfNumber.valueOf((byte) config.integer("smpp.dest-ton"));
        this.destNpi = NumberingPlanIndicator.valueOf((byte) config.integer("smpp.dest-npi"));
        this.bind = new BindParameter(BindType.BIND_TRX, config.string("smpp.system-id"),
                config.secret("smpp.password"), config.string("smpp.system-type"), sourceTon, sourceNpi, null);
        // Fair: texts get their slot in the order they asked, so the oldest claims go first.
        this.window = new Semaphore(config.integer("smpp.window"), true);
        this.enquireLinkMillis = config.integer("smpp.enquire-link-seconds") * 1000;
        this.responseTimeoutMillis = config.integer("smpp.response-timeout-ms");
        this.receiveThreads = config.integer("smpp.receive-threads");
        this.backoff = new ReconnectBackoff(config.integer("smpp.reconnect-min-ms"), config.integer("smpp.reconnect-max-ms"));
        this.metrics = new SmppMetrics(registry, this::bound);
        this.maxPduBytes = config.integer("smpp.max-pdu-bytes");
        this.limits = new InputLimits(registry);
        // Two PDU threads stay free of deliver_sm for submit_sm_resp and enquire_link.
        this.receiver = new DeliverSmReceiver(listener, metrics, Math.max(1, receiveThreads - 2),
                new DeliverSmDecoder.Limits(config.integer("sms.max-payload-bytes"), config.integer("sms.max-parts")), limits::hit);
    }

    /** Starts connecting on a virtual thread and returns at once; watch {@link #state()} or add a state listener. */
    public synchronized void start() {
        if (connector != null) {
            throw new IllegalStateException("SMPP link already started");
        }
        connector = Thread.ofVirtual().name("smpp-link-" + bind.getSystemId()).start(this::keepBound);
    }

    /** Unbinds cleanly and stops reconnecting. */
    public void stop() {
        stopped.countDown();
        SMPPSession current = session;
        if (current != null) {
            current.unbindAndClose();
        }
        Thread thread = connector;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(responseTimeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        setState(LinkState.DISCONNECTED);
        LOG.info("SMPP link to {}:{} stopped", host, port);
    }

    public LinkState state() {
        return state;
    }

    /** Called with every new state, on the link's own thread: keep it short. */
    public void addStateListener(Consumer<LinkState> listener) {
        stateListeners.add(listener);
    }

    /** Why the last bind attempt failed (the same words as the log line), if it did. */
    public Optional<String> lastBindFailure() {
        return Optional.ofNullable(lastBindFailure);
    }

    @Override
    public boolean bound() {
        SMPPSession current = session;
        GuardedPduReader reader = sessionReader;
        return state == LinkState.BOUND && current != null && current.getSessionState().isBound()
                && (reader == null || !reader.readerDied());
    }

    /**
     * Segments go out one behind the other without waiting for each other's responses: each is
     * submitted once the one before it is written to the socket, so they reach the SMSC in order
     * while the window carries several. {@code written} runs once the last one is written (or the
     * send ended without that); the responses are awaited after.
     */
    @Override
    public List<String> send(String to, String text, PartsSent sofar, SubmitGuard guard, Runnable written) throws SubmitException {
        try {
            SMPPSession current = session;
            if (!bound() || current == null) {
                metrics.submitError(SubmitException.Kind.NOT_BOUND);
                throw new SubmitException(SubmitException.Kind.NOT_BOUND, 0, "SMPP link is " + state);
            }
            List<SmsSegment> segments;
            int reference = sofar.reference() >= 0 ? sofar.reference() : concatReference.incrementAndGet() & 0xFF;
            try {
                segments = OutboundTextEncoder.encode(text, reference);
            } catch (IllegalArgumentException e) {
                metrics.submitError(SubmitException.Kind.PERMANENT);
                throw new SubmitException(SubmitException.Kind.PERMANENT, 0, e.getMessage(), e);
            }
            String destination = to.startsWith("+") ? to.substring(1) : to;
            List<String> ids = segments.size() == 1
                    ? List.of(submit(current, destination, segments.get(0), guard, written))
                    : pipelined(current, destination, segments, new PartsSent(reference, sofar.messageIds()), guard, written);
            LOG.debug("SMPP submitted {} segment(s) to {}: {}", segments.size(), PhoneNumbers.mask(to), ids);
            return ids;
        } finally {
            written.run(); // at most once more: whoever waits on it ignores a second signal
        }
    }

    /**
     * Parts the SMSC accepted on an earlier try ({@code sofar}) are not sent again. A failure
     * after some parts were accepted fails the text, telling which parts went
     * ({@link SubmitException#partsSent()}), so the retry sends only the others, under the same
     * reference. A part whose answer never came (a dropped bind) counts as not accepted: it is
     * sent again, and the phone, holding that part already, puts the text together once. A
     * segment whose predecessor failed is not sent.
     */
    private List<String> pipelined(SMPPSession current, String destination, List<SmsSegment> segments, PartsSent sofar,
                                   SubmitGuard guard, Runnable written) throws SubmitException {
        // An earlier try that split the text differently (it cannot, for the same text) is not trusted.
        boolean resume = sofar.messageIds().size() == segments.size();
        List<CompletableFuture<String>> ids = new ArrayList<>(segments.size());
        CompletableFuture<Void> before = CompletableFuture.completedFuture(null);
        for (int i = 0; i < segments.size(); i++) {
            SmsSegment segment = segments.get(i);
            CompletableFuture<Void> previous = before;
            CompletableFuture<Void> thisWritten = new CompletableFuture<>();
            CompletableFuture<String> id = new CompletableFuture<>();
            CompletableFuture<String> previousId = i == 0 ? CompletableFuture.completedFuture("") : ids.get(i - 1);
            boolean last = i == segments.size() - 1;
            String acceptedBefore = resume ? sofar.idOf(i) : null;
            if (acceptedBefore != null) {
                // Already with the SMSC: this part is "written" once the ones before it are.
                id.complete(acceptedBefore);
                previous.whenComplete((v, e) -> {
                    thisWritten.complete(null);
                    if (last) {
                        written.run();
                    }
                });
                ids.add(id);
                before = thisWritten;
                continue;
            }
            Thread.ofVirtual().name("smpp-segment-" + (i + 1)).start(() -> {
                try {
                    previous.join();
                    if (previousId.isCompletedExceptionally()) {
                        id.completeExceptionally(new SubmitException(SubmitException.Kind.TRANSIENT, 0, "an earlier segment failed"));
                        return;
                    }
                    id.complete(submit(current, destination, segment, guard, () -> {
                        thisWritten.complete(null);
                        if (last) {
                            written.run();
                        }
                    }));
                } catch (SubmitException | RuntimeException e) {
                    id.completeExceptionally(e);
                } finally {
                    thisWritten.complete(null);
                }
            });
            ids.add(id);
            before = thisWritten;
        }
        List<String> out = new ArrayList<>(ids.size());
        SubmitException first = null;
        for (CompletableFuture<String> id : ids) {
            try {
                out.add(id.join());
            } catch (java.util.concurrent.CompletionException e) {
                out.add(null);
                if (first == null) {
                    first = e.getCause() instanceof SubmitException se ? se
                            : new SubmitException(SubmitException.Kind.TRANSIENT, 0, String.valueOf(e.getCause()), e.getCause());
                }
            }
        }
        if (first != null) {
            throw first.withPartsSent(new PartsSent(sofar.reference(), out));
        }
        return out;
    }

    private String submit(SMPPSession current, String destination, SmsSegment segment, SubmitGuard guard, Runnable written)
            throws SubmitException {
        takeWindowSlot(current, guard);
        Timer.Sample sample = metrics.startSubmit();
        try {
            return WrittenSubmits.whenWritten(written, () -> current.submitShortMessage("", sourceTon, sourceNpi, sourceAddr,
                    destTon, destNpi, destination, new ESMClass(segment.esmClass()), (byte) 0, (byte) 0, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    DataCodings.newInstance(segment.dataCoding()), (byte) 0, segment.shortMessage())).getMessageId();
        } catch (Exception e) {
            throw failed(SubmitFailures.classify(e, bound()));
        } finally {
            metrics.submitted(sample);
            window.release();
        }
    }

    /**
     * Waits for a slot of the window, however long, asking the guard every second whether the
     * text is still to be sent; then asks once more, with the slot taken, right before the
     * segment goes out. Leaves with a slot taken, or with an exception and none.
     */
    private void takeWindowSlot(SMPPSession current, SubmitGuard guard) throws SubmitException {
        try {
            while (!window.tryAcquire(GUARD_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
                stillSendable(current, guard);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(new SubmitException(SubmitException.Kind.TRANSIENT, 0, "interrupted waiting for the submit window", e));
        }
        try {
            stillSendable(current, guard);
        } catch (SubmitException | RuntimeException e) {
            window.release();
            throw e;
        }
    }

    private void stillSendable(SMPPSession current, SubmitGuard guard) throws SubmitException {
        if (session != current || !bound()) {
            throw failed(new SubmitException(SubmitException.Kind.NOT_BOUND, 0, "SMPP link is " + state));
        }
        if (!guard.mayProceed()) {
            throw new SubmitException(SubmitException.Kind.WITHDRAWN, 0, "withdrawn by its sender before the next segment");
        }
    }

    private SubmitException failed(SubmitException e) {
        metrics.submitError(e.kind());
        // The outbox logs each text's failure and retry; this is the link's view, once per interval.
        submitFailures.warn("SMPP submit_sm failed (" + e.kind() + "): " + e.getMessage());
        return e;
    }

    /** The connector thread: bind, wait for the session to close, back off, again, until stopped. */
    private void keepBound() {
        int failures = 0;
        while (stopped.getCount() > 0) {
            String reason;
            setState(LinkState.CONNECTING);
            GuardedPduReader reader = new GuardedPduReader(maxPduBytes, limits, metrics);
            SMPPSession attempt = newSession(reader);
            CountDownLatch closed = new CountDownLatch(1);
            attempt.addSessionStateListener((newState, oldState, source) -> {
                if (newState == SessionState.CLOSED) {
                    closed.countDown();
                }
            });
            try {
                LOG.info("SMPP connecting to {}:{} as {} (attempt {})", host, port, bind.getSystemId(), failures + 1);
                attempt.connectAndBind(host, port, bind, responseTimeoutMillis);
                session = attempt;
                sessionReader = reader;
                failures = 0;
                lastBindFailure = null;
                metrics.bindAttempt("ok");
                setState(LinkState.BOUND);
                LOG.info("SMPP bound to {}:{} as {} (transceiver)", host, port, bind.getSystemId());
                reason = awaitClosed(attempt, reader, closed);
            } catch (IOException e) {
                attempt.close();
                reason = bindFailure(e);
            } catch (InterruptedException e) {
                attempt.close();
                break;
            } finally {
                session = null;
                sessionReader = null;
            }
            setState(LinkState.DISCONNECTED);
            long delay = backoff.delayMillis(failures++);
            if (stopped.getCount() > 0) {
                LOG.info("SMPP reconnecting to {}:{} in {} ms ({})", host, port, delay, reason);
            }
            try {
                if (stopped.await(delay, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        setState(LinkState.DISCONNECTED);
    }

    /**
     * Returns when the session has closed, or closes it when the thread reading its PDUs has died
     * (jsmpp's reader ends on an Error without closing the session, which then says BOUND while
     * nothing is read: no deliver_sm, no submit_sm_resp, no enquire_link).
     */
    private String awaitClosed(SMPPSession attempt, GuardedPduReader reader, CountDownLatch closed) throws InterruptedException {
        while (!closed.await(READER_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
            if (reader.readerDied()) {
                metrics.readerDied();
                LOG.error("SMPP reader thread of the session to {}:{} died: the bind is treated as lost and made again", host, port);
                attempt.close();
                return "the PDU reader died";
            }
        }
        LOG.warn("SMPP session to {}:{} closed", host, port);
        return "session closed";
    }

    private SMPPSession newSession(GuardedPduReader reader) {
        // Our sender tells each submit when its bytes are written (per-phone pipelining); the
        // guarded reader answers malformed PDUs through the same sender.
        WrittenSubmits sender = new WrittenSubmits();
        SMPPSession s = new SMPPSession(sender, reader, (h, p) -> {
            Connection connection = connect(h, p);
            reader.answersThrough(sender, connection.getOutputStream());
            return connection;
        });
        s.setPduProcessorDegree(receiveThreads);
        s.setTransactionTimer(responseTimeoutMillis);
        s.setEnquireLinkTimer(enquireLinkMillis);
        s.setMessageReceiverListener(receiver);
        return s;
    }

    /**
     * TCP_NODELAY: SMPP is small request and response PDUs, several in flight; with Nagle's
     * algorithm a PDU written while an earlier one is unacknowledged waits for the peer's delayed
     * ACK (40 ms on Linux), which measured as a 90 ms floor from deliver_sm to the offer's submit_sm.
     */
    private static Connection connect(String host, int port) throws IOException {
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        return new SocketConnection(socket);
    }

    private String bindFailure(IOException e) {
        Optional<NegativeResponseException> refusal = causeOf(e, NegativeResponseException.class);
        String message;
        if (refusal.isPresent()) {
            int status = refusal.get().getCommandStatus();
            metrics.bindAttempt("refused");
            message = "bind refused by the SMSC as system-id '" + bind.getSystemId() + "': "
                    + SmppStatus.describe(status)
                    + (status == SmppStatus.ESME_RINVPASWD || status == SmppStatus.ESME_RINVSYSID
                    ? " - check smpp.system-id and the password (QIAOQIAO_SMPP_PASSWORD / smpp.password-file)" : "");
            LOG.error("SMPP {}", message);
        } else {
            metrics.bindAttempt("error");
            message = "cannot connect/bind to " + host + ":" + port + ": " + e.getMessage();
            LOG.warn("SMPP {}", message);
        }
        lastBindFailure = message;
        return message;
    }

    private static <T extends Throwable> Optional<T> causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private synchronized void setState(LinkState next) {
        if (state != next) {
            state = next;
            for (Consumer<LinkState> listener : stateListeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    LOG.warn("SMPP state listener failed on {}: {}", next, e.toString());
                }
            }
        }
    }
}
