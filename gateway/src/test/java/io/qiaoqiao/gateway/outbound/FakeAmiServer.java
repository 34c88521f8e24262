package io.qiaoqiao.gateway.outbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays Asterisk 22's manager interface as in {@code captures/asterisk-22-ami-originate.txt}:
 * the banner, Login (plain or MD5 challenge, as asterisk-java does it) with
 * {@code Authentication failed} and a close on a wrong secret, Originate answered with
 * {@code Originate successfully queued} and then the call's events, Ping, Logoff. Lines end in
 * CRLF as on a real AMI socket. Records every action; can drop every connection. Like an
 * Asterisk whose user has only {@code read=call, write=originate}, it refuses everything else
 * with {@code Permission denied} (asterisk-java's version probe included).
 */
public final class FakeAmiServer implements AutoCloseable {
    /** How the called phone behaves, per dialled channel. */
    public enum Phone { ANSWERS, RINGS_OUT, BUSY, UNREACHABLE }

    private final ServerSocket server;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final List<Map<String, List<String>>> actions = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Phone> phones = new ConcurrentHashMap<>();
    private final AtomicInteger failedLogins = new AtomicInteger();
    private final AtomicInteger goodLogins = new AtomicInteger();
    private final String user;
    private volatile String secret;

    public FakeAmiServer(String user, String secret) throws IOException {
        this.user = user;
        this.secret = secret;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-ami-accept").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on only this secret logs in. */
    public void acceptSecret(String secret) {
        this.secret = secret;
    }

    public void phone(String channel, Phone behaviour) {
        phones.put(channel, behaviour);
    }

    public int failedLogins() {
        return failedLogins.get();
    }

    public int goodLogins() {
        return goodLogins.get();
    }

    /** Every action received, headers by name in any case (a header may repeat, like Variable). */
    public List<Map<String, List<String>>> actions(String name) {
        synchronized (actions) {
            return actions.stream().filter(a -> a.getOrDefault("Action", List.of()).contains(name)).toList();
        }
    }

    /** Closes every client connection, as a crashed or restarted Asterisk would. */
    public void dropConnections() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                Thread.ofVirtual().name("fake-ami-client").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            OutputStream out = client.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            send(out, "Asterisk Call Manager/11.0.0\r\n");
            String challenge = "";
            Map<String, List<String>> action;
            while ((action = readAction(in)) != null) {
                actions.add(action);
                String id = first(action, "ActionID");
                switch (first(action, "Action").toLowerCase()) {
                    case "challenge" -> {
                        challenge = String.valueOf(100_000_000 + (int) (Math.random() * 800_000_000));
                        send(out, block("Response: Success", "ActionID: " + id, "Challenge: " + challenge));
                    }
                    case "login" -> {
                        if (!loginAccepted(action, challenge)) {
                            failedLogins.incrementAndGet();
                            send(out, block("Response: Error", "ActionID: " + id, "Message: Authentication failed") + "\r\n");
                            return;
                        }
                        goodLogins.incrementAndGet();
                        send(out, block("Response: Success", "ActionID: " + id, "Message: Authentication accepted")
                                + block("Event: FullyBooted", "Privilege: system,all", "Uptime: 73", "LastReload: 73",
                                "Status: Fully Booted"));
                    }
                    case "originate" -> originate(out, action, id);
                    case "ping" -> send(out, block("Response: Success", "ActionID: " + id, "Ping: Pong",
                            "Timestamp: 1795368386.929559"));
                    case "logoff" -> {
                        send(out, id.isEmpty() ? block("Response: Goodbye", "Message: Thanks for all the fish.")
                                : block("Response: Goodbye", "ActionID: " + id, "Message: Thanks for all the fish."));
                        return;
                    }
                    default -> send(out, block("Response: Error", "ActionID: " + id, "Message: Permission denied"));
                }
            }
        } catch (IOException e) {
            // dropped by the test or by the client: nothing to do
        } finally {
            clients.remove(client);
        }
    }

    private boolean loginAccepted(Map<String, List<String>> action, String challenge) {
        if (!user.equals(first(action, "Username"))) {
            return false;
        }
        if (action.containsKey("Secret")) {
            return secret.equals(first(action, "Secret"));
        }
        return md5(challenge + secret).equalsIgnoreCase(first(action, "Key"));
    }

    /** The events Asterisk 22 sends for an async Originate, trimmed to the ones that matter. */
    private void originate(OutputStream out, Map<String, List<String>> action, String id) throws IOException {
        send(out, block("Response: Success", "ActionID: " + id, "Message: Originate successfully queued"));
        String channel = first(action, "Channel");
        String uniqueId = first(action, "ChannelId").isEmpty() ? "1795368349.6" : first(action, "ChannelId");
        String live = channel.replace("@", "-") + "-00000003";
        Phone phone = phones.getOrDefault(channel, Phone.ANSWERS);
        StringBuilder events = new StringBuilder(block("Event: Newchannel", "Privilege: call,all", "Channel: " + live,
                "ChannelState: 0", "ChannelStateDesc: Down", "Uniqueid: " + uniqueId, "Linkedid: " + uniqueId));
        String[] outcome = switch (phone) {
            case ANSWERS -> new String[]{"Success", "4", "16", "Normal Clearing"};
            case RINGS_OUT -> new String[]{"Failure", "3", "19", "No answer"};
            case BUSY -> new String[]{"Failure", "5", "17", "User busy"};
            case UNREACHABLE -> new String[]{"Failure", "0", "0", "Unknown"};
        };
        String hangup = block("Event: Hangup", "Privilege: call,all", "Channel: " + live, "ChannelState: 0",
                "Uniqueid: " + uniqueId, "Linkedid: " + uniqueId, "Cause: " + outcome[2], "Cause-txt: " + outcome[3]);
        String response = block("Event: OriginateResponse", "Privilege: call,all", "ActionID: " + id,
                "Response: " + outcome[0], "Channel: " + (phone == Phone.ANSWERS ? live : channel),
                "Context: " + first(action, "Context"), "Exten: " + first(action, "Exten"), "Reason: " + outcome[1],
                "Uniqueid: " + (phone == Phone.ANSWERS ? uniqueId : "<unknown>"),
                "CallerIDNum: <unknown>", "CallerIDName: <unknown>");
        // As captured: a failed channel's Hangup comes before the OriginateResponse, an answered
        // call's after it.
        events.append(phone == Phone.ANSWERS ? response + hangup : hangup + response);
        send(out, events.toString());
    }

    private static Map<String, List<String>> readAction(BufferedReader in) throws IOException {
        Map<String, List<String>> action = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (action.isEmpty()) {
                    continue;
                }
                return action;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                action.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        return null;
    }

    public static String first(Map<String, List<String>> action, String name) {
        List<String> values = action.get(name);
        return values == null ? "" : values.getFirst();
    }

    private static String block(String... lines) {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
