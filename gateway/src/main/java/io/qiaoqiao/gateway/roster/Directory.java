package io.qiaoqiao.gateway.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Looks people up by phone number, for the channels deciding who is talking to them. */
public final class Directory {
    private static final String VOLUNTEER_BY_PHONE =
            "SELECT id, phone, name, group_id, is_leader, active FROM volunteers WHERE phone = $1";
    private static final String VOLUNTEER_BY_ID =
            "SELECT id, phone, name, group_id, is_leader, active FROM volunteers WHERE id = $1";
    private static final String RESIDENT_BY_PHONE =
            "SELECT id, phone, name, village, village_group, lives_alone FROM residents WHERE phone = $1";
    private static final String RESIDENTS_BY_FAMILY_PHONE = """
            SELECT r.id, r.phone, r.name, r.village, r.village_group, r.lives_alone
            FROM family_contacts f JOIN residents r ON r.id = f.resident_id
            WHERE f.phone = $1 ORDER BY r.id""";
    private static final String FAMILY_PHONES = "SELECT phone FROM family_contacts WHERE resident_id = $1 ORDER BY id";

    private Directory() {
    }

    public record Volunteer(long id, String phone, String name, long groupId, boolean leader, boolean active) {
    }

    public record Resident(long id, String phone, String name, String village, String villageGroup,
                           boolean livesAlone) {
        /** How volunteers find the place: 桥头村一组. */
        public String place() {
            return village + villageGroup;
        }
    }

    public static Future<Optional<Volunteer>> volunteerById(SqlClient db, long id) {
        return db.preparedQuery(VOLUNTEER_BY_ID).execute(Tuple.of(id)).map(Directory::volunteer);
    }

    public static Future<Optional<Volunteer>> volunteerByPhone(SqlClient db, String phone) {
        return db.preparedQuery(VOLUNTEER_BY_PHONE).execute(Tuple.of(phone)).map(Directory::volunteer);
    }

    private static Optional<Volunteer> volunteer(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(new Volunteer(r.getLong("id"), r.getString("phone"), r.getString("name"),
                r.getLong("group_id"), r.getBoolean("is_leader"), r.getBoolean("active")));
    }

    public static Future<Optional<Resident>> residentByPhone(SqlClient db, String phone) {
        return db.preparedQuery(RESIDENT_BY_PHONE).execute(Tuple.of(phone))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(resident(rows.iterator().next())));
    }

    /** The residents who list this phone as a family contact. */
    public static Future<List<Resident>> residentsByFamilyPhone(SqlClient db, String phone) {
        return db.preparedQuery(RESIDENTS_BY_FAMILY_PHONE).execute(Tuple.of(phone)).map(rows -> {
            List<Resident> out = new ArrayList<>();
            rows.forEach(r -> out.add(resident(r)));
            return out;
        });
    }

    /**
     * Who is asking for help from this phone: the resident themselves, a family member asking
     * for a parent (the first resident who lists the number), or someone the roster does not know.
     */
    public record Asker(Optional<Resident> resident, boolean onBehalf) {
    }

    public static Future<Asker> asker(SqlClient db, String phone) {
        return residentByPhone(db, phone).compose(resident -> resident.isPresent()
                ? Future.succeededFuture(new Asker(resident, false))
                : residentsByFamilyPhone(db, phone).map(parents -> parents.isEmpty()
                        ? new Asker(Optional.empty(), false) : new Asker(Optional.of(parents.get(0)), true)));
    }

    public static Future<List<String>> familyPhones(SqlClient db, long residentId) {
        return db.preparedQuery(FAMILY_PHONES).execute(Tuple.of(residentId)).map(rows -> {
            List<String> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }

    public static Resident resident(Row r) {
        return new Resident(r.getLong("id"), r.getString("phone"), r.getString("name"), r.getString("village"),
                r.getString("village_group"), r.getBoolean("lives_alone"));
    }
}
