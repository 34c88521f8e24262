package io.qiaoqiao.gateway.operator;

import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.http.Page;
import io.qiaoqiao.gateway.http.Problem;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One roster table (residents, family contacts, volunteer groups, volunteers, on-call shifts,
 * leave and extra duty, holidays, duty phones) as the operator API edits it: list with filters
 * (newest first, a page at a time), read one, create, change some fields, delete. The fields are
 * declared once in {@link RosterTables}; SQL is built from those declarations only, never from
 * request text. Every change is audited and announced to the other nodes like an import.
 */
public final class RosterTable {
    /** What a field holds, which decides how it is validated and read back. */
    public enum Kind {
        TEXT, PHONE, BOOL, TEXT_LIST, ID,
        /** ISO day of the week, 1 (Monday) to 7 (Sunday). */
        DAY_OF_WEEK,
        /** A time of day, 08:00. */
        TIME,
        /** An instant with its offset, 2026-11-23T08:00+08:00. */
        INSTANT,
        /** A calendar date, 2026-10-01. */
        DATE,
        /** One of the field's {@code choices}. */
        CHOICE
    }

    /**
     * @param json      the field's name in JSON
     * @param column    its column
     * @param required  must be given on create
     * @param maxLength characters of a text, or of each item of a list
     * @param filter    may be used as a query parameter on the list
     * @param choices   the values a {@link Kind#CHOICE} field takes
     * @param label     what the console calls it
     */
    public record Field(String json, String column, Kind kind, boolean required, int maxLength, boolean filter,
                        Set<String> choices, String label) {
        public Field(String json, String column, Kind kind, boolean required, int maxLength, boolean filter, String label) {
            this(json, column, kind, required, maxLength, filter, Set.of(), label);
        }
    }

    private static final int MAX_ITEMS = 50;

    private final String name;
    private final String table;
    private final String singular;
    private final String noun;
    private final Problem notFound;
    private final List<Field> fields;
    private final String deleteHint;

    /**
     * @param name       the path segment: residents, family, groups, volunteers, shifts, ...
     * @param singular   the English name of one row (volunteer group)
     * @param noun       the Chinese name of one row (志愿小组)
     * @param deleteHint what to say (in Chinese) when the row cannot be deleted because others refer to it
     */
    public RosterTable(String name, String table, String singular, String noun, List<Field> fields, String deleteHint) {
        this.name = name;
        this.table = table;
        this.singular = singular;
        this.noun = noun;
        this.notFound = Problem.notFound(singular.replace(' ', '-'), "找不到这条" + noun + "记录");
        this.fields = List.copyOf(fields);
        this.deleteHint = deleteHint;
    }

    public String name() {
        return name;
    }

    public String noun() {
        return noun;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The page of rows that match the filters given as query parameters. */
    public Future<JsonArray> list(Pool pool, Function<String, String> query, Page page) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Field f : fields) {
            String value = query.apply(f.json());
            if (value == null || !f.filter()) {
                continue;
            }
            params.add(filterValue(f, value));
            where.add(f.column() + " = $" + params.size());
        }
        params.add(page.before());
        where.add("id < $" + params.size());
        params.add(page.fetch());
        String sql = "SELECT * FROM " + table + " WHERE " + String.join(" AND ", where) + " ORDER BY id DESC LIMIT $" + params.size();
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> out.add(toJson(r)));
            return out;
        });
    }

    public Set<String> filters() {
        return fields.stream().filter(Field::filter).map(Field::json).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public Future<JsonObject> get(SqlClient db, long id) {
        return db.preparedQuery("SELECT * FROM " + table + " WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw missing(id);
            }
            return toJson(rows.iterator().next());
        });
    }

    public Future<JsonObject> create(Pool pool, Input input, String actor) {
        input.onlyFields(jsonNames());
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Field f : fields) {
            Optional<Object> value = read(input, f);
            if (value.isEmpty() && f.required()) {
                throw Input.required(f.json());
            }
            if (value.isPresent()) {
                columns.add(f.column());
                values.add(value.get());
            }
        }
        String placeholders = java.util.stream.IntStream.rangeClosed(1, values.size()).mapToObj(i -> "$" + i)
                .collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ") RETURNING id";
        return pool.withTransaction(db -> db.preparedQuery(sql).execute(Tuple.from(values))
                .map(rows -> rows.iterator().next().getLong("id"))
                .compose(id -> changed(db, actor, "create", id, new JsonObject().put("fields", new JsonArray(columns)))
                        .compose(v -> get(db, id))));
    }

    /** Changes the given fields only; a required field may not be removed. */
    public Future<JsonObject> update(Pool pool, long id, Input input, String actor) {
        input.onlyFields(jsonNames());
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        values.add(id);
        for (Field f : fields) {
            if (!input.has(f.json())) {
                continue;
            }
            Optional<Object> value = read(input, f);
            if (value.isEmpty() && (f.required() || f.kind() != Kind.TEXT)) {
                throw ApiError.field(f.json(), "字段 " + f.json() + " 不能删掉", "field '" + f.json() + "' cannot be removed");
            }
            values.add(value.orElse(""));
            sets.add(f.column() + " = $" + values.size());
        }
        if (sets.isEmpty()) {
            throw new ApiError(Problem.INVALID_JSON, "没有要改的内容；请至少给出 " + jsonNames() + " 中的一项",
                    "nothing to change; send at least one of " + jsonNames());
        }
        String sql = "UPDATE " + table + " SET " + String.join(", ", sets) + " WHERE id = $1";
        return pool.withTransaction(db -> db.preparedQuery(sql).execute(Tuple.from(values)).compose(rows -> {
            if (rows.rowCount() == 0) {
                throw missing(id);
            }
            return changed(db, actor, "update", id, new JsonObject().put("fields",
                    new JsonArray(sets.stream().map(s -> s.substring(0, s.indexOf(' '))).toList())))
                    .compose(v -> get(db, id));
        }));
    }

    public Future<JsonObject> delete(Pool pool, long id, String actor) {
        return pool.withTransaction(db -> db.preparedQuery("DELETE FROM " + table + " WHERE id = $1").execute(Tuple.of(id))
                        .compose(rows -> {
                            if (rows.rowCount() == 0) {
                                throw missing(id);
                            }
                            return changed(db, actor, "delete", id, new JsonObject());
                        }))
                .recover(e -> e instanceof io.vertx.pgclient.PgException pg && "23503".equals(pg.getSqlState())
                        ? Future.failedFuture(new ApiError(Problem.STILL_REFERENCED, "这条" + noun + "记录还有别的记录用到，不能删除；"
                        + deleteHint, singular + " " + id + " is still referenced"))
                        : Future.failedFuture(e))
                .map(v -> new JsonObject().put("deleted", id));
    }

    private ApiError missing(long id) {
        return new ApiError(notFound, "没有编号为 " + id + " 的" + noun + "记录", "no " + singular + " with id " + id);
    }

    private Future<Void> changed(SqlClient db, String actor, String verb, long id, JsonObject detail) {
        return OperatorAudit.append(db, actor, name + "." + verb, singular.replace(' ', '_') + ":" + id, detail)
                .compose(v -> db.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(RosterImporter.NOTIFY_CHANNEL, name)))
                .mapEmpty();
    }

    private Set<String> jsonNames() {
        return fields.stream().map(Field::json).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Optional<Object> read(Input input, Field f) {
        if (f.required() && f.kind() == Kind.TEXT && input.text(f.json(), f.maxLength()).map(String::isEmpty).orElse(false)) {
            throw ApiError.field(f.json(), "字段 " + f.json() + " 不能是空的", "field '" + f.json() + "' must not be blank");
        }
        return switch (f.kind()) {
            case TEXT -> input.text(f.json(), f.maxLength()).map(s -> s);
            case PHONE -> input.phone(f.json()).map(s -> s);
            case BOOL -> input.bool(f.json()).map(b -> b);
            case ID -> input.integer(f.json(), 1, Long.MAX_VALUE).map(n -> n);
            case DAY_OF_WEEK -> input.integer(f.json(), 1, 7).map(n -> (short) n.intValue());
            case TEXT_LIST -> input.strings(f.json(), MAX_ITEMS, f.maxLength()).map(l -> l.toArray(String[]::new));
            case TIME -> input.text(f.json(), 8).map(t -> parsed(f, t));
            case INSTANT -> input.text(f.json(), 40).map(t -> parsed(f, t));
            case DATE -> input.text(f.json(), 10).map(t -> parsed(f, t));
            case CHOICE -> input.oneOf(f.json(), f.choices()).map(s -> s);
        };
    }

    /** A query parameter's value as the column holds it. */
    private static Object filterValue(Field f, String value) {
        return switch (f.kind()) {
            case ID -> {
                try {
                    yield Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw ApiError.query(f.json(), "查询参数 " + f.json() + " 必须是整数", "query parameter '" + f.json()
                            + "' must be a whole number");
                }
            }
            case BOOL -> switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw ApiError.query(f.json(), "查询参数 " + f.json() + " 应当是 true 或 false",
                        "query parameter '" + f.json() + "' must be true or false");
            };
            case PHONE -> new Input(new JsonObject().put(f.json(), value)).phone(f.json()).orElseThrow();
            case TEXT, TEXT_LIST -> value;
            case DAY_OF_WEEK -> dayOfWeek(f, value);
            case CHOICE, TIME, INSTANT, DATE -> parsedQuery(f, value);
        };
    }

    private static short dayOfWeek(Field f, String value) {
        try {
            int day = Integer.parseInt(value);
            if (day >= 1 && day <= 7) {
                return (short) day;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.query(f.json(), "查询参数 " + f.json() + " 应在 1（周一）到 7（周日）之间", "query parameter '" + f.json()
                + "' must be 1 (Monday) to 7 (Sunday)");
    }

    private static Object parsedQuery(Field f, String value) {
        try {
            return parse(f, value);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiError.query(f.json(), "查询参数 " + f.json() + " 的格式不对：" + example(f), "query parameter '" + f.json()
                    + "' is malformed: " + example(f));
        }
    }

    private static Object parsed(Field f, String value) {
        try {
            return parse(f, value);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiError.field(f.json(), "字段 " + f.json() + " 的格式不对，应当像 " + example(f) + "，现在是“" + value + "”",
                    "field '" + f.json() + "' must look like " + example(f) + ", got '" + value + "'");
        }
    }

    private static Object parse(Field f, String value) {
        return switch (f.kind()) {
            case TIME -> LocalTime.parse(value);
            case INSTANT -> OffsetDateTime.parse(value);
            case DATE -> LocalDate.parse(value);
            case CHOICE -> {
                if (!f.choices().contains(value)) {
                    throw new IllegalArgumentException(value);
                }
                yield value;
            }
            default -> value;
        };
    }

    private static String example(Field f) {
        return switch (f.kind()) {
            case TIME -> "08:00";
            case INSTANT -> "2026-11-23T08:00+08:00";
            case DATE -> "2026-10-01";
            case CHOICE -> String.join(" / ", new TreeSet<>(f.choices()));
            default -> "";
        };
    }

    /** The name of its schema in the OpenAPI document: volunteer group → VolunteerGroup. */
    public String schemaName() {
        StringBuilder out = new StringBuilder();
        for (String word : singular.split(" ")) {
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }

    /** The JSON Schema of a row as the API answers with it. */
    public JsonObject schema() {
        JsonObject properties = new JsonObject().put("id", new JsonObject().put("type", "integer"));
        JsonArray required = new JsonArray().add("id");
        for (Field f : fields) {
            properties.put(f.json(), fieldSchema(f).put("description", f.label()));
            required.add(f.json());
        }
        return new JsonObject().put("type", "object").put("description", noun).put("properties", properties)
                .put("required", required);
    }

    /** The JSON Schema of a create or change request; {@code creating}: the required fields must be there. */
    public JsonObject inputSchema(boolean creating) {
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        for (Field f : fields) {
            properties.put(f.json(), fieldSchema(f).put("description", f.label()));
            if (creating && f.required()) {
                required.add(f.json());
            }
        }
        return new JsonObject().put("type", "object").put("properties", properties).put("required", required)
                .put("additionalProperties", false);
    }

    private static JsonObject fieldSchema(Field f) {
        return switch (f.kind()) {
            case TEXT -> new JsonObject().put("type", "string").put("maxLength", f.maxLength());
            case PHONE -> new JsonObject().put("type", "string").put("examples", new JsonArray().add("+8613900001001"));
            case BOOL -> new JsonObject().put("type", "boolean");
            case ID -> new JsonObject().put("type", "integer").put("minimum", 1);
            case DAY_OF_WEEK -> new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", 7);
            case TEXT_LIST -> new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")
                    .put("maxLength", f.maxLength()));
            case TIME -> new JsonObject().put("type", "string").put("pattern", "^\\d{2}:\\d{2}(:\\d{2})?$");
            case INSTANT -> new JsonObject().put("type", "string").put("format", "date-time");
            case DATE -> new JsonObject().put("type", "string").put("format", "date");
            case CHOICE -> new JsonObject().put("type", "string").put("enum", new JsonArray(List.copyOf(new TreeSet<>(f.choices()))));
        };
    }

    public JsonObject toJson(Row r) {
        JsonObject out = new JsonObject().put("id", r.getLong("id"));
        for (Field f : fields) {
            out.put(f.json(), switch (f.kind()) {
                case TEXT, PHONE, CHOICE -> r.getString(f.column());
                case BOOL -> r.getBoolean(f.column());
                case ID -> r.getLong(f.column());
                case DAY_OF_WEEK -> r.getShort(f.column()) == null ? null : r.getShort(f.column()).intValue();
                case TEXT_LIST -> new JsonArray(List.of(r.getArrayOfStrings(f.column())));
                case TIME -> r.getLocalTime(f.column()) == null ? null : r.getLocalTime(f.column()).toString();
                case INSTANT -> r.getOffsetDateTime(f.column()) == null ? null : r.getOffsetDateTime(f.column()).toInstant().toString();
                case DATE -> r.getLocalDate(f.column()) == null ? null : r.getLocalDate(f.column()).toString();
            });
        }
        return out;
    }
}
