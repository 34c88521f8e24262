package io.qiaoqiao.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config refuses values of broadcasts, check-ins and the ledger the gateway could not start with, naming the key. */
class ReachCheckConfigTest {
    @TempDir
    Path dir;

    private List<String> invalid(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> all = new HashMap<>(env);
        all.put("QIAOQIAO_PLUGINS_DIR", dir.resolve("no-plugins").toString());
        int code = Main.run(new String[] {"check-config"}, all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(2, code, out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("INVALID ")).toList();
    }

    @Test
    void a_check_in_schedule_in_words_the_ledger_does_not_know_is_refused() {
        List<String> lines = invalid(Map.of("QIAOQIAO_CHECKIN_SCHEDULE", "有空就打"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().startsWith("INVALID checkin.schedule: '有空就打' is not a schedule"), lines.toString());
    }

    @Test
    void who_gets_check_ins_and_what_happens_on_a_holiday_are_one_of_their_words() {
        assertEquals(List.of("INVALID checkin.who must be opted-in or living-alone, not everyone"),
                invalid(Map.of("QIAOQIAO_CHECKIN_WHO", "everyone")));
        assertEquals(List.of("INVALID ledger.on-holiday must be skip, before, after or keep, not later"),
                invalid(Map.of("QIAOQIAO_LEDGER_ON_HOLIDAY", "later")));
        assertEquals(List.of("INVALID ledger.holidays: '2026-10-32' is not a date (2026-10-01) or a range (2026-10-01..2026-10-07)"),
                invalid(Map.of("QIAOQIAO_LEDGER_HOLIDAYS", "2026-10-01,2026-10-32")));
        assertEquals(List.of("INVALID broadcast.tries must be 1 to 10, not 0"), invalid(Map.of("QIAOQIAO_BROADCAST_TRIES", "0")));
    }
}
