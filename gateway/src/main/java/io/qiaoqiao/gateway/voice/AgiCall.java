package io.qiaoqiao.gateway.voice;

import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.AnswerCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.HangupCommand;
import org.asteriskjava.fastagi.command.RecordFileCommand;
import org.asteriskjava.fastagi.command.SayDigitsCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One FastAGI conversation with Asterisk, as the scripts see it: play a prompt, ask for a key,
 * record a message. Command lines are built by asterisk-java's {@link AgiCommand} classes; the
 * replies are read here, strictly, because Asterisk 22 answers a command sent after a hang-up
 * with a bare {@code HANGUP} line and nothing else, a case asterisk-java's own reader waits on.
 *
 * <p>Any sign that the call is over ({@code HANGUP}, {@code 511}, {@code result=-1} to a prompt,
 * EOF, a broken socket, a line that is not FastAGI) throws {@link CallEnded}, and from then on no
 * command is written to the socket again. {@code RECORD FILE} is the exception: its
 * {@code result=-1} comes with a reason, and only {@code (hangup)} ends the call.
 */
public final class AgiCall {
    private static final int MAX_LINE = 8192;

    private final InputStream in;
    private final OutputStream out;
    private final String promptDir;
    private AgiHeader header;
    private CallEnded ended;
    private String lastPrompt;

    AgiCall(InputStream in, OutputStream out, String promptDir) {
        this.in = in;
        this.out = out;
        this.promptDir = promptDir;
    }

    /** Reads the {@code agi_*} block up to its empty line. */
    AgiHeader readHeader() throws CallEnded {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine("the agi_* header");
            if (line.isEmpty()) {
                header = AgiHeader.parse(lines);
                return header;
            }
            if (lines.size() > 200) {
                throw end(CallEnded.Reason.PROTOCOL, "header longer than 200 lines");
            }
            lines.add(line);
        }
    }

    public AgiHeader header() {
        return header;
    }

    /** The prompt id last sent to be played ({@code digits} for a code, {@code recording} for a message). */
    public Optional<String> lastPrompt() {
        return Optional.ofNullable(lastPrompt);
    }

    /** Has the call ended (and so will every further command throw)? */
    public boolean ended() {
        return ended != null;
    }

    public void answer() throws CallEnded {
        alive(send(new AnswerCommand()));
    }

    /** Plays a prompt to its end. */
    public void play(String promptId) throws CallEnded {
        lastPrompt = promptId;
        alive(send(new StreamFileCommand(promptFile(promptId), "")));
    }

    /** Plays a sound file given by path (a recorded message), extension removed. */
    public void playFile(String path) throws CallEnded {
        int dot = path.lastIndexOf('.');
        String withoutExtension = dot > path.lastIndexOf('/') ? path.substring(0, dot) : path;
        lastPrompt = "recording";
        alive(send(new StreamFileCommand(withoutExtension, "")));
    }

    /** Plays a prompt that any of {@code keys} interrupts; returns the key pressed, if any. */
    public Optional<Character> playUntilKey(String promptId, String keys) throws CallEnded {
        lastPrompt = promptId;
        AgiReply reply = alive(send(new StreamFileCommand(promptFile(promptId), keys)));
        return reply.code() > 0 ? Optional.of((char) reply.code()) : Optional.empty();
    }

    /** Plays a prompt and waits up to {@code timeoutMs} for one key. */
    public Optional<Character> askKey(String promptId, long timeoutMs) throws CallEnded {
        lastPrompt = promptId;
        AgiReply reply = alive(send(new GetDataCommand(promptFile(promptId), timeoutMs, 1)));
        return reply.result().isEmpty() ? Optional.empty() : Optional.of(reply.result().charAt(0));
    }

    /**
     * Asks up to {@code tries} times for one of {@code keys}; empty when the caller pressed
     * nothing valid. A wrong key counts as a try.
     */
    public Optional<Character> askChoice(String promptId, String keys, long timeoutMs, int tries) throws CallEnded {
        for (int i = 0; i < tries; i++) {
            Optional<Character> key = askKey(promptId, timeoutMs);
            if (key.isPresent() && keys.indexOf(key.get()) >= 0) {
                return key;
            }
        }
        return Optional.empty();
    }

    public void sayDigits(String digits) throws CallEnded {
        lastPrompt = "digits";
        alive(send(new SayDigitsCommand(digits)));
    }

    /**
     * Hangs up the call now, so that the trunk's line is free at once rather than when the
     * dialplan gets to its {@code Hangup()}; no command is sent after it.
     */
    public void hangup() throws CallEnded {
        send(new HangupCommand());
        ended = new CallEnded(CallEnded.Reason.HANGUP, "the script hung up");
    }

    /** The value of a channel variable, empty when unset. */
    public Optional<String> variable(String name) throws CallEnded {
        AgiReply reply = alive(send(new GetVariableCommand(name)));
        return reply.code() == 1 ? Optional.of(reply.extra()) : Optional.empty();
    }

    /**
     * How a {@code RECORD FILE} ended, from the word Asterisk 22's {@code res_agi.c} puts in its
     * answer. Only {@link #HANGUP} means the caller is gone.
     */
    public enum RecordingEnd {
        /** {@code (timeout)}: silence or the time limit ended it. */
        SILENCE_OR_LIMIT,
        /** {@code (dtmf)}: the caller pressed {@code #}. */
        KEY,
        /** {@code (hangup)}: the caller hung up; what was said is kept. */
        HANGUP,
        /**
         * {@code (writefile)}: the file could not be created (the recordings folder is missing or
         * Asterisk may not write it); nothing was recorded.
         */
        CANNOT_WRITE,
        /**
         * {@code (randomerror)}, {@code (waitfor)} or an answer without a reason: playing the
         * optional beep or waiting on the channel failed. The caller may still be there; the
         * next command tells.
         */
        FAILED
    }

    /**
     * What a {@code RECORD FILE} left behind.
     *
     * @param asteriskAnswer Asterisk's answer line, for the log
     */
    public record Recording(String path, long samples, RecordingEnd end, String asteriskAnswer) {
        /** Did anything get recorded? ({@code endpos=0}, or no file: nothing.) */
        public boolean hasSound() {
            return samples > 0 && end != RecordingEnd.CANNOT_WRITE;
        }

        public boolean callerHungUp() {
            return end == RecordingEnd.HANGUP;
        }

        public boolean failed() {
            return end == RecordingEnd.CANNOT_WRITE || end == RecordingEnd.FAILED;
        }
    }

    /**
     * Records the caller into {@code path + ".wav"}, until {@code #}, {@code silenceSeconds} of
     * silence or {@code maxSeconds}; the script plays its own beep first (Asterisk's {@code BEEP}
     * option needs an optional sound pack in the channel's language and fails without it). A
     * hang-up during the recording is reported in the result (Asterisk keeps what was said) and
     * ends the call; a failed recording does not, the caller is still on the line.
     */
    public Recording record(String path, int maxSeconds, int silenceSeconds) throws CallEnded {
        AgiReply reply = send(new RecordFileCommand(path, "wav", "#", maxSeconds * 1000, 0, false, silenceSeconds));
        RecordingEnd end = switch (reply.extra()) {
            case "hangup" -> RecordingEnd.HANGUP;
            case "writefile" -> RecordingEnd.CANNOT_WRITE;
            case "timeout" -> RecordingEnd.SILENCE_OR_LIMIT;
            case "dtmf" -> RecordingEnd.KEY;
            default -> RecordingEnd.FAILED;
        };
        if (end == RecordingEnd.HANGUP) {
            ended = new CallEnded(CallEnded.Reason.HANGUP, "hung up while recording");
        }
        return new Recording(path + ".wav", Math.max(0, reply.endpos()), end, reply.line());
    }

    private String promptFile(String promptId) {
        return promptId.startsWith("/") || promptDir.isEmpty() ? promptId : promptDir + "/" + promptId;
    }

    private AgiReply alive(AgiReply reply) throws CallEnded {
        if (reply.failed()) {
            throw end(CallEnded.Reason.HANGUP, "result=-1");
        }
        return reply;
    }

    private AgiReply send(AgiCommand command) throws CallEnded {
        if (ended != null) {
            throw ended;
        }
        String line = command.buildCommand();
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw end(CallEnded.Reason.NETWORK, "cannot send " + verb(line) + ": " + e.getMessage());
        }
        String answer = readLine("the reply to " + verb(line));
        if (answer.startsWith("HANGUP")) {
            throw end(CallEnded.Reason.HANGUP, "HANGUP in reply to " + verb(line));
        }
        if (answer.startsWith("511")) {
            throw end(CallEnded.Reason.HANGUP, "511 dead channel in reply to " + verb(line));
        }
        if (answer.startsWith("520")) {
            if (answer.startsWith("520-")) {
                skipUsage();
            }
            throw end(CallEnded.Reason.PROTOCOL, "520 invalid command syntax for " + verb(line));
        }
        if (answer.startsWith("510")) {
            throw end(CallEnded.Reason.PROTOCOL, "510 unknown command " + verb(line));
        }
        AgiReply reply = AgiReply.parse(answer);
        if (reply == null) {
            throw end(CallEnded.Reason.PROTOCOL, "unexpected reply to " + verb(line) + ": " + AgiHeader.printable(answer));
        }
        return reply;
    }

    /** {@code 520-Invalid command syntax.} is followed by usage lines up to {@code 520 End…}. */
    private void skipUsage() throws CallEnded {
        for (int i = 0; i < 100; i++) {
            if (readLine("520 usage").startsWith("520 ")) {
                return;
            }
        }
    }

    private static String verb(String commandLine) {
        int quote = commandLine.indexOf('"');
        return (quote > 0 ? commandLine.substring(0, quote) : commandLine).strip();
    }

    /** One line ending in {@code \n}; Asterisk never sends {@code \r}, so one is an error. */
    private String readLine(String what) throws CallEnded {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw end(line.size() == 0 && header != null ? CallEnded.Reason.NETWORK : CallEnded.Reason.PROTOCOL,
                            "connection closed while reading " + what);
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\r') {
                    throw end(CallEnded.Reason.PROTOCOL, "CR in line endings while reading " + what);
                }
                if (line.size() >= MAX_LINE) {
                    throw end(CallEnded.Reason.PROTOCOL, "line longer than " + MAX_LINE + " bytes in " + what);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw end(CallEnded.Reason.NETWORK, "no answer from Asterisk while waiting for " + what);
        } catch (IOException e) {
            throw end(CallEnded.Reason.NETWORK, "socket broke while reading " + what + ": " + e.getMessage());
        }
    }

    private CallEnded end(CallEnded.Reason reason, String detail) {
        ended = new CallEnded(reason, detail);
        return ended;
    }
}
