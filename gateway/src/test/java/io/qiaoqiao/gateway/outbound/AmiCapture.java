package io.qiaoqiao.gateway.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AMI connection as a real Asterisk 22 carried it, from
 * {@code src/test/resources/captures/asterisk-22-ami-originate.txt}: {@code >> } lines were sent
 * to Asterisk, {@code << } lines came back. Each action (by its {@code ActionID}) keeps the lines
 * Asterisk sent after it, up to the next action, exactly as captured, empty lines included.
 */
record AmiCapture(List<String> banner, Map<String, Map<String, String>> actions, Map<String, List<String>> answers) {
    static final String RESOURCE = "/captures/asterisk-22-ami-originate.txt";

    static AmiCapture read() {
        List<String> banner = new ArrayList<>();
        Map<String, Map<String, String>> actions = new LinkedHashMap<>();
        Map<String, List<String>> answers = new LinkedHashMap<>();
        List<String> current = banner;
        Map<String, String> action = new LinkedHashMap<>();
        boolean sending = false;
        for (String line : lines()) {
            if (line.startsWith(">>")) {
                if (!sending) {
                    sending = true;
                    action = new LinkedHashMap<>();
                }
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    action.put(line.substring(3, colon), line.substring(colon + 2));
                }
            } else if (line.startsWith("<<")) {
                if (sending) {
                    sending = false;
                    String id = action.getOrDefault("ActionID", action.get("Action").toLowerCase());
                    actions.put(id, Map.copyOf(action));
                    current = new ArrayList<>();
                    answers.put(id, current);
                }
                current.add(line.length() > 3 ? line.substring(3) : "");
            } else if (line.startsWith("(")) {
                // Asterisk closed the connection; the next banner belongs to a new one.
                current = new ArrayList<>();
            }
        }
        return new AmiCapture(List.copyOf(banner), Map.copyOf(actions), Map.copyOf(answers));
    }

    /** The headers of the captured action with this {@code ActionID}. */
    Map<String, String> action(String actionId) {
        Map<String, String> headers = actions.get(actionId);
        if (headers == null) {
            throw new IllegalArgumentException("no action " + actionId + " in " + RESOURCE);
        }
        return headers;
    }

    /** What Asterisk sent after the action with this {@code ActionID}, line by line. */
    List<String> after(String actionId) {
        List<String> lines = answers.get(actionId);
        if (lines == null) {
            throw new IllegalArgumentException("no action " + actionId + " in " + RESOURCE);
        }
        return lines;
    }

    private static List<String> lines() {
        try (InputStream in = AmiCapture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no capture " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
