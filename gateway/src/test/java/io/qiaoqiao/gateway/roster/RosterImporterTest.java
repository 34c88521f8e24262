package io.qiaoqiao.gateway.roster;

import static io.qiaoqiao.gateway.roster.RosterDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RosterImporterTest {
    private RosterDatabase db;
    private RosterImporter importer;

    @BeforeEach
    void start() {
        db = new RosterDatabase();
        importer = new RosterImporter(db.pool);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
    }

    @Test
    void the_demo_roster_imports_cleanly() throws Exception {
        ImportReport report = await(DemoRoster.importWith(importer));

        assertEquals(List.of(), report.errors());
        assertEquals(new ImportReport.Counts(3, 0, 0), report.counts(RosterKind.GROUPS));
        assertEquals(new ImportReport.Counts(15, 0, 0), report.counts(RosterKind.VOLUNTEERS));
        assertEquals(new ImportReport.Counts(8, 0, 0), report.counts(RosterKind.RESIDENTS));
        assertEquals(new ImportReport.Counts(6, 0, 0), report.counts(RosterKind.FAMILY));
        Row wang = await(db.pool.preparedQuery("""
                SELECT r.name, r.village, r.village_group, r.lives_alone, f.name AS son, f.relation
                FROM residents r JOIN family_contacts f ON f.resident_id = r.id
                WHERE r.phone = $1 AND f.phone = $2""").execute(Tuple.of("+8613900001001", "+8613900009001"))).iterator().next();
        assertEquals(List.of("王秀英", "桥头村", "一组", true, "李建国", "儿子"),
                List.of(wang.getString(0), wang.getString(1), wang.getString(2), wang.getBoolean(3), wang.getString(4), wang.getString(5)));
        List<String> groupOne = await(db.pool.query("""
                SELECT v.name || ':' || v.is_leader || ':' || array_to_string(v.skills, ';')
                FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id
                WHERE '一组' = ANY (g.serves) ORDER BY v.phone""").execute()).stream().map(r -> r.getString(0)).toList();
        assertTrue(groupOne.contains("张伟:false:tv-repair;electrician"), groupOne.toString());
        assertTrue(groupOne.containsAll(List.of("陈静:true:mediation;bank-papers", "刘洋:true:driver")), groupOne.toString());
    }

    @Test
    void importing_the_demo_roster_twice_changes_nothing() throws Exception {
        await(DemoRoster.importWith(importer));
        List<String> before = db.everyRosterRow();

        ImportReport again = await(DemoRoster.importWith(importer));

        for (RosterKind kind : RosterKind.values()) {
            ImportReport.Counts c = again.counts(kind);
            assertEquals(0, c.inserted() + c.updated(), kind + " " + c);
        }
        assertEquals(before, db.everyRosterRow());
    }

    @Test
    void three_bad_rows_are_reported_by_line_and_nothing_is_imported() throws Exception {
        await(DemoRoster.importWith(importer));
        List<String> before = db.everyRosterRow();
        String volunteers = """
                phone,name,group_code,skills,leader,active
                +8613900002201,新志愿者,qiaotou-1,driver,no,yes
                139-0000-22,坏号码,qiaotou-1,driver,no,yes
                +8613900002203,没有组,qiaotou-9,driver,no,yes
                +8613900002204,,qiaotou-2,driver,no,yes
                +8613900002001,张伟,qiaotou-1,tv-repair;electrician;driver,no,yes
                """;

        ImportReport report = await(importer.importCsv(Map.of(RosterKind.VOLUNTEERS, volunteers)));

        assertEquals(List.of(3, 4, 5), report.errors().stream().map(RowError::line).toList());
        assertTrue(report.errors().stream().allMatch(e -> e.kind() == RosterKind.VOLUNTEERS));
        assertEquals(before, db.everyRosterRow());
    }

    @Test
    void a_bad_row_in_one_file_stops_the_good_files_of_the_same_import() throws Exception {
        ImportReport report = await(importer.importCsv(Map.of(
                RosterKind.GROUPS, "code,name,village,serves\nq-1,一组志愿小组,桥头村,一组\n",
                RosterKind.FAMILY, "resident_phone,phone,name,relation\n13900001001,13900009001,李建国,儿子\n")));

        assertEquals(List.of(new RowError(RosterKind.FAMILY, 2,
                "no resident with phone +8613900001001: it is neither in residents.csv nor in the database")), report.errors());
        assertEquals(List.of(), db.everyRosterRow());
    }

    @Test
    void a_family_contact_may_refer_to_a_resident_imported_earlier() throws Exception {
        await(importer.importCsv(Map.of(RosterKind.RESIDENTS,
                "phone,name,village,village_group,grid,lives_alone,notes\n13900001001,王秀英,桥头村,一组,,是,\n")));

        ImportReport report = await(importer.importCsv(Map.of(RosterKind.FAMILY,
                "resident_phone,phone,name,relation\n13900001001,13900009001,李建国,儿子\n")));

        assertEquals(new ImportReport.Counts(1, 0, 0), report.counts(RosterKind.FAMILY));
    }

    @Test
    void quoted_fields_with_commas_line_breaks_and_chinese_and_a_bom_are_stored_as_written() throws Exception {
        String residents = "\uFEFFphone,name,village,village_group,grid,lives_alone,notes\r\n"
                + "13900001001,王秀英,桥头村,一组,\"桥头-1, 东\",是,\"耳背，说话要大声,\r\n电视要看\"\"戏曲\"\"频道\"\r\n"
                + "13900001002,刘桂兰,桥头村,一组,,否,\r\n";

        ImportReport report = await(importer.importFiles(Map.of(RosterKind.RESIDENTS, residents.getBytes(StandardCharsets.UTF_8))));

        assertEquals(new ImportReport.Counts(2, 0, 0), report.counts(RosterKind.RESIDENTS));
        Row row = await(db.pool.query("SELECT grid, notes FROM residents WHERE phone = '+8613900001001'").execute()).iterator().next();
        assertEquals("桥头-1, 东", row.getString(0));
        assertEquals("耳背，说话要大声,\r\n电视要看\"戏曲\"频道", row.getString(1));
    }

    @Test
    void a_changed_row_is_updated_and_the_rest_left_alone() throws Exception {
        await(DemoRoster.importWith(importer));

        ImportReport report = await(importer.importCsv(Map.of(RosterKind.VOLUNTEERS, """
                phone,name,group_code,skills,leader,active
                +8613900002001,张伟,qiaotou-1,tv-repair;electrician;phone-repair,否,是
                +8613900002002,王芳,qiaotou-1,bank-papers,否,是
                """)));

        assertEquals(new ImportReport.Counts(0, 1, 1), report.counts(RosterKind.VOLUNTEERS));
    }

    @Test
    void an_export_imports_back_without_changes_and_exports_the_same_again() throws Exception {
        await(DemoRoster.importWith(importer));
        RosterExporter exporter = new RosterExporter(db.pool);
        Map<RosterKind, String> exported = new EnumMap<>(RosterKind.class);
        for (RosterKind kind : RosterKind.values()) {
            exported.put(kind, await(exporter.csv(kind)));
        }

        ImportReport report = await(importer.importCsv(exported));

        assertTrue(report.ok(), report.describe());
        assertTrue(!report.changedAnything(), report.describe());
        assertTrue(exported.get(RosterKind.RESIDENTS).contains("\"82岁，耳背, 说话要大声；儿子在外打工\""));
        assertTrue(exported.get(RosterKind.VOLUNTEERS).contains("+8613900002001,张伟,qiaotou-1,tv-repair;electrician,no,yes,no\r\n"));
        for (RosterKind kind : RosterKind.values()) {
            assertEquals(exported.get(kind), await(exporter.csv(kind)), kind.id());
        }
    }

    @Test
    void an_import_that_changed_something_notifies_every_listening_node() throws Exception {
        List<String> payloads = new CopyOnWriteArrayList<>();
        PgConnection listener = await(PgConnection.connect(db.vertx, db.options));
        listener.notificationHandler(n -> payloads.add(n.getChannel() + ":" + n.getPayload()));
        await(listener.query("LISTEN " + RosterImporter.NOTIFY_CHANNEL).execute());

        await(DemoRoster.importWith(importer));

        Awaitility.await().until(() -> !payloads.isEmpty());
        assertEquals(List.of("roster_changed:groups,volunteers,residents,family"), payloads);
        await(listener.close());
    }

    @Test
    void ten_thousand_residents_import_in_batches() throws Exception {
        StringBuilder csv = new StringBuilder("phone,name,village,village_group,grid,lives_alone,notes\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(String.format("+86139%08d,居民%d,桥头村,%s,,否,\n", 10_000_000 + i, i, List.of("一组", "二组", "三组", "四组").get(i % 4)));
        }
        long started = System.nanoTime();

        ImportReport report = await(importer.importCsv(Map.of(RosterKind.RESIDENTS, csv.toString())));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(new ImportReport.Counts(10_000, 0, 0), report.counts(RosterKind.RESIDENTS));
        assertEquals(10_000, db.count("residents"));
        assertTrue(millis < 30_000, "took " + millis + " ms");
    }
}
