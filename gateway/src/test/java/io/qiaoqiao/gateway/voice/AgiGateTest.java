package io.qiaoqiao.gateway.voice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FastAGI port believes its header (which script, which ticket, which caller), so it serves
 * only the Asterisk servers named in {@code agi.allowed-peers}, at most
 * {@code agi.max-connections} of them at once, and only a header that arrives whole within
 * {@code agi.header-timeout-ms}. Before, anyone who reached the port could run
 * {@code rating?ticket=N} over the sequential codes, any number of connections were served, and a
 * header trickled a line at a time held its connection for as long as the peer liked.
 */
class AgiGateTest {
    /** What Asterisk 22 sends first for a rating call (captures/asterisk-22-fastagi.txt, the script and ids ours). */
    private static final String RATING_HEADER = """
            agi_network: yes
            agi_network_script: rating?ticket=4321
            agi_request: agi://127.0.0.1:4573/rating?ticket=4321
            agi_channel: PJSIP/trunk-00000007
            agi_language: zh
            agi_type: PJSIP
            agi_uniqueid: 1795368349.21
            agi_version: 22.10.1
            agi_callerid: +8613900000002
            agi_calleridname: unknown
            agi_context: qiaoqiao-outbound
            agi_extension: s
            agi_priority: 1

            """;
    private VoiceEdgeFixture voice;

    @AfterEach
    void stop() {
        if (voice != null) {
            voice.close();
        }
    }

    @Test
    void a_peer_outside_the_allowed_asterisk_addresses_is_closed_before_any_command_and_rates_nothing() throws Exception {
        voice = new VoiceEdgeFixture(Map.of("agi.allowed-peers", "127.0.0.2"));

        assertEquals("", firstLineFrom("127.0.0.1"), "a peer not in agi.allowed-peers hears nothing");
        assertTrue(firstLineFrom("127.0.0.2").startsWith("ANSWER"), "the allowed Asterisk is served");
        assertEquals(1.0, voice.counter("qiaoqiao.input.limited", "limit", "agi.allowed-peers"));
        voice.awaitCalls("rating", "network-error", 1);
        assertEquals(0.0, voice.calls("unknown", "protocol-error") + voice.calls("rating", "completed"),
                "only the allowed call was a session");
    }

    @Test
    void a_connection_past_the_limit_is_closed_at_once_and_the_calls_inside_it_go_on() throws Exception {
        voice = new VoiceEdgeFixture(Map.of("agi.max-connections", "2", "agi.header-timeout-ms", "30000"));
        List<Socket> holding = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                holding.add(new Socket("127.0.0.1", voice.edge.port()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge() == 2.0);
            try (Socket third = new Socket("127.0.0.1", voice.edge.port())) {
                third.setSoTimeout(3_000);
                long start = System.nanoTime();
                assertEquals(-1, third.getInputStream().read(), "the third connection is closed by the server");
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "at once, not after a timeout");
            }
            assertEquals(1.0, voice.counter("qiaoqiao.input.limited", "limit", "agi.max-connections"));
        } finally {
            for (Socket s : holding) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge() == 0.0);
        List<String> commands = voice.complete(voice.call("hotline", "+8613900000077", "10.1").press('4'));
        assertEquals(2, commands.stream().filter(c -> c.startsWith("SAY DIGITS")).count(), "a call within the limit completes");
    }

    @Test
    void a_header_trickled_slower_than_the_deadline_is_closed_at_the_deadline() throws Exception {
        voice = new VoiceEdgeFixture(Map.of("agi.header-timeout-ms", "1000"));
        try (Socket socket = new Socket("127.0.0.1", voice.edge.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // One line every 300 ms: each read is quick, the whole header takes over four seconds.
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (String line : RATING_HEADER.split("(?<=\n)")) {
                        out.write(line.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException closedByTheServer) {
                    // expected once the deadline has passed
                }
            });
            long start = System.nanoTime();
            String heard = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long waited = System.nanoTime() - start;
            trickle.join();
            assertEquals("", heard, "no command for a header that came too slowly");
            assertTrue(waited < Duration.ofMillis(3000).toNanos(), "closed at the deadline, after " + waited / 1_000_000 + " ms");
        }
        assertEquals(1.0, voice.counter("qiaoqiao.input.limited", "limit", "agi.header-timeout-ms"));
        voice.awaitCalls("unknown", "protocol-error", 1);
    }

    /** Connects from {@code local} (any address of 127.0.0.0/8 is this host), sends the rating header, returns the first command. */
    private String firstLineFrom(String local) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), voice.edge.port()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(RATING_HEADER.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.toString();
        }
    }

    private double gauge() {
        return voice.registry.get("qiaoqiao.agi.sessions.active").gauge().value();
    }
}
