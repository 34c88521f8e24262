package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket events name people by their numbers: the asker in the actor of {@code created}
 * ({@code sms:+8613912345678}), and whatever a future event puts in its detail. An operator
 * without the {@code phones} scope sees every such number masked ({@code +86139****5678}), as the
 * logs do: a number in international form, or a Chinese mobile number, wherever it stands in a
 * string of the event, keys and nesting whatever they are.
 */
final class PhoneRedaction {
    private static final Pattern PHONE = Pattern.compile("(?<![\\d+])(\\+\\d{6,15}|1[3-9]\\d{9})(?!\\d)");

    private PhoneRedaction() {
    }

    static String mask(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PHONE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(PhoneNumbers.mask(m.group(1))));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** A copy of {@code detail} with every number in its strings masked. */
    static JsonObject mask(JsonObject detail) {
        if (detail == null) {
            return null;
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : detail) {
            out.put(e.getKey(), maskValue(e.getValue()));
        }
        return out;
    }

    private static Object maskValue(Object value) {
        return switch (value) {
            case String s -> mask(s);
            case JsonObject o -> mask(o);
            case JsonArray a -> {
                JsonArray out = new JsonArray();
                a.forEach(v -> out.add(maskValue(v)));
                yield out;
            }
            case null -> null;
            default -> value;
        };
    }
}
