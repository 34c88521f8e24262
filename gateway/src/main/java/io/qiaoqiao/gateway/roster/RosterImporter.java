package io.qiaoqiao.gateway.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports roster CSV files: all or nothing. Every row of every file is checked (against the
 * other files and the database) before anything is written; one bad row anywhere means the
 * report lists every bad row and the database is untouched. Good rows are upserts by natural
 * key (group code, volunteer phone, resident phone, resident + contact phone), and a row that
 * is already as the file says is not rewritten, so importing the same files twice changes
 * nothing. Rows missing from a file are left alone (an import never deletes).
 *
 * <p>An import that changed something sends {@code NOTIFY roster_changed} (payload: the kinds
 * that changed, comma-separated) in its transaction, so every gateway node sharing the
 * database, and imports from the command line, can invalidate roster caches.
 */
public final class RosterImporter {
    private static final Logger log = LoggerFactory.getLogger(RosterImporter.class);
    /** The PostgreSQL channel notified after an import that changed something. */
    public static final String NOTIFY_CHANNEL = "roster_changed";
    /** Rows per executeBatch: big enough to be fast, small enough to bound memory for huge files. */
    private static final int BATCH_SIZE = 1000;

    // FOR KEY SHARE: a group or resident found here cannot vanish before this import commits.
    private static final String EXISTING_GROUP_CODES = "SELECT code FROM volunteer_groups WHERE code = ANY($1) FOR KEY SHARE";
    private static final String EXISTING_RESIDENT_PHONES = "SELECT phone FROM residents WHERE phone = ANY($1) FOR KEY SHARE";
    // "RETURNING (xmax = 0)" is true for a freshly inserted row and false for an updated one;
    // the WHERE of DO UPDATE skips rows that already hold these values, so they return nothing.
    private static final String UPSERT_GROUP = """
            INSERT INTO volunteer_groups (code, name, village, serves) VALUES ($1, $2, $3, $4)
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, village = EXCLUDED.village, serves = EXCLUDED.serves
            WHERE (volunteer_groups.name, volunteer_groups.village, volunteer_groups.serves)
                  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.village, EXCLUDED.serves)
            RETURNING (xmax = 0) AS inserted""";
    private static final String UPSERT_VOLUNTEER = """
            INSERT INTO volunteers (phone, name, group_id, skills, is_leader, active, ring_urgent)
            SELECT $1, $2, g.id, $4, $5, $6, coalesce($7::boolean, false) FROM volunteer_groups g WHERE g.code = $3
            ON CONFLICT (phone) DO UPDATE SET name = EXCLUDED.name, group_id = EXCLUDED.group_id,
                skills = EXCLUDED.skills, is_leader = EXCLUDED.is_leader, active = EXCLUDED.active,
                ring_urgent = coalesce($7::boolean, volunteers.ring_urgent)
            WHERE (volunteers.name, volunteers.group_id, volunteers.skills, volunteers.is_leader, volunteers.active,
                   volunteers.ring_urgent)
                  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.group_id, EXCLUDED.skills, EXCLUDED.is_leader, EXCLUDED.active,
                                    coalesce($7::boolean, volunteers.ring_urgent))
            RETURNING (xmax = 0) AS inserted""";
    private static final String UPSERT_RESIDENT = """
            INSERT INTO residents (phone, name, village, village_group, grid, lives_alone, notes)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (phone) DO UPDATE SET name = EXCLUDED.name, village = EXCLUDED.village,
                village_group = EXCLUDED.village_group, grid = EXCLUDED.grid, lives_alone = EXCLUDED.lives_alone,
                notes = EXCLUDED.notes
            WHERE (residents.name, residents.village, residents.village_group, residents.grid, residents.lives_alone, residents.notes)
                  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.village, EXCLUDED.village_group, EXCLUDED.grid,
                                    EXCLUDED.lives_alone, EXCLUDED.notes)
            RETURNING (xmax = 0) AS inserted""";
    private static final String UPSERT_FAMILY = """
            INSERT INTO family_contacts (resident_id, phone, name, relation)
            SELECT r.id, $2, $3, $4 FROM residents r WHERE r.phone = $1
            ON CONFLICT (resident_id, phone) DO UPDATE SET name = EXCLUDED.name, relation = EXCLUDED.relation
            WHERE (family_contacts.name, family_contacts.relation) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.relation)
            RETURNING (xmax = 0) AS inserted""";

    private final Pool pool;

    public RosterImporter(Pool pool) {
        this.pool = pool;
    }

    /** Imports CSV texts, one per kind present; absent kinds are not touched. */
    public Future<ImportReport> importCsv(Map<RosterKind, String> csvByKind) {
        return importSheets(read(csvByKind, RosterSheet::read));
    }

    /** Like {@link #importCsv} for raw file bytes, which must be UTF-8 (a text in GBK is reported, not garbled). */
    public Future<ImportReport> importFiles(Map<RosterKind, byte[]> filesByKind) {
        return importSheets(read(filesByKind, RosterSheet::read));
    }

    private static <T> Map<RosterKind, RosterSheet> read(Map<RosterKind, T> input,
                                                         java.util.function.BiFunction<RosterKind, T, RosterSheet> reader) {
        Map<RosterKind, RosterSheet> sheets = new EnumMap<>(RosterKind.class);
        input.forEach((kind, content) -> sheets.put(kind, reader.apply(kind, content)));
        return sheets;
    }

    private Future<ImportReport> importSheets(Map<RosterKind, RosterSheet> sheets) {
        return pool.withTransaction(conn -> existing(conn, sheets).compose(existing -> {
            RosterValidator.Result result = RosterValidator.validate(sheets, existing);
            if (!result.errors().isEmpty()) {
                log.info("roster import rejected: {} bad row(s)", result.errors().size());
                return Future.succeededFuture(ImportReport.rejected(result.errors()));
            }
            return write(conn, sheets.keySet(), result.roster());
        }));
    }

    private static Future<RosterValidator.Existing> existing(SqlConnection conn, Map<RosterKind, RosterSheet> sheets) {
        return keysThatExist(conn, EXISTING_GROUP_CODES, RosterValidator.referencedGroupCodes(sheets))
                .compose(codes -> keysThatExist(conn, EXISTING_RESIDENT_PHONES, RosterValidator.referencedResidentPhones(sheets))
                        .map(phones -> new RosterValidator.Existing(codes, phones)));
    }

    private static Future<Set<String>> keysThatExist(SqlConnection conn, String sql, Set<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return conn.preparedQuery(sql).execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> {
            Set<String> found = new HashSet<>();
            rows.forEach(row -> found.add(row.getString(0)));
            return found;
        });
    }

    private static Future<ImportReport> write(SqlConnection conn, Set<RosterKind> kinds, Roster roster) {
        Map<RosterKind, ImportReport.Counts> counts = new EnumMap<>(RosterKind.class);
        // Kinds in import order: a volunteer needs its group, a family contact its resident.
        Future<Void> chain = Future.succeededFuture();
        for (RosterKind kind : kinds) {
            chain = chain.compose(v -> switch (kind) {
                case GROUPS -> upsert(conn, UPSERT_GROUP, roster.groups(),
                        g -> Tuple.of(g.code(), g.name(), g.village(), g.serves().toArray(String[]::new)));
                case VOLUNTEERS -> upsert(conn, UPSERT_VOLUNTEER, roster.volunteers(),
                        p -> Tuple.of(p.phone(), p.name(), p.groupCode(), p.skills().toArray(String[]::new), p.leader(), p.active(),
                                p.ringUrgent()));
                case RESIDENTS -> upsert(conn, UPSERT_RESIDENT, roster.residents(),
                        r -> Tuple.from(List.of(r.phone(), r.name(), r.village(), r.villageGroup(), r.grid(), r.livesAlone(), r.notes())));
                case FAMILY -> upsert(conn, UPSERT_FAMILY, roster.family(),
                        f -> Tuple.of(f.residentPhone(), f.phone(), f.name(), f.relation()));
            }).map(c -> {
                counts.put(kind, c);
                return null;
            });
        }
        return chain.compose(v -> {
            ImportReport report = ImportReport.applied(counts);
            log.info("roster imported: {}", report.describe().strip().replace('\n', ' '));
            String changed = String.join(",", counts.entrySet().stream()
                    .filter(e -> e.getValue().changedAnything()).map(e -> e.getKey().id()).toList());
            if (changed.isEmpty()) {
                return Future.succeededFuture(report);
            }
            return conn.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(NOTIFY_CHANNEL, changed)).map(report);
        });
    }

    private static <T> Future<ImportReport.Counts> upsert(SqlConnection conn, String sql, List<T> rows, Function<T, Tuple> toTuple) {
        Future<ImportReport.Counts> chain = Future.succeededFuture(new ImportReport.Counts(0, 0, 0));
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            List<Tuple> batch = rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE)).stream().map(toTuple).toList();
            chain = chain.compose(sum -> conn.preparedQuery(sql).executeBatch(batch).map(result -> sum.plus(counted(result, batch.size()))));
        }
        return chain;
    }

    /** executeBatch gives one row set per tuple: a row when inserted or updated, none when unchanged. */
    private static ImportReport.Counts counted(RowSet<Row> result, int tuples) {
        int inserted = 0;
        int updated = 0;
        for (RowSet<Row> rs = result; rs != null; rs = rs.next()) {
            for (Row row : rs) {
                if (row.getBoolean(0)) {
                    inserted++;
                } else {
                    updated++;
                }
            }
        }
        return new ImportReport.Counts(inserted, updated, tuples - inserted - updated);
    }
}
