package io.qiaoqiao.gateway.operator;

import io.qiaoqiao.gateway.http.ApiError;
import io.qiaoqiao.gateway.http.Input;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One roster table (residents, family contacts, volunteer groups, volunteers) as the operator
 * API edits it: list with filters, read one, create, change some fields, delete. The fields
 * are declared once in {@link RosterTables}; SQL is built from those declarations only, never
 * from request text. Every change is audited and announced to the other nodes like an import.
 */
public final class RosterTable {
    /** What a field holds, which decides how it is validated and read back. */
    public enum Kind { TEXT, PHONE, BOOL, TEXT_LIST, ID }

    /**
     * @param json      the field's name in JSON
     * @param column    its column
     * @param required  must be given on create
     * @param maxLength characters of a text, or of each item of a list
     * @param filter    may be used as a query parameter on the list
     */
    public record Field(String json, String column, Kind kind, boolean required, int maxLength, boolean filter) {
    }

    private static final int MAX_LIST = 500;
    private static final int MAX_ITEMS = 50;

    private final String name;
    private final String table;
    private final String singular;
    private final List<Field> fields;
    private final String deleteHint;

    /** @param deleteHint what to say when the row cannot be deleted because others refer to it */
    public RosterTable(String name, String table, String singular, List<Field> fields, String deleteHint) {
        this.name = name;
        this.table = table;
        this.singular = singular;
        this.fields = List.copyOf(fields);
        this.deleteHint = deleteHint;
    }

    /** The path segment: residents, family, groups, volunteers. */
    public String name() {
        return name;
    }

    public Future<JsonArray> list(Pool pool, java.util.function.Function<String, String> query, int limit, int offset) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Field f : fields) {
            String value = query.apply(f.json());
            if (value == null || !f.filter()) {
                continue;
            }
            params.add(switch (f.kind()) {
                case ID -> parseId(f.json(), value);
                case BOOL -> parseBool(f.json(), value);
                case PHONE -> new Input(new JsonObject().put(f.json(), value)).phone(f.json()).orElseThrow();
                default -> value;
            });
            where.add(f.column() + " = $" + params.size());
        }
        params.add(limit);
        params.add(offset);
        String sql = "SELECT * FROM " + table + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id LIMIT $" + (params.size() - 1) + " OFFSET $" + params.size();
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
                throw ApiError.notFound("no " + singular + " with id " + id);
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
                throw ApiError.badRequest("field '" + f.json() + "' is required");
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
                throw ApiError.badRequest("field '" + f.json() + "' cannot be removed");
            }
            values.add(value.orElse(""));
            sets.add(f.column() + " = $" + values.size());
        }
        if (sets.isEmpty()) {
            throw ApiError.badRequest("nothing to change; send at least one of " + jsonNames());
        }
        String sql = "UPDATE " + table + " SET " + String.join(", ", sets) + " WHERE id = $1";
        return pool.withTransaction(db -> db.preparedQuery(sql).execute(Tuple.from(values)).compose(rows -> {
            if (rows.rowCount() == 0) {
                throw ApiError.notFound("no " + singular + " with id " + id);
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
                                throw ApiError.notFound("no " + singular + " with id " + id);
                            }
                            return changed(db, actor, "delete", id, new JsonObject());
                        }))
                .recover(e -> e instanceof io.vertx.pgclient.PgException pg && "23503".equals(pg.getSqlState())
                        ? Future.failedFuture(ApiError.conflict(singular + " " + id + " is still referenced; " + deleteHint))
                        : Future.failedFuture(e))
                .map(v -> new JsonObject().put("deleted", id));
    }

    private Future<Void> changed(SqlClient db, String actor, String verb, long id, JsonObject detail) {
        return OperatorAudit.append(db, actor, name + "." + verb, singular + ":" + id, detail)
                .compose(v -> db.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(RosterImporter.NOTIFY_CHANNEL, name)))
                .mapEmpty();
    }

    private Set<String> jsonNames() {
        return fields.stream().map(Field::json).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Optional<Object> read(Input input, Field f) {
        if (f.required() && f.kind() == Kind.TEXT && input.text(f.json(), f.maxLength()).map(String::isEmpty).orElse(false)) {
            throw ApiError.badRequest("field '" + f.json() + "' must not be blank");
        }
        return switch (f.kind()) {
            case TEXT -> input.text(f.json(), f.maxLength()).map(s -> s);
            case PHONE -> input.phone(f.json()).map(s -> s);
            case BOOL -> input.bool(f.json()).map(b -> b);
            case ID -> input.integer(f.json(), 1, Long.MAX_VALUE).map(n -> n);
            case TEXT_LIST -> input.strings(f.json(), MAX_ITEMS, f.maxLength()).map(l -> l.toArray(String[]::new));
        };
    }

    private JsonObject toJson(Row r) {
        JsonObject out = new JsonObject().put("id", r.getLong("id"));
        for (Field f : fields) {
            out.put(f.json(), switch (f.kind()) {
                case TEXT, PHONE -> r.getString(f.column());
                case BOOL -> r.getBoolean(f.column());
                case ID -> r.getLong(f.column());
                case TEXT_LIST -> new JsonArray(List.of(r.getArrayOfStrings(f.column())));
            });
        }
        return out;
    }

    private static long parseId(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + field + "' must be a whole number");
        }
    }

    private static boolean parseBool(String field, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiError.badRequest("query parameter '" + field + "' must be true or false");
        };
    }

    static int bounded(int limit) {
        return Math.max(1, Math.min(MAX_LIST, limit));
    }
}
