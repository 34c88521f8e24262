package io.qiaoqiao.gateway.http;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON request body, read field by field with validation. Every problem becomes an
 * {@link ApiError} 400 that names the field and says what was expected.
 */
public final class Input {
    private final JsonObject body;

    public Input(JsonObject body) {
        this.body = body;
    }

    /** Refuses fields the endpoint does not know, so a typo is not silently ignored. */
    public Input onlyFields(Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(body.fieldNames());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest("unknown field(s) " + unknown + "; allowed: " + new TreeSet<>(allowed));
        }
        return this;
    }

    public boolean has(String field) {
        return body.containsKey(field);
    }

    public Optional<String> text(String field, int maxLength) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw ApiError.badRequest("field '" + field + "' must be a string");
        }
        String stripped = s.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw ApiError.badRequest("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return Optional.of(stripped);
    }

    /** A non-blank string of at most {@code maxLength} characters. */
    public String requiredText(String field, int maxLength) {
        String value = text(field, maxLength).orElseThrow(() -> ApiError.badRequest("field '" + field + "' is required"));
        if (value.isEmpty()) {
            throw ApiError.badRequest("field '" + field + "' must not be blank");
        }
        return value;
    }

    /** A phone number, normalised to E.164 with +86 as the default country. */
    public Optional<String> phone(String field) {
        return text(field, 32).map(raw -> PhoneNumbers.normalize(raw).orElseThrow(() -> ApiError.badRequest(
                "field '" + field + "': '" + raw + "' is not a phone number; write a mainland mobile such as "
                        + "13812345678, a landline with its area code such as 0571-12345678, or +<country><number>")));
    }

    public Optional<Boolean> bool(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean b)) {
            throw ApiError.badRequest("field '" + field + "' must be true or false");
        }
        return Optional.of(b);
    }

    public Optional<Long> integer(String field, long min, long max) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiError.badRequest("field '" + field + "' must be a whole number");
        }
        if (n.longValue() < min || n.longValue() > max) {
            throw ApiError.badRequest("field '" + field + "' must be between " + min + " and " + max);
        }
        return Optional.of(n.longValue());
    }

    public long requiredInteger(String field, long min, long max) {
        return integer(field, min, max).orElseThrow(() -> ApiError.badRequest("field '" + field + "' is required"));
    }

    /** One of {@code allowed}, compared without case; returned lower-case. */
    public Optional<String> oneOf(String field, Set<String> allowed) {
        return text(field, 64).map(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw ApiError.badRequest("field '" + field + "' must be one of " + new TreeSet<>(allowed) + ", got '" + v + "'");
            }
            return lower;
        });
    }

    public Optional<List<String>> strings(String field, int maxItems, int maxLength) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonArray array) || array.size() > maxItems) {
            throw ApiError.badRequest("field '" + field + "' must be a list of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s) || s.isBlank() || s.strip().length() > maxLength) {
                throw ApiError.badRequest("field '" + field + "' must hold non-blank strings of at most " + maxLength
                        + " characters");
            }
            out.add(s.strip());
        }
        return Optional.of(out);
    }
}
