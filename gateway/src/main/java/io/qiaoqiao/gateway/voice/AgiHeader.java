package io.qiaoqiao.gateway.voice;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code agi_*} block Asterisk sends when it opens a FastAGI connection, e.g.
 * {@code agi_network_script: rating?ticket=4321} and {@code agi_callerid: +8613900000002}.
 *
 * @param variables every {@code agi_*} line, in order
 * @param script    the script name: the path of {@code agi_network_script} without the query
 * @param params    the query string of {@code agi_network_script}, decoded
 */
public record AgiHeader(Map<String, String> variables, String script, Map<String, String> params) {

    /** Parses the header lines (without the empty line that ends the block). */
    public static AgiHeader parse(List<String> lines) throws CallEnded {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (!line.startsWith("agi_") || colon < 0) {
                throw new CallEnded(CallEnded.Reason.PROTOCOL, "not an agi_* header line: " + printable(line));
            }
            variables.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        String networkScript = variables.get("agi_network_script");
        if (networkScript == null || networkScript.isBlank()) {
            throw new CallEnded(CallEnded.Reason.PROTOCOL, "header has no agi_network_script");
        }
        String path = networkScript;
        Map<String, String> params = new LinkedHashMap<>();
        int question = networkScript.indexOf('?');
        if (question >= 0) {
            path = networkScript.substring(0, question);
            for (String pair : networkScript.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    try {
                        params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                    } catch (IllegalArgumentException e) {
                        throw new CallEnded(CallEnded.Reason.PROTOCOL, "agi_network_script has a parameter that is not"
                                + " URL-encoded: " + printable(pair));
                    }
                }
            }
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return new AgiHeader(Map.copyOf(variables), path, Map.copyOf(params));
    }

    /** The caller ID number as Asterisk gave it ({@code "unknown"} when there is none). */
    public String callerId() {
        return variables.getOrDefault("agi_callerid", "unknown");
    }

    /** Asterisk's unique id of the channel. */
    public String uniqueId() {
        return variables.getOrDefault("agi_uniqueid", "");
    }

    public String channel() {
        return variables.getOrDefault("agi_channel", "");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name)).filter(v -> !v.isBlank());
    }

    static String printable(String line) {
        String shown = line.length() > 60 ? line.substring(0, 60) + "…" : line;
        return '"' + shown.replace("\r", "\\r") + '"';
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
