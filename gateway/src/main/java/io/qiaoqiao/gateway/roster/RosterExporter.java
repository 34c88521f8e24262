package io.qiaoqiao.gateway.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.function.Function;

/**
 * Writes what the database holds as roster CSV, with the same header and columns the importer
 * reads, so an export imported again changes nothing.
 */
public final class RosterExporter {
    private static final String GROUPS = "SELECT code, name, village, serves FROM volunteer_groups ORDER BY code";
    private static final String VOLUNTEERS = """
            SELECT v.phone, v.name, g.code, v.skills, v.is_leader, v.active, v.ring_urgent
            FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
            ORDER BY g.code, v.is_leader DESC, v.phone""";
    private static final String RESIDENTS = """
            SELECT phone, name, village, village_group, grid, lives_alone, notes
            FROM residents ORDER BY village, village_group, phone""";
    private static final String FAMILY = """
            SELECT r.phone, f.phone, f.name, f.relation
            FROM family_contacts f JOIN residents r ON r.id = f.resident_id
            ORDER BY r.phone, f.phone""";

    private final Pool pool;

    public RosterExporter(Pool pool) {
        this.pool = pool;
    }

    /** The CSV of one kind: header row, then one row per record, CRLF line ends. */
    public Future<String> csv(RosterKind kind) {
        return switch (kind) {
            case GROUPS -> query(kind, GROUPS, row -> List.of(row.getString(0), row.getString(1), row.getString(2),
                    list(row, 3)));
            case VOLUNTEERS -> query(kind, VOLUNTEERS, row -> List.of(row.getString(0), row.getString(1), row.getString(2),
                    list(row, 3), yesNo(row, 4), yesNo(row, 5), yesNo(row, 6)));
            case RESIDENTS -> query(kind, RESIDENTS, row -> List.of(row.getString(0), row.getString(1), row.getString(2),
                    row.getString(3), row.getString(4), yesNo(row, 5), row.getString(6)));
            case FAMILY -> query(kind, FAMILY, row -> List.of(row.getString(0), row.getString(1), row.getString(2),
                    row.getString(3)));
        };
    }

    private Future<String> query(RosterKind kind, String sql, Function<Row, List<String>> fields) {
        return pool.query(sql).execute().map(rows -> {
            CsvWriter out = new CsvWriter().row(kind.columns());
            rows.forEach(row -> out.row(fields.apply(row)));
            return out.toString();
        });
    }

    private static String list(Row row, int column) {
        return String.join(";", row.getArrayOfStrings(column));
    }

    private static String yesNo(Row row, int column) {
        return row.getBoolean(column) ? "yes" : "no";
    }
}
