package io.qiaoqiao.gateway.voice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.ProcessResources;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand FastAGI sessions from a peer that does not speak it properly
 * ({@link HostileAgiSessions}, seed {@value #SEED}), sixty-four at a time, against a whole gateway.
 * Every one is closed by the gateway within its deadlines (none hangs), every one is counted with
 * its outcome and none ends in an error inside the gateway, no script ever runs past a reply that
 * ends the call, a resident calling meanwhile still gets a ticket (her later calls join it), and
 * the process ends with the threads and open files it had before.
 */
@Tag("slow")
class HostileAgiTest {
    static final long SEED = 20261202L;
    private static final int SESSIONS = 10_000;
    private static final int AT_ONCE = 64;
    private static final String RESIDENT = "+8613900001001";

    @Test
    void ten_thousand_hostile_sessions_are_each_closed_and_counted_and_a_resident_still_gets_a_ticket() throws Exception {
        try (GatewayHarness h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a resident's call becomes a ticket offered at once",
                Map.of("agi.header-timeout-ms", "300", "agi.reply-timeout-ms", "2000", "voice.digit-timeout-ms", "1000"))
                .withDemoRoster()) {
            int port = h.gateway().agiPort();
            assertEquals(2, normalCall(port, "warm.0").stream().filter(c -> c.startsWith("SAY DIGITS")).count());
            ProcessResources before = ProcessResources.now();
            double sessionsBefore = sessions(h);

            HostileAgiSessions generator = new HostileAgiSessions(SEED);
            List<HostileAgiSessions.Session> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(generator.next(i));
            }
            List<String> hung = new CopyOnWriteArrayList<>();
            List<String> normalCallsBroken = new CopyOnWriteArrayList<>();
            AtomicInteger normalCalls = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            List<Thread> peers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < AT_ONCE; t++) {
                peers.add(Thread.ofVirtual().name("hostile-agi-" + t).start(() -> {
                    for (int i = next.getAndIncrement(); i < SESSIONS; i = next.getAndIncrement()) {
                        if (i % 1000 == 500) {
                            normalCalls.incrementAndGet();
                            try {
                                long digits = normalCall(port, "normal." + i).stream().filter(c -> c.startsWith("SAY DIGITS")).count();
                                if (digits != 2) {
                                    normalCallsBroken.add("call " + i + " heard its code " + digits + " times");
                                }
                            } catch (Exception e) {
                                normalCallsBroken.add("call " + i + ": " + e);
                            }
                        }
                        try {
                            play(port, sessions.get(i));
                        } catch (SocketTimeoutException e) {
                            hung.add("session " + i + " (" + sessions.get(i).what() + "): the gateway neither answered nor closed");
                        } catch (IOException e) {
                            // the gateway closed while we were still writing: as good as closed
                        }
                    }
                }));
            }
            for (Thread t : peers) {
                t.join();
            }
            System.out.printf("HostileAgiTest: %d sessions in %.1f s%n", SESSIONS, (System.nanoTime() - start) / 1e9);

            assertEquals(List.of(), hung.stream().limit(20).toList(), hung.size() + " sessions hung");
            assertEquals(List.of(), normalCallsBroken, "a resident's calls during the storm");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(sessionsBefore + SESSIONS + normalCalls.get(),
                    sessions(h), "every session counted once: " + outcomes(h)));
            System.out.println("HostileAgiTest outcomes: " + outcomes(h));
            assertEquals(0.0, outcome(h, "failed"), "no session ended in an error inside the gateway: " + outcomes(h));
            assertEquals(0.0, h.gateway().registry().get("qiaoqiao.agi.sessions.active").gauge().value());
            // The same need (2, repair) while her first request is open: every later call joins it.
            assertEquals(1, h.count("SELECT count(*) FROM tickets WHERE requester_phone = $1 AND kind = 'request'", RESIDENT),
                    "the resident's first call is a ticket");
            assertEquals(normalCalls.get(), h.count("SELECT count(*) FROM ticket_events WHERE type = 'follow_up'"
                    + " AND detail->>'from' = $1 AND detail->>'callId' LIKE 'normal.%'", RESIDENT), "each later call joins it");
            // jsmpp's PDU pools (the gateway's smpp.receive-threads, the simulated SMSC's 16) grow to their size, and stay.
            ProcessResources.awaitBackTo(before, Duration.ofSeconds(30), Math.max(16, h.gateway().config().integer("smpp.receive-threads")));
        }
    }

    /** A resident presses 2 (repair) at the menu and hears the ticket code. */
    private static List<String> normalCall(int port, String uniqueId) throws Exception {
        return new FakeAsteriskAgiClient("hotline", RESIDENT, uniqueId).press('2').dial(port).get(30, TimeUnit.SECONDS);
    }

    /** Plays one session to its end: returns when the gateway has closed the connection; throws when it hung. */
    private static void play(int port, HostileAgiSessions.Session session) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(8_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write(session.header());
            out.flush();
            if (session.reply() == null) {
                if (session.after() == HostileAgiSessions.After.HANG_UP) {
                    socket.shutdownOutput();
                }
                drain(in);
                return;
            }
            for (int command = 0; command < 40; command++) {
                String line = readLine(in);
                if (line == null) {
                    return; // closed by the gateway
                }
                if (command == session.replyAt()) {
                    out.write(session.reply());
                    out.flush();
                    if (session.after() == HostileAgiSessions.After.HOLD) {
                        drain(in);
                        return;
                    }
                } else {
                    out.write(HostileAgiSessions.ordinaryReply(line).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    /** Reads until the gateway closes (a hung gateway makes the read time out). */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1024];
        while (in.read(buffer) >= 0) {
            // commands the gateway sent before closing
        }
    }

    private static double sessions(GatewayHarness h) {
        return h.gateway().registry().find("qiaoqiao.agi.calls").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double outcome(GatewayHarness h, String outcome) {
        return h.gateway().registry().find("qiaoqiao.agi.calls").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static Map<String, Double> outcomes(GatewayHarness h) {
        Map<String, Double> out = new TreeMap<>();
        h.gateway().registry().find("qiaoqiao.agi.calls").counters().forEach(c ->
                out.merge(c.getId().getTag("script") + "/" + c.getId().getTag("outcome"), c.count(), Double::sum));
        return out;
    }
}
