package io.qiaoqiao.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One resident's call as Asterisk would carry it to the hotline script over FastAGI: the
 * greeting plays, the caller thinks for a while at the menu, presses 2 (repair) just before the
 * menu gives up, and listens to the ticket code. Measures how long the gateway takes to send
 * each next command after an answer (the caller's thinking excluded).
 */
final class SlowCaller {
    private final String callerId;
    private final String uniqueId;
    private final Duration think;
    private final Latencies commandLatency;

    SlowCaller(String callerId, String uniqueId, Duration think, Latencies commandLatency) {
        this.callerId = callerId;
        this.uniqueId = uniqueId;
        this.think = think;
        this.commandLatency = commandLatency;
    }

    /** How a call ended for the caller. */
    enum Outcome {
        /** Heard the ticket code and the closing prompt. */
        COMPLETED,
        /** Was told the ticket system is busy: no ticket within the desk timeout, and none kept for later. */
        DESK_UNAVAILABLE,
        /** Was told a volunteer will call back: the desk was too slow, the call was spooled for later. */
        CALLBACK_PROMISED,
        /** Anything else: the call broke off. */
        DROPPED
    }

    Outcome call(int port) throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(header().getBytes(StandardCharsets.UTF_8));
            out.flush();
            long answered = System.nanoTime();
            boolean heardCode = false;
            String last = "";
            String command;
            while ((command = in.readLine()) != null) {
                commandLatency.record(System.nanoTime() - answered);
                last = command;
                heardCode |= command.startsWith("SAY DIGITS");
                String reply = reply(command);
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                answered = System.nanoTime();
            }
            if (heardCode && last.contains("help-is-coming")) {
                return Outcome.COMPLETED;
            }
            if (last.contains("desk-callback")) {
                return Outcome.CALLBACK_PROMISED;
            }
            return last.contains("desk-unavailable") ? Outcome.DESK_UNAVAILABLE : Outcome.DROPPED;
        }
    }

    private String reply(String command) throws InterruptedException {
        if (command.startsWith("GET DATA")) {
            Thread.sleep(think);
            return "200 result=2";
        }
        if (command.startsWith("STREAM FILE")) {
            return "200 result=0 endpos=8000";
        }
        if (command.startsWith("GET VARIABLE")) {
            return "200 result=0";
        }
        return "200 result=0";
    }

    private String header() {
        return "agi_network: yes\nagi_network_script: hotline\nagi_request: agi://127.0.0.1/hotline\n"
                + "agi_channel: PJSIP/trunk-" + uniqueId + "\nagi_language: zh\nagi_type: PJSIP\nagi_uniqueid: " + uniqueId
                + "\nagi_version: 22.10.1\nagi_callerid: " + callerId + "\nagi_calleridname: unknown\nagi_context: qiaoqiao-hotline"
                + "\nagi_extension: s\nagi_priority: 2\n\n";
    }
}
