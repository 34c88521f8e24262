package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.gateway.metrics.InputLimits;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The FastAGI listener: Asterisk connects once per {@code AGI(agi://host:4573/NAME)} and the
 * script registered under NAME runs the call on its own virtual thread.
 *
 * <p>Why not asterisk-java's {@code DefaultAgiServer}: its pool is a platform-thread
 * {@code ThreadPoolExecutor}, its reader answers a bare {@code HANGUP} line (which Asterisk 22
 * sends in place of a reply) by waiting for another line that never comes, and it sends
 * {@code SET VARIABLE AJ_AGISTATUS} after every script, even on a dead channel. So the accept
 * loop and the reply parsing are ours ({@link AgiCall}); asterisk-java still builds every command
 * line. Virtual threads make 200 simultaneous calls 200 cheap blocking threads.
 */
public final class FastAgiServer {
    private static final Logger log = LoggerFactory.getLogger(FastAgiServer.class);
    private final String host;
    private final int port;
    private final Duration replyTimeout;
    private final String promptDir;
    private final Map<String, VoiceScript> scripts;
    private final VoiceMetrics metrics;
    private final AgiGate gate;
    private final InputLimits limits;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ThreadFactory callThreads = Thread.ofVirtual().name("agi-call-", 0).factory();
    // One thread closes the connections whose header is late; cancelled tasks leave its queue at once.
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("agi-header-deadline").daemon().factory());
    private volatile ServerSocket server;

    /**
     * @param port    0 picks a free port (tests); see {@link #port()}
     * @param scripts script name (the path of the AGI URL) to script
     * @param gate    who may connect, how many at once, and how long the header may take
     */
    public FastAgiServer(String host, int port, Duration replyTimeout, String promptDir,
                         Map<String, VoiceScript> scripts, VoiceMetrics metrics, AgiGate gate, InputLimits limits) {
        this.gate = gate;
        this.limits = limits;
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.host = host;
        this.port = port;
        this.replyTimeout = replyTimeout;
        this.promptDir = promptDir;
        this.scripts = Map.copyOf(scripts);
        this.metrics = metrics;
    }

    /** Binds and starts accepting; fails when the address cannot be bound. */
    public Future<Void> start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 200);
            server = socket;
        } catch (IOException e) {
            return Future.failedFuture(new IOException("cannot listen for FastAGI on " + host + ":" + port + ": " + e.getMessage(), e));
        }
        Thread.ofVirtual().name("agi-accept").start(this::acceptLoop);
        log.info("FastAGI listening on {}:{} for scripts {}, Asterisk at {}", host, port(), scripts.keySet(),
                gate.allowedPeers().stream().map(r -> addressText(r.network()) + "/" + r.prefixBits()).toList());
        return Future.succeededFuture();
    }

    /** Whether the listening socket is open (readiness). */
    public boolean listening() {
        ServerSocket current = server;
        return current != null && current.isBound() && !current.isClosed();
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Stops accepting and closes the calls still open: their scripts see a broken socket and
     * keep what they have (a hotline caller gets a callback ticket).
     */
    public Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        try {
            if (server != null) {
                server.close();
            }
            for (Socket socket : open) {
                socket.close();
            }
            deadlines.shutdownNow();
            stopped.complete();
        } catch (IOException e) {
            stopped.fail(e);
        }
        return stopped.future();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (admitted(socket)) {
                    open.add(socket);
                    callThreads.newThread(() -> serve(socket)).start();
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.error("FastAGI accept failed: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * A connection from a peer outside {@code agi.allowed-peers}, or one past
     * {@code agi.max-connections}, is closed at once, before a byte is read or written.
     */
    private boolean admitted(Socket socket) {
        String refused = null;
        String limit = null;
        if (!gate.allows(socket.getInetAddress())) {
            limit = "agi.allowed-peers";
            refused = "FastAGI connection from " + socket.getInetAddress().getHostAddress() + " closed: not an allowed Asterisk";
        } else if (open.size() >= gate.maxConnections()) {
            limit = "agi.max-connections";
            refused = "FastAGI connection from " + socket.getInetAddress().getHostAddress() + " closed: "
                    + gate.maxConnections() + " calls are already connected";
        }
        if (refused == null) {
            return true;
        }
        limits.hit(limit, refused);
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing a refused FastAGI connection: {}", e.toString());
        }
        return false;
    }

    private void serve(Socket socket) {
        metrics.sessionStarted();
        String scriptName = "unknown";
        String outcome = "failed";
        AgiCall call = null;
        AtomicBoolean late = new AtomicBoolean();
        AtomicBoolean headerSettled = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeLate(socket, headerSettled, late),
                gate.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (socket) {
            socket.setSoTimeout((int) gate.headerTimeout().toMillis());
            socket.setTcpNoDelay(true);
            call = new AgiCall(new BufferedInputStream(socket.getInputStream()),
                    new BufferedOutputStream(socket.getOutputStream()), promptDir);
            AgiHeader header;
            try {
                header = call.readHeader();
            } finally {
                deadline.cancel(false);
            }
            if (!headerSettled.compareAndSet(false, true)) {
                // The deadline fired as the last header line arrived: the socket is closed already.
                throw new CallEnded(CallEnded.Reason.PROTOCOL, "header complete only as its deadline passed");
            }
            // Every line of this call carries its id; the thread is the call's alone and ends with it.
            MDC.put(LogContext.CALL, header.uniqueId());
            socket.setSoTimeout((int) replyTimeout.toMillis());
            VoiceScript script = scripts.get(header.script());
            if (script == null) {
                outcome = "no-script";
                log.warn("call {} asks for unknown script '{}'", header.uniqueId(), header.script());
                return;
            }
            scriptName = header.script();
            script.run(call);
            outcome = "completed";
        } catch (CallEnded e) {
            outcome = e.reason().outcome();
            if (late.get()) {
                outcome = CallEnded.Reason.PROTOCOL.outcome();
                limits.hit("agi.header-timeout-ms", "FastAGI connection from " + socket.getInetAddress().getHostAddress()
                        + " closed: its header was not complete within " + gate.headerTimeout().toMillis() + " ms");
            } else if (e.reason() == CallEnded.Reason.HANGUP) {
                log.info("{} call {} from {} ended: {}", scriptName, uniqueId(call), caller(call), e.getMessage());
            } else {
                log.warn("{} call {} from {} dropped: {}", scriptName, uniqueId(call), caller(call), e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            log.error("{} call {} from {} failed", scriptName, uniqueId(call), caller(call), e);
        } finally {
            open.remove(socket);
            metrics.sessionEnded(scriptName, outcome);
            MDC.remove(LogContext.CALL);
        }
    }

    /** The header deadline passed: closing the socket ends the read that waits for the header. */
    private static void closeLate(Socket socket, AtomicBoolean headerSettled, AtomicBoolean late) {
        if (!headerSettled.compareAndSet(false, true)) {
            return; // the header was read in time
        }
        late.set(true);
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing a late FastAGI connection: {}", e.toString());
        }
    }

    private static String addressText(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }

    private static String uniqueId(AgiCall call) {
        return call == null || call.header() == null ? "(no header)" : call.header().uniqueId();
    }

    private static String caller(AgiCall call) {
        return call == null || call.header() == null ? "(no header)" : PhoneNumbers.mask(call.header().callerId());
    }
}
