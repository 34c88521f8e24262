package io.qiaoqiao.gateway.broadcast;

import io.qiaoqiao.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who a broadcast calls: the residents of the named villages and village groups (everyone when
 * none is named but {@code everyone} or {@code livesAlone} is given), only those living alone when
 * {@code livesAlone}, and every resident listed by id besides. A phone shared by two residents is
 * called once. Resolved from the roster when the broadcast starts, so a scheduled broadcast
 * reaches the roster of that day.
 *
 * @param villageGroups each {@code {"village": "清河村", "group": "一组"}}
 */
public record Audience(List<String> villages, List<VillageGroup> villageGroups, boolean livesAlone, List<Long> residentIds,
                       boolean everyone) {
    private static final int MAX_ITEMS = 5000;
    private static final Set<String> FIELDS = Set.of("villages", "villageGroups", "livesAlone", "residentIds", "everyone");
    private static final String RESOLVE = """
            SELECT DISTINCT ON (r.phone) r.id, r.phone, r.name, r.village, r.village_group FROM residents r
            WHERE ($1 AND (NOT $2 OR r.village = ANY($3)
                                  OR (r.village, r.village_group) IN (SELECT * FROM unnest($4::text[], $5::text[])))
                      AND (NOT $6 OR r.lives_alone))
               OR r.id = ANY($7)
            ORDER BY r.phone, r.id""";

    public record VillageGroup(String village, String group) {
    }

    /** A resident the broadcast calls. */
    public record Resident(long id, String phone, String name, String village, String villageGroup) {
    }

    public Audience {
        villages = List.copyOf(villages);
        villageGroups = List.copyOf(villageGroups);
        residentIds = List.copyOf(residentIds);
    }

    /** Reads {@code audience} of a request; a 400 says what is wrong. */
    public static Audience from(Object value) {
        if (!(value instanceof JsonObject json)) {
            throw ApiError.badRequest("field 'audience' must be an object such as {\"villages\":[\"清河村\"]}, "
                    + "{\"villageGroups\":[{\"village\":\"清河村\",\"group\":\"一组\"}]}, {\"livesAlone\":true}, "
                    + "{\"residentIds\":[12,13]} or {\"everyone\":true}");
        }
        for (String field : json.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiError.badRequest("audience: unknown field '" + field + "'; allowed: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        List<String> villages = strings(json, "villages");
        List<VillageGroup> groups = new ArrayList<>();
        for (Object item : array(json, "villageGroups")) {
            if (!(item instanceof JsonObject g) || blank(g.getValue("village")) || blank(g.getValue("group"))) {
                throw ApiError.badRequest("audience.villageGroups holds objects {\"village\": \"清河村\", \"group\": \"一组\"}");
            }
            groups.add(new VillageGroup(g.getString("village").strip(), g.getString("group").strip()));
        }
        List<Long> ids = new ArrayList<>();
        for (Object item : array(json, "residentIds")) {
            if (!(item instanceof Number n) || n.longValue() < 1) {
                throw ApiError.badRequest("audience.residentIds holds resident ids (whole numbers)");
            }
            ids.add(n.longValue());
        }
        Audience audience = new Audience(villages, groups, flag(json, "livesAlone"), ids, flag(json, "everyone"));
        if (!audience.namesAnyone()) {
            throw ApiError.badRequest("the audience names nobody: give villages, villageGroups, livesAlone, residentIds or everyone");
        }
        return audience;
    }

    private boolean namesAnyone() {
        return everyone || livesAlone || !villages.isEmpty() || !villageGroups.isEmpty() || !residentIds.isEmpty();
    }

    public JsonObject toJson() {
        JsonArray groups = new JsonArray();
        villageGroups.forEach(g -> groups.add(new JsonObject().put("village", g.village()).put("group", g.group())));
        return new JsonObject().put("villages", new JsonArray(villages)).put("villageGroups", groups)
                .put("livesAlone", livesAlone).put("residentIds", new JsonArray(residentIds)).put("everyone", everyone);
    }

    /** The residents it names now, one per phone. */
    public Future<List<Resident>> resolve(SqlClient db) {
        boolean byPlace = !villages.isEmpty() || !villageGroups.isEmpty();
        boolean broad = everyone || livesAlone || byPlace;
        Tuple params = Tuple.of(broad, byPlace, villages.toArray(String[]::new),
                villageGroups.stream().map(VillageGroup::village).toArray(String[]::new),
                villageGroups.stream().map(VillageGroup::group).toArray(String[]::new), livesAlone);
        params.addValue(residentIds.toArray(Long[]::new));
        return db.preparedQuery(RESOLVE).execute(params).map(rows -> {
            List<Resident> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Resident(r.getLong("id"), r.getString("phone"), r.getString("name"), r.getString("village"),
                        r.getString("village_group")));
            }
            return out;
        });
    }

    private static List<String> strings(JsonObject json, String field) {
        List<String> out = new ArrayList<>();
        for (Object item : array(json, field)) {
            if (blank(item)) {
                throw ApiError.badRequest("audience." + field + " holds non-blank names");
            }
            out.add(((String) item).strip());
        }
        return out;
    }

    private static JsonArray array(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return new JsonArray();
        }
        if (!(value instanceof JsonArray a) || a.size() > MAX_ITEMS) {
            throw ApiError.badRequest("audience." + field + " must be a list of at most " + MAX_ITEMS + " items");
        }
        return a;
    }

    private static boolean flag(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof Boolean)) {
            throw ApiError.badRequest("audience." + field + " must be true or false");
        }
        return Boolean.TRUE.equals(value);
    }

    private static boolean blank(Object value) {
        return !(value instanceof String s) || s.isBlank();
    }
}
