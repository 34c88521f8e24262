package io.qiaoqiao.gateway.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes what the database holds as roster CSV, with the same header and columns the importer
 * reads, so an export imported again changes nothing; and the tables the import does not know
 * (on-call shifts, leave and extra duty, holidays, duty phones) as CSV to read or print, named
 * by {@link #DOWNLOAD_ONLY}. Times are the studio's, with their offset.
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

    private static final String SHIFTS = """
            SELECT v.phone, v.name, s.day_of_week, s.starts, s.ends FROM volunteer_shifts s JOIN volunteers v ON v.id = s.volunteer_id
            ORDER BY v.phone, s.day_of_week, s.starts""";
    private static final String EXCEPTIONS = """
            SELECT v.phone, v.name, e.kind, e.starts_at, e.ends_at, e.reason FROM volunteer_exceptions e
            JOIN volunteers v ON v.id = e.volunteer_id ORDER BY e.starts_at, v.phone""";
    private static final String HOLIDAYS = "SELECT name, first_day, last_day FROM holidays ORDER BY first_day";
    private static final String DUTY_PHONES = "SELECT kind, village, name, phone FROM duty_phones ORDER BY kind, village";
    /** The downloads that are not import files, with their header rows. */
    public static final Map<String, List<String>> DOWNLOAD_ONLY = Map.of(
            "shifts", List.of("volunteer_phone", "volunteer_name", "day_of_week", "starts", "ends"),
            "schedule-exceptions", List.of("volunteer_phone", "volunteer_name", "kind", "starts_at", "ends_at", "reason"),
            "holidays", List.of("name", "first_day", "last_day"),
            "duty-phones", List.of("kind", "village", "name", "phone"));
    private static final DateTimeFormatter STUDIO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXXX");

    private final Pool pool;
    private final ZoneId zone;

    public RosterExporter(Pool pool) {
        this(pool, ZoneId.of("Asia/Shanghai"));
    }

    public RosterExporter(Pool pool, ZoneId zone) {
        this.pool = pool;
        this.zone = zone;
    }

    /** One of {@link #DOWNLOAD_ONLY} as CSV. */
    public Future<String> csv(String download) {
        List<String> header = DOWNLOAD_ONLY.get(download);
        if (header == null) {
            throw new IllegalArgumentException("no download " + download);
        }
        return switch (download) {
            case "shifts" -> query(header, SHIFTS, row -> List.of(row.getString(0), row.getString(1),
                    String.valueOf(row.getShort(2)), row.getLocalTime(3).toString(), row.getLocalTime(4).toString()));
            case "schedule-exceptions" -> query(header, EXCEPTIONS, row -> List.of(row.getString(0), row.getString(1), row.getString(2),
                    studio(row.getOffsetDateTime(3)), studio(row.getOffsetDateTime(4)), row.getString(5)));
            case "holidays" -> query(header, HOLIDAYS, row -> List.of(row.getString(0), row.getLocalDate(1).toString(),
                    row.getLocalDate(2).toString()));
            default -> query(header, DUTY_PHONES, row -> List.of(row.getString(0), row.getString(1), row.getString(2), row.getString(3)));
        };
    }

    private String studio(OffsetDateTime at) {
        return STUDIO_TIME.format(at.atZoneSameInstant(zone));
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
        return query(kind.columns(), sql, fields);
    }

    private Future<String> query(List<String> header, String sql, Function<Row, List<String>> fields) {
        return pool.query(sql).execute().map(rows -> {
            CsvWriter out = new CsvWriter().row(header);
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
