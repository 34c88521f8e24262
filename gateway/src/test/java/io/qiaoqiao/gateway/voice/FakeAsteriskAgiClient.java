package io.qiaoqiao.gateway.voice;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Plays Asterisk 22 at the FastAGI wire level, as in {@code captures/asterisk-22-fastagi.txt}:
 * opens the connection, sends the {@code agi_*} block and an empty line, then answers every
 * command the way a scripted caller on the channel would. Records each command it received.
 *
 * <p>The caller's actions are consumed in order, each by the first command with its verb:
 * {@code press('2')} by the next {@code GET DATA}, {@code hangUpAt("STREAM FILE")} by the next
 * {@code STREAM FILE}. Commands with no action waiting get Asterisk's plain answer
 * ({@code GET DATA} times out, {@code RECORD FILE} records silence).
 *
 * <p>{@link #replaying} answers with the lines of a captured session instead, and
 * {@link #playback} puts every command on a simulated clock that runs as fast as a real
 * Asterisk plays the prompts (see {@link AsteriskPlaybackTime}).
 */
public final class FakeAsteriskAgiClient {
    static final String DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine";

    private record Action(String verb, String reply, boolean hangsUp) {
    }

    private final String networkScript;
    private final String callerId;
    private final String uniqueId;
    private final Deque<Action> actions = new ArrayDeque<>();
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final List<AgiCapture.Exchange> captured = new ArrayList<>();
    private final List<AsteriskPlaybackTime.Timed> timeline = Collections.synchronizedList(new ArrayList<>());
    private final List<String> missingPrompts = Collections.synchronizedList(new ArrayList<>());
    private String capturedHeader;
    private AsteriskPlaybackTime playback;
    private Duration clock = Duration.ZERO;
    private String lineEnding = "\n";
    private boolean dead;
    private boolean hangupSent;
    private Runnable onHangUp = () -> { };
    private Duration promptTime = Duration.ZERO;
    private boolean hungUp;

    public FakeAsteriskAgiClient(String networkScript, String callerId, String uniqueId) {
        this.networkScript = networkScript;
        this.callerId = callerId;
        this.uniqueId = uniqueId;
    }

    /**
     * A call that sends the captured header block byte for byte and answers each command with
     * Asterisk's captured answer to the same command on the same file ({@code STREAM FILE} of
     * {@code hotline-greeting}, {@code RECORD FILE} of the same path …), each captured answer used
     * once; commands the capture has no answer for get the plain answers.
     */
    public static FakeAsteriskAgiClient replaying(AgiCapture capture) {
        AgiHeader header;
        try {
            header = AgiHeader.parse(capture.headerLines());
        } catch (CallEnded e) {
            throw new IllegalArgumentException("capture without a valid agi_* block", e);
        }
        FakeAsteriskAgiClient client = new FakeAsteriskAgiClient(header.script(), header.callerId(), header.uniqueId());
        client.capturedHeader = capture.headerBlock();
        client.captured.addAll(capture.exchanges());
        return client;
    }

    /** Puts every command on a simulated clock that advances as Asterisk plays the prompts. */
    public FakeAsteriskAgiClient playback(AsteriskPlaybackTime time) {
        this.playback = time;
        return this;
    }

    /** Every command with the simulated moment it reached Asterisk (with {@link #playback}). */
    public List<AsteriskPlaybackTime.Timed> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    /** Prompts the gateway asked for that the playback has no file for (Asterisk: result=-1). */
    public List<String> missingPrompts() {
        synchronized (missingPrompts) {
            return List.copyOf(missingPrompts);
        }
    }

    /** The caller presses a key at the next GET DATA. */
    public FakeAsteriskAgiClient press(char key) {
        return on("GET DATA", "200 result=" + key, false);
    }

    /** The caller presses a key while the next interruptible STREAM FILE plays. */
    public FakeAsteriskAgiClient pressDuringPrompt(char key) {
        return on("STREAM FILE", "200 result=" + (int) key + " endpos=8000", false);
    }

    /** The next GET DATA times out. */
    public FakeAsteriskAgiClient pressNothing() {
        return on("GET DATA", "200 result= (timeout)", false);
    }

    /** The caller speaks at the next RECORD FILE, then falls silent. */
    public FakeAsteriskAgiClient speak(long samples) {
        return on("RECORD FILE", "200 result=0 (timeout) endpos=" + samples, false);
    }

    /** The caller speaks at the next RECORD FILE, then presses #. */
    public FakeAsteriskAgiClient speakThenHash(long samples) {
        return on("RECORD FILE", "200 result=35 (dtmf) endpos=" + samples, false);
    }

    /** The caller hangs up during the next command with this verb: {@code 200 result=-1}. */
    public FakeAsteriskAgiClient hangUpAt(String verb) {
        String reply = verb.equals("RECORD FILE") ? "200 result=-1 (hangup) endpos=24000" : "200 result=-1 endpos=4000";
        return on(verb, reply, true);
    }

    /** The caller hung up unnoticed; the next command with this verb gets a bare {@code HANGUP}. */
    public FakeAsteriskAgiClient hangUpBefore(String verb) {
        return on(verb, "HANGUP", true);
    }

    /** Answer the next command with this verb with raw lines (garbage, 520 …). */
    public FakeAsteriskAgiClient replyWith(String verb, String rawLines) {
        return on(verb, rawLines, false);
    }

    public FakeAsteriskAgiClient variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /**
     * Runs once, the moment the channel is gone: the caller hung up, the script sent {@code HANGUP},
     * or the connection closed; before Asterisk's reply to that command goes out.
     */
    public FakeAsteriskAgiClient onHangUp(Runnable action) {
        this.onHangUp = action;
        return this;
    }

    private void hangUp() {
        if (!hungUp) {
            hungUp = true;
            onHangUp.run();
        }
    }

    /** Each STREAM FILE really takes this long to answer, as a prompt takes to play (for tests that need calls to last). */
    public FakeAsteriskAgiClient promptsTake(Duration time) {
        this.promptTime = time;
        return this;
    }

    /** Asterisk ends lines with \n; tests of broken peers use \r\n. */
    public FakeAsteriskAgiClient lineEnding(String ending) {
        this.lineEnding = ending;
        return this;
    }

    private FakeAsteriskAgiClient on(String verb, String reply, boolean hangsUp) {
        actions.add(new Action(verb, reply, hangsUp));
        return this;
    }

    /** Every command received so far, as sent. */
    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    public long count(String verb) {
        return commands().stream().filter(c -> c.startsWith(verb)).count();
    }

    /** Connects and runs the call on a virtual thread; completes when the server closes it. */
    public CompletableFuture<List<String>> dial(int port) {
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        Thread.ofVirtual().name("fake-asterisk-" + uniqueId).start(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                converse(socket);
                hangUp();
                done.complete(commands());
            } catch (IOException | RuntimeException e) {
                hangUp();
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void converse(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(header().getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null) {
            commands.add(command);
            if (!promptTime.isZero() && command.startsWith("STREAM FILE")) {
                try {
                    Thread.sleep(promptTime);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String reply = answer(command);
            if (playback != null) {
                timeline.add(new AsteriskPlaybackTime.Timed(clock.toMillis() / 1000.0, command));
                clock = clock.plus(playback.took(command, reply));
            }
            out.write((reply + lineEnding).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    public String header() {
        if (capturedHeader != null) {
            return capturedHeader;
        }
        String[][] lines = {
                {"agi_network", "yes"},
                {"agi_network_script", networkScript},
                {"agi_request", "agi://127.0.0.1:4573/" + networkScript},
                {"agi_channel", "PJSIP/trunk-" + uniqueId},
                {"agi_language", "zh"},
                {"agi_type", "PJSIP"},
                {"agi_uniqueid", uniqueId},
                {"agi_version", "22.10.1"},
                {"agi_callerid", callerId},
                {"agi_calleridname", "unknown"},
                {"agi_callingpres", "0"},
                {"agi_callingani2", "0"},
                {"agi_callington", "0"},
                {"agi_callingtns", "0"},
                {"agi_dnid", "12345"},
                {"agi_rdnis", "unknown"},
                {"agi_context", "qiaoqiao-hotline"},
                {"agi_extension", "s"},
                {"agi_priority", "2"},
                {"agi_enhanced", "0.0"},
                {"agi_accountcode", ""},
                {"agi_threadid", "139673987126976"}};
        StringBuilder block = new StringBuilder();
        for (String[] line : lines) {
            block.append(line[0]).append(": ").append(line[1]).append(lineEnding);
        }
        return block.append(lineEnding).toString();
    }

    private String answer(String command) {
        if (dead) {
            if (hangupSent) {
                return DEAD_CHANNEL;
            }
            hangupSent = true;
            return "HANGUP";
        }
        Action next = actions.peek();
        if (next != null && command.startsWith(next.verb())) {
            actions.poll();
            if (next.hangsUp()) {
                dead = true;
                hangupSent = next.reply().equals("HANGUP");
                hangUp();
            }
            return next.reply();
        }
        for (AgiCapture.Exchange exchange : captured) {
            if (exchange.verb().equals(AgiCapture.verb(command))
                    && exchange.firstArgument().equals(AgiCapture.firstArgument(command))) {
                captured.remove(exchange);
                return exchange.reply();
            }
        }
        return playback == null ? plainAnswer(command) : playedAnswer(command);
    }

    /** As Asterisk answers when the prompt files are those of {@link #playback}. */
    private String playedAnswer(String command) {
        String verb = AgiCapture.verb(command);
        if (verb.equals("STREAM FILE") || verb.equals("GET DATA")) {
            String file = AgiCapture.firstArgument(command);
            var samples = playback.samplesOf(file);
            if (samples.isEmpty()) {
                missingPrompts.add(file);
                return verb.equals("GET DATA") ? "200 result=-1" : "200 result=-1 endpos=0";
            }
            if (verb.equals("STREAM FILE")) {
                return "200 result=0 endpos=" + samples.getAsLong();
            }
        }
        if (verb.equals("SAY DIGITS")) {
            for (char digit : AgiCapture.firstArgument(command).toCharArray()) {
                if (playback.samplesOf("digits/" + digit).isEmpty()) {
                    missingPrompts.add("digits/" + digit);
                }
            }
        }
        return plainAnswer(command);
    }

    private String plainAnswer(String command) {
        if (command.startsWith("ANSWER") || command.startsWith("SAY DIGITS")) {
            return "200 result=0";
        }
        if (command.startsWith("STREAM FILE")) {
            return "200 result=0 endpos=3520";
        }
        if (command.startsWith("GET DATA")) {
            return "200 result= (timeout)";
        }
        if (command.startsWith("RECORD FILE")) {
            return "200 result=0 (timeout) endpos=0";
        }
        if (command.startsWith("GET VARIABLE")) {
            String name = command.substring("GET VARIABLE".length()).strip().replace("\"", "");
            String value = variables.get(name);
            return value == null ? "200 result=0" : "200 result=1 (" + value + ")";
        }
        if (command.startsWith("SET VARIABLE")) {
            return "200 result=1";
        }
        if (command.startsWith("HANGUP")) {
            dead = true;
            hangUp();
            return "200 result=1";
        }
        return "510 Invalid or unknown command";
    }
}
