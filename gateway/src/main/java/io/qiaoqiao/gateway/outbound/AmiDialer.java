package io.qiaoqiao.gateway.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.vertx.core.Future;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.EventTimeoutException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbound calls over AMI. Owns one asterisk-java {@link ManagerConnection} and its reconnect
 * policy: a virtual thread logs in, pings while the link is up, and on a drop or a failed login
 * opens a fresh connection after an exponential backoff with jitter (asterisk-java's own
 * reconnect thread, fixed at 50 ms then 5 s, is stopped by logging that connection off).
 *
 * <p>{@link #place} sends {@code Originate} with {@code Async: true} and waits for the
 * {@code OriginateResponse}; the channel gets our own id ({@code ChannelId}) so that its
 * {@code Hangup} cause can refine an ambiguous reason and be shown on the ticket.
 */
public final class AmiDialer implements CallPlacer {
    private static final Logger log = LoggerFactory.getLogger(AmiDialer.class);
    private static final Duration PING_EVERY = Duration.ofSeconds(20);
    private static final Duration CAUSE_GRACE = Duration.ofSeconds(2);

    private final AmiSettings settings;
    private final MeterRegistry registry;
    private final Map<String, CompletableFuture<HangupCause>> hangupCauses = new ConcurrentHashMap<>();
    /** Answered calls whose channel is still up, until its Hangup (see {@link #awaitHangup}). */
    private final Map<OutboundCall, CompletableFuture<HangupCause>> talking = new ConcurrentHashMap<>();
    private final AtomicLong callSeq = new AtomicLong();
    /** Released when the link drops or the dialer stops; the supervisor waits on it. */
    private final Semaphore linkChanged = new Semaphore(0);
    private volatile ManagerConnection connection;
    private volatile boolean stopped;
    private Thread supervisor;

    public AmiDialer(AmiSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        Gauge.builder("qiaoqiao.ami.connected", this, d -> d.connected() ? 1 : 0)
                .description("1 while the AMI link is logged in").register(registry);
    }

    /** Starts connecting in the background; completes at once (the link may come up later). */
    public Future<Void> start() {
        stopped = false;
        supervisor = Thread.ofVirtual().name("ami-link").start(this::superviseLink);
        return Future.succeededFuture();
    }

    /** Logs off and stops reconnecting. */
    public Future<Void> stop() {
        stopped = true;
        // Whoever waits for a Hangup stops waiting: this dialer will hear none.
        talking.values().forEach(f -> f.complete(null));
        signal();
        if (supervisor != null) {
            try {
                supervisor.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public boolean connected() {
        ManagerConnection c = connection;
        return c != null && c.getState() == ManagerConnectionState.CONNECTED;
    }

    /** The Q.850 cause of a channel's {@code Hangup} and Asterisk's words for it. */
    private record HangupCause(int cause, String text) {
    }

    @Override
    public CallOutcome place(OutboundCall call) throws CallException {
        ManagerConnection c = connection;
        if (c == null || c.getState() != ManagerConnectionState.CONNECTED) {
            count("not_connected");
            throw new CallException(CallException.Kind.NOT_CONNECTED, "AMI link to " + settings.host() + " is down");
        }
        String channelId = "qq-" + call.ticketCode() + "-" + ProcessHandle.current().pid() + "-" + callSeq.incrementAndGet();
        CompletableFuture<HangupCause> cause = new CompletableFuture<>();
        hangupCauses.put(channelId, cause);
        boolean up = false;
        try {
            CallOutcome outcome = outcomeOf(originate(c, call, channelId), cause);
            count(outcome.result().name().toLowerCase());
            log.info("ticket {} {} call to {}: {}", call.ticketCode(), call.script(), PhoneNumbers.mask(call.to()), outcome);
            if (outcome.result() == CallResult.ANSWERED) {
                // The channel stays up while the resident talks to the script: remember it until its
                // Hangup has been awaited (it may have come already).
                up = true;
                talking.put(call, cause);
                cause.whenComplete((h, e) -> hangupCauses.remove(channelId, cause));
            }
            return outcome;
        } catch (CallException e) {
            count(e.kind() == CallException.Kind.NOT_CONNECTED ? "not_connected" : "error");
            log.warn("ticket {} {} call to {} not placed: {}", call.ticketCode(), call.script(),
                    PhoneNumbers.mask(call.to()), e.getMessage());
            throw e;
        } finally {
            if (!up) {
                hangupCauses.remove(channelId);
            }
        }
    }

    @Override
    public boolean awaitHangup(OutboundCall call, Duration most) throws InterruptedException {
        CompletableFuture<HangupCause> hangup = talking.get(call);
        if (hangup == null) {
            return false;
        }
        try {
            // Null: the link dropped, and with it the Hangup event (see linkLost).
            return hangup.get(most.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("ticket {} {} call: no Hangup within {}; its line is counted free again", call.ticketCode(), call.script(), most);
            hangup.complete(null);
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false; // completed exceptionally: nothing more to wait for
        } finally {
            talking.remove(call, hangup);
        }
    }

    private OriginateResponseEvent originate(ManagerConnection c, OutboundCall call, String channelId) throws CallException {
        OriginateAction action = new OriginateAction();
        action.setChannel(settings.channelFor(call.to()));
        action.setContext(settings.originateContext());
        action.setExten("s");
        action.setPriority(1);
        action.setCallerId(settings.callerId());
        action.setTimeout(settings.ringTimeout().toMillis());
        action.setAsync(true);
        action.setChannelId(channelId);
        Map<String, String> variables = new LinkedHashMap<>(call.variables());
        variables.put("QQ_TICKET", call.ticketCode());
        variables.put("QQ_SCRIPT", call.script());
        // Whom the call rings: the offer script asks for the callee's offer by it.
        variables.put("QQ_TO", call.to());
        action.setVariables(variables);
        long wait = settings.ringTimeout().plus(settings.responseTimeout()).toMillis();
        ResponseEvents events;
        try {
            events = c.sendEventGeneratingAction(action, wait);
        } catch (IllegalStateException e) {
            throw new CallException(CallException.Kind.NOT_CONNECTED, "AMI link went down: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CallException(CallException.Kind.NOT_CONNECTED, "cannot send Originate: " + e.getMessage(), e);
        } catch (EventTimeoutException e) {
            throw new CallException(CallException.Kind.TRANSIENT, "no OriginateResponse within " + wait + " ms", e);
        }
        ManagerResponse response = events.getResponse();
        if (response instanceof ManagerError) {
            throw new CallException(CallException.Kind.PERMANENT, "Originate refused: " + response.getMessage());
        }
        return events.getEvents().stream()
                .filter(OriginateResponseEvent.class::isInstance).map(OriginateResponseEvent.class::cast)
                .findFirst()
                .orElseThrow(() -> new CallException(CallException.Kind.TRANSIENT,
                        "AMI link lost before the OriginateResponse; the call's outcome is unknown"));
    }

    /**
     * OriginateResponse Reason: 4 answered, 5 busy, 3 rang out, 1 hung up while ringing,
     * 8 congestion, 0 failed (then the channel's Hangup cause says why; no Hangup at all means
     * the channel was never made: unavailable). A call that was not
     * answered waits briefly for that Hangup, which Asterisk sends just before or after the
     * OriginateResponse, so that the ticket shows the cause.
     */
    private static CallOutcome outcomeOf(OriginateResponseEvent event, CompletableFuture<HangupCause> cause) {
        int reason = event.getReason() == null ? 0 : event.getReason();
        if (reason == 4) {
            return new CallOutcome(CallResult.ANSWERED, reason, OptionalInt.empty(), Optional.empty());
        }
        HangupCause hangup;
        try {
            hangup = cause.get(CAUSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            hangup = null;
        }
        CallResult result = switch (reason) {
            case 5 -> CallResult.BUSY;
            case 1, 3 -> CallResult.NO_ANSWER;
            case 8 -> CallResult.CONGESTION;
            // Failed with no channel to hang up: Asterisk could not even make the channel.
            default -> hangup == null ? CallResult.UNAVAILABLE : resultOfCause(hangup.cause());
        };
        return hangup == null ? new CallOutcome(result, reason, OptionalInt.empty(), Optional.empty())
                : new CallOutcome(result, reason, OptionalInt.of(hangup.cause()), Optional.ofNullable(hangup.text()));
    }

    /** Q.850 cause of the failed channel's Hangup. */
    private static CallResult resultOfCause(int q850) {
        return switch (q850) {
            case 17, 21 -> CallResult.BUSY;
            case 18, 19, 20 -> CallResult.NO_ANSWER;
            case 34, 38, 41, 42, 44 -> CallResult.CONGESTION;
            case 3, 66 -> CallResult.UNAVAILABLE;
            default -> CallResult.FAILED;
        };
    }

    private void count(String result) {
        Counter.builder("qiaoqiao.ami.originate").description("Outbound calls by result")
                .tag("result", result).register(registry).increment();
    }

    private void onEvent(ManagerEvent event) {
        if (event instanceof HangupEvent hangup && hangup.getUniqueId() != null) {
            CompletableFuture<HangupCause> cause = hangupCauses.get(hangup.getUniqueId());
            if (cause != null) {
                cause.complete(new HangupCause(hangup.getCause() == null ? 0 : hangup.getCause(), hangup.getCauseTxt()));
            }
        } else if (event instanceof DisconnectEvent) {
            // No Hangup will come over a lost link: the lines of the calls that were up are free as far as we can tell.
            talking.values().forEach(f -> f.complete(null));
            signal();
        }
    }

    private void superviseLink() {
        Duration backoff = settings.reconnectMin();
        while (!stopped) {
            ManagerConnection c = new ManagerConnectionFactory(settings.host(), settings.port(), settings.user(),
                    settings.secret()).createManagerConnection();
            c.setKeepAliveAfterAuthenticationFailure(false);
            ManagerEventListener listener = this::onEvent;
            c.addEventListener(listener);
            try {
                c.login();
                connection = c;
                backoff = settings.reconnectMin();
                log.info("AMI logged in to {}:{} as {}", settings.host(), settings.port(), settings.user());
                holdLink(c);
                if (!stopped) {
                    log.warn("AMI link to {}:{} lost", settings.host(), settings.port());
                }
            } catch (AuthenticationFailedException e) {
                log.error("AMI login to {}:{} as {} refused: {}", settings.host(), settings.port(), settings.user(), e.getMessage());
            } catch (IOException | TimeoutException | IllegalStateException e) {
                log.warn("AMI connect to {}:{} failed: {}", settings.host(), settings.port(), e.getMessage());
            } finally {
                connection = null;
                c.removeEventListener(listener);
                logOff(c);
            }
            if (!stopped) {
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMax()) > 0
                        ? settings.reconnectMax() : backoff.multipliedBy(2);
            }
        }
    }

    /** Returns when the link drops, a ping fails, or the dialer stops. */
    private void holdLink(ManagerConnection c) {
        while (!stopped && c.getState() == ManagerConnectionState.CONNECTED) {
            if (!await(PING_EVERY)) {
                return;
            }
            if (!stopped && c.getState() == ManagerConnectionState.CONNECTED && !ping(c)) {
                return;
            }
        }
    }

    private boolean ping(ManagerConnection c) {
        try {
            return !(c.sendAction(new PingAction(), settings.responseTimeout().toMillis()) instanceof ManagerError);
        } catch (IOException | TimeoutException | IllegalStateException e) {
            return false;
        }
    }

    private static void logOff(ManagerConnection c) {
        ManagerConnectionState state = c.getState();
        if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
            try {
                c.logoff();
            } catch (RuntimeException e) {
                log.debug("AMI logoff: {}", e.getMessage());
            }
        }
    }

    private void signal() {
        linkChanged.release();
    }

    /** Waits up to {@code timeout} for a signal; false when interrupted. */
    private boolean await(Duration timeout) {
        try {
            if (linkChanged.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                linkChanged.drainPermits();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pause(Duration backoff) {
        long jitter = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 4 + 1);
        if (!stopped) {
            await(backoff.plusMillis(jitter));
        }
    }
}
