package io.qiaoqiao.gateway.voice;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates what a broken peer, or someone who is not Asterisk, sends to the FastAGI port: header
 * blocks without a newline, with CRLF, with lines of 8 KB and more, with no script or one that
 * does not exist, or never finished; and, after a good header, replies that no Asterisk gives
 * (unknown codes, a 520 usage block with or without its end, 511 and HANGUP, numbers too long for
 * any field, a line of 8 KB, CRLF, a line cut off by a hang-up). The same seed gives the same
 * sessions.
 */
final class HostileAgiSessions {
    /** What the peer does once its bytes are written: hang up, or keep the line open and say nothing. */
    enum After { HANG_UP, HOLD }

    /**
     * One session.
     *
     * @param header     the octets sent on connecting
     * @param replyAt    the command (from 0) whose reply is {@code reply}; earlier ones get Asterisk's ordinary answer
     * @param reply      the reply that no Asterisk gives, or null when the header is the hostile part
     * @param after      what the peer does after its last hostile octets
     */
    record Session(byte[] header, int replyAt, byte[] reply, After after, String what) {
    }

    private final Random random;

    HostileAgiSessions(long seed) {
        this.random = new Random(seed);
    }

    Session next(int n) {
        if (random.nextInt(100) < 70) {
            return hostileHeader(n);
        }
        String script = switch (random.nextInt(4)) {
            case 0 -> "hotline";
            case 1 -> "volunteer";
            case 2 -> "rating?ticket=" + random.nextInt(100_000);
            default -> "confirm?ticket=" + random.nextInt(100_000);
        };
        byte[] reply = hostileReply();
        return new Session(header(script, "+86139" + String.format("%08d", random.nextInt(100_000_000)), "h." + n, "\n"),
                random.nextInt(4), reply, random.nextInt(10) == 0 ? After.HOLD : After.HANG_UP,
                script + " answered with " + printable(reply));
    }

    private Session hostileHeader(int n) {
        After after = random.nextInt(5) == 0 ? After.HOLD : After.HANG_UP;
        return switch (random.nextInt(9)) {
            case 0 -> new Session(bytes(1 + random.nextInt(200)), 0, null, after, "random octets, no newline");
            case 1 -> new Session("agi_network: yes\nagi_network_script: hotline".getBytes(StandardCharsets.UTF_8), 0, null,
                    after, "a header cut before its end");
            case 2 -> new Session(header("hotline", "+8613900000002", "h." + n, "\r\n"), 0, null, after, "CRLF line endings");
            case 3 -> new Session(("agi_network_script: " + "x".repeat(8_192 + random.nextInt(4_000)) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8), 0, null, after, "a header line of over 8 KB");
            case 4 -> new Session("agi_network: yes\nagi_uniqueid: 1.2\n\n".getBytes(StandardCharsets.UTF_8), 0, null, after,
                    "no agi_network_script");
            case 5 -> new Session(header("no-such-script?x=%zz&&=", "+8613900000002", "h." + n, "\n"), 0, null, after,
                    "an unknown script");
            case 6 -> new Session("GET / HTTP/1.1\r\nHost: qiaoqiao\r\n\r\n".getBytes(StandardCharsets.UTF_8), 0, null, after,
                    "an HTTP request");
            case 7 -> new Session("agi_x: 1\n".repeat(201 + random.nextInt(50)).getBytes(StandardCharsets.UTF_8), 0, null, after,
                    "a header of too many lines");
            default -> new Session(new byte[0], 0, null, After.HOLD, "silence");
        };
    }

    private byte[] hostileReply() {
        String line = switch (random.nextInt(12)) {
            case 0 -> "299 what?\n";
            case 1 -> "520-Invalid command syntax.  Proper usage follows:\nUsage: nothing\n520 End of proper usage.\n";
            case 2 -> "520-Invalid command syntax.  Proper usage follows:\n" + "Usage: more\n".repeat(random.nextInt(150));
            case 3 -> "511 Command Not Permitted on a dead channel or intercept routine\n";
            case 4 -> "HANGUP\n";
            case 5 -> "200 result=" + "9".repeat(10 + random.nextInt(30)) + "\n";
            case 6 -> "200 result=0 endpos=" + "9".repeat(20 + random.nextInt(30)) + "\n";
            case 7 -> "200 result=" + "1".repeat(8_200) + "\n";
            case 8 -> "200 result=0\r\n";
            case 9 -> "200 result=0 endpos=160";
            case 10 -> "510 Invalid or unknown command\n";
            default -> new String(bytes(1 + random.nextInt(60)), StandardCharsets.ISO_8859_1) + "\n";
        };
        return line.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The header Asterisk 22 sends (captures/asterisk-22-fastagi.txt), for {@code script}. */
    static byte[] header(String script, String callerId, String uniqueId, String lineEnding) {
        List<String> lines = new ArrayList<>(List.of("agi_network: yes", "agi_network_script: " + script,
                "agi_request: agi://127.0.0.1/" + script, "agi_channel: PJSIP/trunk-" + uniqueId, "agi_language: zh",
                "agi_type: PJSIP", "agi_uniqueid: " + uniqueId, "agi_version: 22.10.1", "agi_callerid: " + callerId,
                "agi_calleridname: unknown", "agi_context: qiaoqiao-hotline", "agi_extension: s", "agi_priority: 2", ""));
        return (String.join(lineEnding, lines) + lineEnding).getBytes(StandardCharsets.UTF_8);
    }

    /** Asterisk's ordinary answer to a command, for the commands before the hostile one. */
    static String ordinaryReply(String command) {
        if (command.startsWith("GET DATA")) {
            return "200 result=2\n";
        }
        if (command.startsWith("GET VARIABLE")) {
            return "200 result=0\n";
        }
        if (command.startsWith("RECORD FILE")) {
            return "200 result=0 (timeout) endpos=0\n";
        }
        return "200 result=0 endpos=8000\n";
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String printable(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("\n", "\\n").replace("\r", "\\r");
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
