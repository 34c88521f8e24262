package io.qiaoqiao.gateway.outbound;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fake manager answers exactly as the captured Asterisk 22 did: the same lines for the
 * captured Login, Originate and Ping sent byte for byte, read here from the capture with
 * nothing but "lines after {@code >> ActionID: X} that start with {@code << }".
 */
class FakeAmiServerTest {

    @Test
    void capturedActionsGetTheCapturedAnswersLineForLine() throws Exception {
        List<String> capture = captureLines();
        try (FakeAmiServer asterisk = new FakeAmiServer("qiaoqiao", "holdout-secret");
             Socket socket = new Socket("127.0.0.1", asterisk.port())) {
            socket.setSoTimeout(10_000);
            asterisk.phone("Local/hangup@capture", FakeAmiServer.Phone.ANSWERS_THEN_HANGS_UP);
            asterisk.phone("Local/999@nowhere", FakeAmiServer.Phone.UNREACHABLE);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertEquals("Asterisk Call Manager/11.0.0", in.readLine());
            assertEquals("", in.readLine());

            for (String actionId : List.of("login", "menu-call", "hangup-call", "bad-call", "ping")) {
                out.write(actionSent(capture, actionId).getBytes(StandardCharsets.UTF_8));
                out.flush();
                List<String> expected = answerReceived(capture, actionId);
                List<String> got = new ArrayList<>();
                for (int i = 0; i < expected.size(); i++) {
                    got.add(in.readLine());
                }
                assertEquals(expected, got, "the answer to " + actionId);
            }
        }
    }

    private static List<String> captureLines() throws Exception {
        try (InputStream in = FakeAmiServerTest.class.getResourceAsStream("/captures/asterisk-22-ami-originate.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The {@code >> } block that carries {@code ActionID: id}, as CRLF lines ending in an empty one. */
    private static String actionSent(List<String> capture, String id) {
        int at = capture.indexOf(">> ActionID: " + id);
        int start = at;
        while (start > 0 && capture.get(start - 1).startsWith(">> ") && !capture.get(start - 1).equals(">> ")) {
            start--;
        }
        StringBuilder action = new StringBuilder();
        for (int i = start; i <= at; i++) {
            action.append(capture.get(i).substring(3)).append("\r\n");
        }
        return action.append("\r\n").toString();
    }

    /** The {@code << } lines after that action, up to the next action or remark. */
    private static List<String> answerReceived(List<String> capture, String id) {
        List<String> lines = new ArrayList<>();
        int i = capture.indexOf(">> ActionID: " + id) + 1;
        while (capture.get(i).startsWith(">>")) {
            i++;
        }
        for (; i < capture.size() && capture.get(i).startsWith("<<"); i++) {
            lines.add(capture.get(i).length() > 3 ? capture.get(i).substring(3) : "");
        }
        return lines;
    }
}
