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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays Asterisk 22's manager interface by replaying {@code captures/asterisk-22-ami-originate.txt}
 * (see {@link AmiCapture}): the banner; Login (plain as captured, or MD5 challenge, as
 * asterisk-java does it) answered with the captured {@code Authentication accepted} and
 * {@code FullyBooted}, or the captured {@code Authentication failed} and a close; Originate
 * answered with the captured {@code Originate successfully queued} and every event of the
 * captured call that fits the dialled phone (or, while {@link #cutLinkAfterEachOriginate} is on,
 * the response alone and then a closed connection); Ping; Logoff. Only the ActionID, the dialled
 * channel, the Originate's context and the Uniqueid (the ChannelId the dialer gave) are put in
 * place of the captured ones. Lines end in CRLF as on a real AMI socket. Records every action;
 * can drop every connection. Like an Asterisk whose user has only {@code read=call,
 * write=originate}, it refuses everything else with {@code Permission denied} (asterisk-java's
 * version probe included).
 */
public final class FakeAmiServer implements AutoCloseable {
    /**
     * How the called phone behaves, per dialled channel. Three are the captured calls; busy, rings
     * out and congestion are the captured failed call with the {@code Reason} and {@code Cause}
     * Asterisk gives for them (not captured).
     */
    public enum Phone {
        /** Answered, and the script's side hung up: the captured {@code menu-call}. */
        ANSWERS("menu-call", null, null, null),
        /** Answered, then the resident hung up (Cause 16): the captured {@code hangup-call}. */
        ANSWERS_THEN_HANGS_UP("hangup-call", null, null, null),
        RINGS_OUT("bad-call", 3, 19, "User alerting, no answer"),
        BUSY("bad-call", 5, 17, "User busy"),
        CONGESTION("bad-call", 8, 34, "Circuit/channel congestion"),
        /** The call could not be placed at all (Reason 0, Cause 0): the captured {@code bad-call}. */
        UNREACHABLE("bad-call", null, null, null);

        private final String capturedCall;
        private final Integer reason;
        private final Integer cause;
        private final String causeText;

        Phone(String capturedCall, Integer reason, Integer cause, String causeText) {
            this.capturedCall = capturedCall;
            this.reason = reason;
            this.cause = cause;
            this.causeText = causeText;
        }
    }

    private static final AmiCapture CAPTURE = AmiCapture.read();

    /** Told of each Originate, with how the phone behaves, before Asterisk's answer to it is written. */
    public interface OriginateListener {
        void originated(Map<String, List<String>> action, Phone phone);
    }

    private final ServerSocket server;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final List<Map<String, List<String>>> actions = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Phone> phones = new ConcurrentHashMap<>();
    private final AtomicInteger failedLogins = new AtomicInteger();
    private final AtomicInteger goodLogins = new AtomicInteger();
    private final String user;
    private volatile String secret;
    // A trunk of few lines: a channel holds its line from Originate to its Hangup, talk long after the answer.
    private volatile int trunkLines = Integer.MAX_VALUE;
    private volatile java.time.Duration talk = java.time.Duration.ZERO;
    private final AtomicInteger linesInUse = new AtomicInteger();
    private final AtomicInteger mostLinesInUse = new AtomicInteger();
    private final AtomicInteger congested = new AtomicInteger();
    private final AtomicInteger linksCut = new AtomicInteger();
    private volatile boolean cutAfterOriginate;
    private volatile CountDownLatch originateAnswers = new CountDownLatch(0);
    private volatile java.util.function.Function<Map<String, List<String>>, Phone> behaviour;
    private volatile OriginateListener listener = (action, phone) -> { };

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

    /**
     * From now on the calls go out over a trunk of {@code lines} lines: an answered call holds its
     * line for {@code talk} after the OriginateResponse (its Hangup events come then), and an
     * Originate while every line is taken gets the captured failed call with Reason 8 and Cause 34
     * (no circuit/channel available), as Asterisk reports congestion.
     */
    public void trunk(int lines, java.time.Duration talk) {
        this.trunkLines = lines;
        this.talk = talk;
    }

    /** The most lines of the trunk in use at one moment. */
    public int mostLinesInUse() {
        return mostLinesInUse.get();
    }

    /** Originates that found every line of the trunk taken. */
    public int congested() {
        return congested.get();
    }

    /**
     * From now on Asterisk's answer to each Originate (its response and the call's events) is kept
     * back until {@link #releaseOriginateAnswers()}: the phone rings while the test does something
     * else. Other actions are answered meanwhile.
     */
    public void holdOriginateAnswers() {
        originateAnswers = new CountDownLatch(1);
    }

    /** Sends the answers kept back, and answers the next Originate at once again. */
    public void releaseOriginateAnswers() {
        originateAnswers.countDown();
    }

    /**
     * While on, the connection is cut right after Asterisk's response to each Originate
     * ({@code Originate successfully queued}), before any event of the call: a manager link that
     * dropped the moment the call was queued. The call goes on in Asterisk all the same (the
     * {@link OriginateListener} is told of it, the phone rings and may be answered); only its
     * {@code OriginateResponse} and {@code Hangup} never reach the client.
     */
    public void cutLinkAfterEachOriginate(boolean on) {
        this.cutAfterOriginate = on;
    }

    /** Connections cut right after an Originate's response. */
    public int linksCut() {
        return linksCut.get();
    }

    /** How each phone behaves, decided per Originate (by its channel and variables), in place of {@link #phone}. */
    public void phones(java.util.function.Function<Map<String, List<String>>, Phone> behaviour) {
        this.behaviour = behaviour;
    }

    public void onOriginate(OriginateListener listener) {
        this.listener = listener;
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
            send(out, crlf(CAPTURE.banner()));
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
                            send(out, captured("bad", id));
                            return;
                        }
                        goodLogins.incrementAndGet();
                        send(out, captured("login", id));
                    }
                    case "originate" -> {
                        CountDownLatch gate = originateAnswers;
                        Map<String, List<String>> originate = action;
                        if (gate.getCount() == 0) {
                            originate(client, out, originate, id);
                        } else {
                            Thread.ofVirtual().name("fake-ami-held-originate").start(() -> {
                                try {
                                    gate.await();
                                    originate(client, out, originate, id);
                                } catch (IOException | InterruptedException e) {
                                    // the client went away meanwhile
                                }
                            });
                        }
                    }
                    case "ping" -> send(out, captured("ping", id));
                    case "logoff" -> {
                        send(out, id.isEmpty() ? crlf(CAPTURE.after("logoff"))
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

    /** The captured answer to the action {@code capturedId}, with the client's ActionID in its place. */
    private static String captured(String capturedId, String id) {
        List<String> lines = new ArrayList<>();
        for (String line : CAPTURE.after(capturedId)) {
            lines.add(line.equals("ActionID: " + capturedId) ? "ActionID: " + id : line);
        }
        return crlf(lines);
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

    /**
     * Every line Asterisk 22 sent for the captured call that fits the dialled phone, from
     * {@code Originate successfully queued} to the last {@code DeviceStateChange}.
     */
    private void originate(Socket client, OutputStream out, Map<String, List<String>> action, String id) throws IOException {
        var decide = behaviour;
        Phone phone = decide != null ? decide.apply(action) : phones.getOrDefault(first(action, "Channel"), Phone.ANSWERS);
        boolean onTrunk = trunkLines != Integer.MAX_VALUE;
        if (onTrunk) {
            int inUse = linesInUse.incrementAndGet();
            if (inUse > trunkLines) {
                linesInUse.decrementAndGet();
                congested.incrementAndGet();
                phone = Phone.CONGESTION;
                onTrunk = false;
            } else {
                mostLinesInUse.accumulateAndGet(inUse, Math::max);
            }
        }
        listener.originated(action, phone);
        Map<String, String> capturedAction = CAPTURE.action(phone.capturedCall);
        List<String> capturedLines = CAPTURE.after(phone.capturedCall);
        String capturedUniqueId = firstUniqueId(capturedLines);
        String channelId = first(action, "ChannelId");
        List<String> lines = new ArrayList<>();
        String event = "";
        for (String line : capturedLines) {
            if (line.startsWith("Event: ")) {
                event = line.substring("Event: ".length());
            } else if (line.isEmpty()) {
                event = "";
            }
            String l = line;
            if (l.equals("ActionID: " + phone.capturedCall)) {
                l = "ActionID: " + id;
            } else if (l.equals("Context: " + capturedAction.get("Context"))) {
                l = "Context: " + first(action, "Context");
            }
            l = l.replace(capturedAction.get("Channel"), first(action, "Channel"));
            if (!channelId.isEmpty()) {
                l = l.replace(capturedUniqueId, channelId);
            }
            if (phone.reason != null && event.equals("OriginateResponse") && l.startsWith("Reason: ")) {
                l = "Reason: " + phone.reason;
            } else if (phone.cause != null && event.equals("Hangup") && l.startsWith("Cause: ")) {
                l = "Cause: " + phone.cause;
            } else if (phone.cause != null && event.equals("Hangup") && l.startsWith("Cause-txt: ")) {
                l = "Cause-txt: " + phone.causeText;
            }
            lines.add(l);
        }
        if (cutAfterOriginate) {
            // The response block ends at the first empty line; the call's events would follow it.
            send(out, crlf(lines.subList(0, lines.indexOf("") + 1)));
            linksCut.incrementAndGet();
            client.close();
            if (onTrunk) {
                linesInUse.decrementAndGet();
            }
            return;
        }
        if (!onTrunk) {
            send(out, crlf(lines));
            return;
        }
        // Up to the end of the OriginateResponse now; the rest, the hang-up, once the talk is over.
        int end = lines.indexOf("Event: OriginateResponse");
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        int split = Math.min(end + 1, lines.size());
        boolean answered = phone.reason == null && (phone == Phone.ANSWERS || phone == Phone.ANSWERS_THEN_HANGS_UP);
        send(out, crlf(lines.subList(0, split)));
        List<String> rest = List.copyOf(lines.subList(split, lines.size()));
        java.time.Duration hold = answered ? talk : java.time.Duration.ZERO;
        Thread.ofVirtual().name("fake-ami-talk").start(() -> {
            try {
                Thread.sleep(hold);
                send(out, crlf(rest));
            } catch (InterruptedException | IOException e) {
                // the client went away: the line is free all the same
            } finally {
                linesInUse.decrementAndGet();
            }
        });
    }

    /** The Uniqueid of the first channel of the captured call: the one the ChannelId names. */
    private static String firstUniqueId(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("Uniqueid: ")).findFirst()
                .map(l -> l.substring("Uniqueid: ".length())).orElseThrow();
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

    private static String crlf(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append("\r\n"));
        return text.toString();
    }

    private static void send(OutputStream out, String text) throws IOException {
        // Written from talk threads and held-answer threads too: one block at a time.
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
