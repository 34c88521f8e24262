package io.qiaoqiao.gateway.reach;

import io.qiaoqiao.gateway.outbound.FakeAmiServer;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/**
 * A telephone trunk as the gateway sees it through Asterisk: the AMI peer that replays the
 * captured Originate ({@link FakeAmiServer}), and for each call a resident answers, the FastAGI
 * session Asterisk's outbound context opens ({@code AGI(…/${QQ_SCRIPT}?call=${QQ_CALL}&attempt=…)}),
 * played by {@link FakeAsteriskAgiClient}. Counts the lines in use the way the trunk does: from
 * the Originate until the call is gone (Asterisk's answer for a call nobody picked up; the
 * hang-up, by either side, for one that was answered), and keeps the most ever in use.
 */
public final class FakeTrunk implements AutoCloseable {
    /** What a resident does when the phone rings. */
    public enum Resident {
        /** Picks up, listens, presses 1 at the question. */
        PRESSES_1(FakeAmiServer.Phone.ANSWERS),
        /** Picks up, presses 2 (a check-in's "I need help"). */
        PRESSES_2(FakeAmiServer.Phone.ANSWERS),
        /** Picks up and presses nothing. */
        PRESSES_NOTHING(FakeAmiServer.Phone.ANSWERS),
        /** Picks up and hangs up during the first words. */
        HANGS_UP(FakeAmiServer.Phone.ANSWERS),
        BUSY(FakeAmiServer.Phone.BUSY),
        NO_ANSWER(FakeAmiServer.Phone.RINGS_OUT);

        private final FakeAmiServer.Phone phone;

        Resident(FakeAmiServer.Phone phone) {
            this.phone = phone;
        }
    }

    /**
     * One call Asterisk was asked to place: a call not about a ticket carries its try's id
     * ({@code QQ_CALL}), a ticket's call its code ({@code QQ_TICKET}, callId 0); {@code at} is
     * when the Originate arrived ({@link System#nanoTime()}).
     */
    public record Call(String phone, String script, long callId, int attempt, String ticket, long at) {
    }

    private final FakeAmiServer ami;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, List<String>> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicLong sessionSeq = new AtomicLong();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile IntSupplier agiPort;
    private volatile BiFunction<String, Integer, Resident> residents = (phone, attempt) -> Resident.PRESSES_1;
    private volatile java.time.Duration promptTime = java.time.Duration.ZERO;

    public FakeTrunk(IntSupplier agiPort) throws IOException {
        this.ami = new FakeAmiServer("qiaoqiao", "ami-secret");
        this.agiPort = agiPort;
        ami.phones(action -> residents.apply(phone(action), attempt(action)).phone);
        ami.onOriginate(this::originated);
    }

    /** The AMI port, for {@code ami.port}; the secret is {@code ami-secret}. */
    public int amiPort() {
        return ami.port();
    }

    /**
     * While on, Asterisk's manager link is cut right after each Originate's response: the calls
     * go on, their outcomes never reach the gateway ({@link FakeAmiServer#cutLinkAfterEachOriginate}).
     */
    public void cutLinkAfterEachOriginate(boolean on) {
        ami.cutLinkAfterEachOriginate(on);
    }

    /** Manager connections cut right after an Originate's response. */
    public int linksCut() {
        return ami.linksCut();
    }

    /** Where Asterisk opens the FastAGI sessions of answered calls (the gateway that runs now). */
    public void agiPort(IntSupplier port) {
        this.agiPort = port;
    }

    /** Each prompt of an answered call takes this long to play (the calls of a broadcast last a while). */
    public void promptsTake(java.time.Duration time) {
        this.promptTime = time;
    }

    /** How each resident behaves, by phone (E.164) and attempt (1 for the first try). */
    public void residents(BiFunction<String, Integer, Resident> behaviour) {
        this.residents = behaviour;
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> callsTo(String phone) {
        return calls().stream().filter(c -> c.phone().equals(phone)).toList();
    }

    /** The most calls ever in flight at once. */
    public int mostLinesInUse() {
        return most.get();
    }

    public int linesInUse() {
        return inUse.get();
    }

    /** The commands Asterisk received on the answered call of this try, as far as it got. */
    public List<String> commandsOf(long callId) {
        return sessions.getOrDefault(callId, List.of());
    }

    /** Sessions that could not be run (the gateway's FastAGI port was closed, a protocol error). */
    public List<Throwable> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    private void originated(Map<String, List<String>> action, FakeAmiServer.Phone phone) {
        String to = phone(action);
        int attempt = attempt(action);
        String script = variable(action, "QQ_SCRIPT");
        String reachCall = variable(action, "QQ_CALL");
        long callId = reachCall.isEmpty() ? 0 : Long.parseLong(reachCall);
        String ticket = variable(action, "QQ_TICKET");
        calls.add(new Call(to, script, callId, attempt, ticket, System.nanoTime()));
        most.accumulateAndGet(inUse.incrementAndGet(), Math::max);
        Resident resident = residents.apply(to, attempt);
        if (phone != FakeAmiServer.Phone.ANSWERS) {
            inUse.decrementAndGet(); // Asterisk's answer (busy, rang out) follows: the line is free again
            return;
        }
        // The outbound context: Wait(1), then AGI(agi://…/${QQ_SCRIPT}?call=${QQ_CALL}&attempt=${QQ_ATTEMPT}),
        // or ?ticket=${QQ_TICKET} for a ticket's call.
        String subject = reachCall.isEmpty() ? "?ticket=" + ticket : "?call=" + callId;
        FakeAsteriskAgiClient session = new FakeAsteriskAgiClient(script + subject + "&attempt=" + attempt, "12345",
                "1795400000." + sessionSeq.incrementAndGet());
        switch (resident) {
            case PRESSES_1 -> session.press('1');
            case PRESSES_2 -> session.press('2');
            case HANGS_UP -> session.hangUpAt("STREAM FILE");
            default -> session.pressNothing().pressNothing();
        }
        session.onHangUp(inUse::decrementAndGet).promptsTake(promptTime);
        session.dial(agiPort.getAsInt()).whenComplete((commands, error) -> {
            // What the call got to before it broke counts too: a 1 pressed before the gateway died was pressed.
            sessions.put(callId, session.commands());
            if (error != null) {
                failures.add(error);
            }
        });
    }

    /** The dialled channel names the phone: PJSIP/{national}@trunk with mainland mobiles bare. */
    private static String phone(Map<String, List<String>> action) {
        String channel = FakeAmiServer.first(action, "Channel");
        String national = channel.substring(channel.indexOf('/') + 1, channel.indexOf('@'));
        return "+86" + national;
    }

    private static int attempt(Map<String, List<String>> action) {
        String value = variable(action, "QQ_ATTEMPT");
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static String variable(Map<String, List<String>> action, String name) {
        for (String v : action.getOrDefault("Variable", List.of())) {
            if (v.startsWith(name + "=")) {
                return v.substring(name.length() + 1);
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        ami.close();
    }
}
