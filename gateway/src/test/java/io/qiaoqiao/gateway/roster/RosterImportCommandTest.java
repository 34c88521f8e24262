package io.qiaoqiao.gateway.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterImportCommandTest {
    @TempDir
    Path dir;
    private RosterDatabase db;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        db = new RosterDatabase();
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
    }

    private int run(String... args) {
        return RosterImportCommand.run(List.of(args), Config.of(Map.of()), db.pool,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(RosterKind kind, byte[] content) throws Exception {
        return Files.write(dir.resolve(kind.id() + ".csv"), content);
    }

    @Test
    void the_four_demo_files_import_from_disk_and_the_counts_are_printed() throws Exception {
        Map<RosterKind, byte[]> demo = DemoRoster.files();

        int exit = run("import-roster", "--groups", write(RosterKind.GROUPS, demo.get(RosterKind.GROUPS)).toString(),
                "--volunteers", write(RosterKind.VOLUNTEERS, demo.get(RosterKind.VOLUNTEERS)).toString(),
                "--residents", write(RosterKind.RESIDENTS, demo.get(RosterKind.RESIDENTS)).toString(),
                "--family", write(RosterKind.FAMILY, demo.get(RosterKind.FAMILY)).toString());

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals("""
                groups: 3 inserted, 0 updated, 0 unchanged
                volunteers: 15 inserted, 0 updated, 0 unchanged
                residents: 8 inserted, 0 updated, 0 unchanged
                family: 6 inserted, 0 updated, 0 unchanged
                """, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bad_rows_are_printed_with_file_and_line_and_the_exit_code_is_one() throws Exception {
        Path residents = write(RosterKind.RESIDENTS, """
                phone,name,village,village_group,grid,lives_alone,notes
                13900001001,王秀英,桥头村,一组,,是,
                12,刘桂兰,桥头村,一组,,是,
                """.getBytes(StandardCharsets.UTF_8));

        int exit = run("--residents", residents.toString());

        assertEquals(1, exit);
        assertEquals("""
                1 bad row(s); nothing was imported:
                  residents.csv line 3: phone '12' is not a phone number (e.g. 13900001001 or +8613900001001)
                """, err.toString(StandardCharsets.UTF_8));
        assertEquals(0, db.count("residents"));
    }

    @Test
    void the_product_has_no_demo_option_the_demo_kit_imports_its_own_roster() {
        assertEquals(1, run("--demo"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unexpected argument: --demo"));
    }

    @Test
    void a_missing_file_or_unknown_option_fails_with_usage() {
        assertEquals(1, run("--residents", dir.resolve("absent.csv").toString()));
        assertEquals(1, run("--people", "x.csv"));
        assertEquals(1, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: import-roster"));
    }
}
