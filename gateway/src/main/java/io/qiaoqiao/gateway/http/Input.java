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
            throw new ApiError(Problem.UNKNOWN_FIELD, "不认识的字段 " + unknown + "；可以用的字段：" + new TreeSet<>(allowed),
                    "unknown field(s) " + unknown + "; allowed: " + new TreeSet<>(allowed)).with("fields", new JsonArray(List.copyOf(unknown)));
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
            throw ApiError.field(field, "字段 " + field + " 应当是文字", "field '" + field + "' must be a string");
        }
        String stripped = s.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw ApiError.field(field, "字段 " + field + " 不能超过 " + maxLength + " 个字", "field '" + field + "' is longer than "
                    + maxLength + " characters");
        }
        return Optional.of(stripped);
    }

    /** A non-blank string of at most {@code maxLength} characters. */
    public String requiredText(String field, int maxLength) {
        String value = text(field, maxLength).orElseThrow(() -> required(field));
        if (value.isEmpty()) {
            throw ApiError.field(field, "字段 " + field + " 不能是空的", "field '" + field + "' must not be blank");
        }
        return value;
    }

    /** A phone number, normalised to E.164 with +86 as the default country. */
    public Optional<String> phone(String field) {
        return text(field, 32).map(raw -> PhoneNumbers.normalize(raw).orElseThrow(() -> ApiError.field(field,
                "字段 " + field + "：“" + raw + "”不是电话号码；请写手机号（如 13812345678）、带区号的座机（如 0571-12345678）或 +国家码号码",
                "field '" + field + "': '" + raw + "' is not a phone number; write a mainland mobile such as "
                        + "13812345678, a landline with its area code such as 0571-12345678, or +<country><number>")));
    }

    public Optional<Boolean> bool(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean b)) {
            throw ApiError.field(field, "字段 " + field + " 应当是 true 或 false", "field '" + field + "' must be true or false");
        }
        return Optional.of(b);
    }

    public Optional<Long> integer(String field, long min, long max) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiError.field(field, "字段 " + field + " 应当是整数", "field '" + field + "' must be a whole number");
        }
        if (n.longValue() < min || n.longValue() > max) {
            throw ApiError.field(field, "字段 " + field + " 应在 " + min + " 到 " + max + " 之间",
                    "field '" + field + "' must be between " + min + " and " + max);
        }
        return Optional.of(n.longValue());
    }

    public long requiredInteger(String field, long min, long max) {
        return integer(field, min, max).orElseThrow(() -> required(field));
    }

    /** One of {@code allowed}, compared without case; returned lower-case. */
    public Optional<String> oneOf(String field, Set<String> allowed) {
        return text(field, 64).map(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw ApiError.field(field, "字段 " + field + " 应当是 " + new TreeSet<>(allowed) + " 之一，现在是“" + v + "”",
                        "field '" + field + "' must be one of " + new TreeSet<>(allowed) + ", got '" + v + "'");
            }
            return lower;
        });
    }

    /** The 400 of a field that must be given. */
    public static ApiError required(String field) {
        return ApiError.field(field, "缺少字段 " + field, "field '" + field + "' is required");
    }

    public Optional<List<String>> strings(String field, int maxItems, int maxLength) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonArray array) || array.size() > maxItems) {
            throw ApiError.field(field, "字段 " + field + " 应当是最多 " + maxItems + " 项的文字列表",
                    "field '" + field + "' must be a list of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s) || s.isBlank() || s.strip().length() > maxLength) {
                throw ApiError.field(field, "字段 " + field + " 的每一项都要有内容，且不超过 " + maxLength + " 个字",
                        "field '" + field + "' must hold non-blank strings of at most " + maxLength + " characters");
            }
            out.add(s.strip());
        }
        return Optional.of(out);
    }
}
