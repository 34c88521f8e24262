package io.qiaoqiao.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generates what a broken client, or someone probing, sends to the operator API: for a route of
 * the gateway's own router, a request whose path parameters, query string and body are each
 * ordinary or hostile (bad percent-encoding, NUL, numbers past every range, 10 KB values,
 * repeated and unknown parameters; random octets, cut-off JSON, arrays, nesting ten thousand deep,
 * wrong types, NUL inside strings, numbers of a thousand digits, bodies past the 64 KB limit, a
 * Content-Length that lies). Requests are written as raw HTTP/1.1, one connection each, so nothing
 * a client library would refuse to send is left out. The same seed gives the same requests.
 */
final class HostileHttpRequests {
    /** One request: its octets and what is hostile about it. */
    record Request(String route, byte[] octets, String what) {
    }

    private static final List<String> QUERY_KEYS = List.of("status", "village", "category", "urgency", "channel", "since",
            "limit", "month", "kind", "groupId", "residentId", "phone", "active", "offset", "q");
    private static final List<String> BODY_KEYS = List.of("name", "phone", "groupId", "residentId", "village", "code",
            "serves", "skills", "leader", "active", "reason", "volunteerId", "score", "points", "kind", "logger", "level",
            "relation", "address", "livingAlone", "note", "stars");

    private final Random random;
    private final String token;

    HostileHttpRequests(long seed, String token) {
        this.random = new Random(seed);
        this.token = token;
    }

    /** A request for {@code route} ("METHOD /api/path/:param"). */
    Request next(String route) {
        int space = route.indexOf(' ');
        String method = route.substring(0, space);
        if (method.equals("*")) {
            method = pick(List.of("GET", "POST"));
        }
        if (random.nextInt(20) == 0) {
            method = pick(List.of("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW"));
        }
        StringBuilder path = new StringBuilder();
        StringBuilder what = new StringBuilder();
        for (String segment : route.substring(space + 1).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path.append('/');
            if (segment.startsWith(":")) {
                String value = pathValue();
                path.append(value);
                what.append(segment).append('=').append(shorten(value)).append(' ');
            } else {
                path.append(segment);
            }
        }
        if (random.nextBoolean()) {
            String query = query();
            path.append('?').append(query);
            what.append("query ").append(shorten(query)).append(' ');
        }
        byte[] body = null;
        boolean lyingLength = false;
        if (!method.equals("GET") || random.nextInt(10) == 0) {
            body = body(what);
            lyingLength = random.nextInt(25) == 0;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(random.nextInt(8) == 0 ? "text/csv" : "application/json").append("\r\n");
            int length = lyingLength ? body.length + 1 + random.nextInt(100) : body.length;
            head.append("Content-Length: ").append(length).append("\r\n");
            if (lyingLength) {
                what.append("Content-Length lies ");
            }
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return new Request(route, out.toByteArray(), method + " " + what.toString().strip());
    }

    private String pathValue() {
        return switch (random.nextInt(12)) {
            case 0 -> "1";
            case 1 -> "-1";
            case 2 -> "99999999999999999999999";
            case 3 -> "%00";
            case 4 -> "%zz";
            case 5 -> "%E4%B8";
            case 6 -> "..%2F..%2Fetc%2Fpasswd";
            case 7 -> "x".repeat(2_000 + random.nextInt(6_000));
            case 8 -> "%27%20OR%201%3D1--";
            case 9 -> "%E6%A1%A5";
            case 10 -> "residents.csv";
            default -> "q" + random.nextInt(1_000_000);
        };
    }

    private String query() {
        StringBuilder query = new StringBuilder();
        int pairs = random.nextInt(10) == 0 ? 500 + random.nextInt(600) : 1 + random.nextInt(4);
        for (int i = 0; i < pairs; i++) {
            if (i > 0) {
                query.append(random.nextInt(15) == 0 ? "&&" : "&");
            }
            String key = random.nextInt(6) == 0 ? pick(List.of("%zz", "%00", "", "a%", "x".repeat(300))) : pick(QUERY_KEYS);
            query.append(key);
            if (random.nextInt(12) != 0) {
                query.append('=').append(queryValue());
            }
        }
        return query.toString();
    }

    private String queryValue() {
        return switch (random.nextInt(14)) {
            case 0 -> "%zz";
            case 1 -> "%";
            case 2 -> "%00";
            case 3 -> "-2147483649";
            case 4 -> "9".repeat(40);
            case 5 -> "x".repeat(10_000);
            case 6 -> "%27%3B%20DROP%20TABLE%20tickets%3B--";
            case 7 -> "2026-13-45T99:99:99Z";
            case 8 -> "%E4%B8";
            case 9 -> "open";
            case 10 -> "10";
            case 11 -> "2026-02";
            case 12 -> "NaN";
            default -> "%E4%B8%9C%E6%9D%91";
        };
    }

    private byte[] body(StringBuilder what) {
        int kind = random.nextInt(14);
        String text = switch (kind) {
            case 0 -> null;
            case 1 -> "{\"name\": \"王";
            case 2 -> "[1, 2, 3]";
            case 3 -> "[".repeat(10_000) + "]".repeat(10_000);
            case 4 -> "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000);
            case 5 -> "{\"" + pick(BODY_KEYS) + "\": \"" + "长".repeat(25_000) + "\"}";
            case 6 -> "";
            case 7 -> "null";
            case 8 -> "\"just a string\"";
            case 9 -> "{\"" + pick(BODY_KEYS) + "\": 1" + "0".repeat(1_000) + "}";
            default -> object();
        };
        if (text == null) {
            byte[] octets = new byte[1 + random.nextInt(400)];
            random.nextBytes(octets);
            what.append("body of random octets");
            return octets;
        }
        what.append("body ").append(shorten(text));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object of the API's field names with values of any type, some with NUL or lone surrogates. */
    private String object() {
        StringBuilder json = new StringBuilder("{");
        int fields = 1 + random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(pick(BODY_KEYS)).append("\":").append(switch (random.nextInt(16)) {
                case 0 -> "null";
                case 1 -> "true";
                case 2 -> "-1";
                case 3 -> "1e999";
                case 4 -> "9223372036854775808";
                case 5 -> "\"a\\u0000b\"";
                case 6 -> "\"\\ud800\"";
                case 7 -> "[\"electrician\", 5, null]";
                case 8 -> "{\"x\": []}";
                case 9 -> "\"" + "x".repeat(5_000) + "\"";
                case 10 -> "\"13900001001\"";
                case 11 -> "\"DEBUG\"";
                case 12 -> "\"io.qiaoqiao\"";
                case 13 -> "0.5";
                case 14 -> "\"东村\"";
                default -> "\"\"";
            });
        }
        if (random.nextInt(10) == 0) {
            json.append(",\"name\":\"again\""); // a repeated key
        }
        return json.append(random.nextInt(15) == 0 ? "" : "}").toString();
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String shorten(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() > 50 ? one.substring(0, 50) + "…(" + one.length() + ")" : one;
    }
}
