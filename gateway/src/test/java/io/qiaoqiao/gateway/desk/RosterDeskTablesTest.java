package io.qiaoqiao.gateway.desk;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tables the desk edits besides residents and volunteers — on-call shifts, leave and extra
 * duty, holidays, duty phones — with their checks and audit, holidays reaching the routing
 * decision, and every table's CSV download as Excel and WPS on Chinese Windows need it.
 */
class RosterDeskTablesTest {
    private static final ZoneId STUDIO = ZoneId.of("Asia/Shanghai");
    private GatewayHarness h;
    private ApiClient admin;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "on call now is judged at 10:00", Map.of("api.tokens", "admin:*:admin-token"))
                .withDemoRoster();
        admin = new ApiClient(h.gateway().httpPort(), "admin-token");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private long volunteer(String name) {
        return h.count("SELECT id FROM volunteers WHERE name = $1", name);
    }

    @Test
    void shifts_leave_holidays_and_duty_phones_are_checked_saved_and_audited() {
        long wangFang = volunteer("王芳");
        HttpResponse<String> shift = admin.post("/api/shifts", "{\"volunteerId\":" + wangFang + ",\"dayOfWeek\":7,\"starts\":\"20:00\",\"ends\":\"08:00\"}");
        assertEquals(201, shift.statusCode(), shift.body());
        assertEquals(new JsonObject().put("id", json(shift).getLong("id")).put("volunteerId", wangFang).put("dayOfWeek", 7).put("starts", "20:00")
                .put("ends", "08:00"), json(shift), "a Sunday night shift into Monday");
        HttpResponse<String> day8 = admin.post("/api/shifts", "{\"volunteerId\":" + wangFang + ",\"dayOfWeek\":8,\"starts\":\"20:00\",\"ends\":\"08:00\"}");
        assertEquals(400, day8.statusCode());
        assertEquals("字段 dayOfWeek 应在 1 到 7 之间", json(day8).getString("detail"));
        HttpResponse<String> time = admin.post("/api/shifts", "{\"volunteerId\":" + wangFang + ",\"dayOfWeek\":1,\"starts\":\"8点\",\"ends\":\"12:00\"}");
        assertEquals(400, time.statusCode());
        assertEquals("starts", json(time).getString("field"));

        HttpResponse<String> leave = admin.post("/api/schedule-exceptions", "{\"volunteerId\":" + wangFang + ",\"kind\":\"leave\","
                + "\"startsAt\":\"2026-02-14T00:00+08:00\",\"endsAt\":\"2026-02-20T00:00+08:00\",\"reason\":\"回老家过年\"}");
        assertEquals(201, leave.statusCode(), leave.body());
        assertEquals("2026-02-13T16:00:00Z", json(leave).getString("startsAt"), "stored and shown as the instant");
        HttpResponse<String> backwards = admin.post("/api/schedule-exceptions", "{\"volunteerId\":" + wangFang + ",\"kind\":\"extra_duty\","
                + "\"startsAt\":\"2026-02-14T00:00+08:00\",\"endsAt\":\"2026-02-13T00:00+08:00\"}");
        assertEquals(400, backwards.statusCode());
        assertEquals("结束时间要晚于开始时间", json(backwards).getString("detail"));
        assertEquals(400, admin.post("/api/schedule-exceptions", "{\"volunteerId\":" + wangFang + ",\"kind\":\"holiday\","
                + "\"startsAt\":\"2026-02-14T00:00+08:00\",\"endsAt\":\"2026-02-15T00:00+08:00\"}").statusCode());

        HttpResponse<String> holiday = admin.post("/api/holidays", "{\"name\":\"国庆节\",\"firstDay\":\"2026-10-01\",\"lastDay\":\"2026-10-07\"}");
        assertEquals(201, holiday.statusCode(), holiday.body());
        HttpResponse<String> backwardsHoliday = admin.post("/api/holidays", "{\"name\":\"错的\",\"firstDay\":\"2026-10-07\",\"lastDay\":\"2026-10-01\"}");
        assertEquals(400, backwardsHoliday.statusCode());
        assertEquals("最后一天不能早于第一天", json(backwardsHoliday).getString("detail"));

        HttpResponse<String> committee = admin.post("/api/duty-phones", "{\"kind\":\"village-committee\",\"village\":\"桥头村\",\"name\":\"桥头村村委会\","
                + "\"phone\":\"0571-8512 3456\"}");
        assertEquals(201, committee.statusCode(), committee.body());
        assertEquals("+8657185123456", json(committee).getString("phone"));
        HttpResponse<String> twice = admin.post("/api/duty-phones", "{\"kind\":\"village-committee\",\"village\":\"桥头村\",\"name\":\"又一个\","
                + "\"phone\":\"0571-8512 3457\"}");
        assertEquals(409, twice.statusCode());
        assertEquals("这个村已经有这种值班电话", json(twice).getString("detail"));
        HttpResponse<String> township = admin.post("/api/duty-phones", "{\"kind\":\"township-centre\",\"name\":\"镇服务中心\",\"phone\":\"0571-8500 0000\"}");
        assertEquals("", json(township).getString("village"), "no village: the township's");
        assertEquals(200, admin.patch("/api/holidays/" + json(holiday).getLong("id"), "{\"lastDay\":\"2026-10-08\"}").statusCode());
        assertEquals(200, admin.delete("/api/shifts/" + json(shift).getLong("id")).statusCode());
        assertEquals(1, json(admin.get("/api/schedule-exceptions?volunteerId=" + wangFang + "&kind=leave")).getJsonArray("schedule-exceptions").size());
        assertEquals(404, admin.get("/api/holidays/99999").statusCode());
        assertEquals("https://qiaoqiao.io/problems/holiday-not-found", json(admin.get("/api/holidays/99999")).getString("type"));

        assertEquals(List.of("shifts.create", "schedule-exceptions.create", "holidays.create", "duty-phones.create", "duty-phones.create",
                "holidays.update", "shifts.delete"), audit("SELECT action FROM operator_audit ORDER BY id"));
    }

    @Test
    void a_holiday_listed_at_the_desk_takes_weekly_shifts_off_and_extra_duty_puts_a_volunteer_back_on() {
        long wangFang = volunteer("王芳");
        LocalDate today = h.studioNow().atZone(STUDIO).toLocalDate();
        admin.post("/api/shifts", "{\"volunteerId\":" + wangFang + ",\"dayOfWeek\":" + today.getDayOfWeek().getValue()
                + ",\"starts\":\"00:00\",\"ends\":\"23:59\"}");
        h.text("+8613900001001", "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText("+8613900001001", 1));
        assertEquals("ranked", whereIs(code, "王芳"), "on shift today");

        HttpResponse<String> holiday = admin.post("/api/holidays", "{\"name\":\"调休\",\"firstDay\":\"" + today + "\",\"lastDay\":\"" + today + "\"}");
        assertEquals(201, holiday.statusCode(), holiday.body());
        assertEquals("rejected:schedules", whereIs(code, "王芳"), "no weekly shift on a holiday");
        assertEquals("ranked", whereIs(code, "李强"), "a volunteer without shifts stays on call (plugin.schedules.unscheduled)");

        String from = today.atStartOfDay(STUDIO).toOffsetDateTime().toString();
        String to = today.plusDays(1).atStartOfDay(STUDIO).toOffsetDateTime().toString();
        assertEquals(201, admin.post("/api/schedule-exceptions", "{\"volunteerId\":" + wangFang + ",\"kind\":\"extra_duty\",\"startsAt\":\"" + from
                + "\",\"endsAt\":\"" + to + "\",\"reason\":\"节日值班\"}").statusCode());
        assertEquals("ranked", whereIs(code, "王芳"), "extra duty on the holiday");
    }

    private String whereIs(String code, String name) {
        JsonObject candidates = json(admin.get("/api/tickets/" + code + "/candidates"));
        for (Object c : candidates.getJsonArray("ranked")) {
            if (((JsonObject) c).getString("name").equals(name)) {
                return "ranked";
            }
        }
        for (Object c : candidates.getJsonArray("rejected")) {
            if (((JsonObject) c).getString("name").equals(name)) {
                return "rejected:" + ((JsonObject) c).getString("rejectedBy");
            }
        }
        return "absent";
    }

    @Test
    void every_download_is_utf8_with_a_byte_order_mark_and_no_cell_can_run_as_a_formula() throws Exception {
        admin.post("/api/residents", "{\"phone\":\"13812345678\",\"name\":\"@吴奶奶\",\"village\":\"西村\",\"villageGroup\":\"一组\","
                + "\"notes\":\"=HYPERLINK(\\\"http://example.invalid\\\",\\\"点我\\\")\"}");
        admin.post("/api/holidays", "{\"name\":\"-春节\",\"firstDay\":\"2026-02-16\",\"lastDay\":\"2026-02-22\"}");
        admin.post("/api/duty-phones", "{\"kind\":\"township-centre\",\"name\":\"+镇服务中心\",\"phone\":\"0571-8500 0000\"}");
        admin.post("/api/shifts", "{\"volunteerId\":" + volunteer("王芳") + ",\"dayOfWeek\":1,\"starts\":\"08:00\",\"ends\":\"12:00\"}");
        admin.post("/api/schedule-exceptions", "{\"volunteerId\":" + volunteer("王芳") + ",\"kind\":\"leave\",\"startsAt\":\"2026-02-14T00:00+08:00\","
                + "\"endsAt\":\"2026-02-20T00:00+08:00\",\"reason\":\"回老家\"}");

        for (String file : List.of("groups", "volunteers", "residents", "family", "shifts", "schedule-exceptions", "holidays", "duty-phones")) {
            byte[] bytes = download(file + ".csv");
            assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3), file + " starts with the UTF-8 BOM");
            String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
            assertTrue(text.contains("\r\n"), file + ": CRLF line ends");
            for (String line : text.split("\r\n")) {
                for (String cell : cells(line)) {
                    assertTrue(cell.isEmpty() || "=+-@".indexOf(cell.charAt(0)) < 0, file + ": cell '" + cell + "' would run as a formula");
                }
            }
        }
        String residents = new String(download("residents.csv"), StandardCharsets.UTF_8);
        assertTrue(residents.contains("\r\n'+8613812345678,'@吴奶奶,西村,一组,,no,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"点我\"\")\"\r\n"),
                residents);
        String holidays = new String(download("holidays.csv"), StandardCharsets.UTF_8);
        assertEquals("\uFEFFname,first_day,last_day\r\n'-春节,2026-02-16,2026-02-22\r\n", holidays);
        String leave = new String(download("schedule-exceptions.csv"), StandardCharsets.UTF_8);
        assertTrue(leave.contains("'+8613900002002,王芳,leave,2026-02-14T00:00+08:00,2026-02-20T00:00+08:00,回老家\r\n"), leave);

        HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/roster/import?kind=residents"))
                .header("Authorization", "Bearer admin-token").POST(HttpRequest.BodyPublishers.ofByteArray(download("residents.csv"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(0, json(again).getJsonObject("imported").getJsonObject("residents").getInteger("updated"),
                "the download, neutralised cells included, imports back unchanged");
        assertEquals("=HYPERLINK(\"http://example.invalid\",\"点我\")", h.sql("SELECT notes FROM residents WHERE phone = '+8613812345678'")
                .iterator().next().getString(0));
    }

    /** The cells of one CSV line as RFC 4180 reads them. */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    private byte[] download(String file) throws Exception {
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/roster/" + file))
                .header("Authorization", "Bearer admin-token").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode(), file);
        assertEquals("text/csv; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(""));
        return answer.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + h.gateway().httpPort() + path);
    }

    private List<String> audit(String sql) {
        List<String> out = new ArrayList<>();
        h.sql(sql).forEach(r -> out.add(r.getString(0)));
        return out;
    }
}
