package io.qiaoqiao.gateway.ledger;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static io.qiaoqiao.gateway.testing.GatewayHarness.codeIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger (晒单) of a generated month against numbers this test computes on its own: tickets
 * with known times (some on the month's edges in the studio's zone, which are not UTC's), known
 * villages, groups, ratings, duplicates and deadlines; the JSON, the XLSX cells read back with
 * POI, and the texts the village leaders receive at the SMSC. A ticket that goes through the
 * real loop on the studio clock is counted in its own month too.
 */
class LedgerTest {
    private static final ZoneId STUDIO = ZoneId.of("Asia/Shanghai");
    private static final String[] CATEGORIES = {"ERRAND", "REPAIR", "ADVICE", "MEDIATION", "UNKNOWN"};
    private static final String[] CATEGORY_WORDS = {"代办", "维修", "代言", "调解", "其他"};
    private static final String XICUN_LEADER = "+8613900003101";
    private GatewayHarness h;
    private ApiClient admin;

    /** A generated ticket, as this test knows it. */
    private record Made(String category, String village, String group, String groupName, Instant created, Instant accepted,
                        Instant done, Instant due, Instant closed, boolean duplicate, boolean confirmed, Integer satisfaction) {
    }

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the live ticket is offered at once", Map.of("api.tokens", "admin:*:admin-token"))
                .withDemoRoster();
        admin = new ApiClient(h.gateway().httpPort(), "admin-token");
        h.sql("INSERT INTO volunteer_groups (code, name, village, serves) VALUES ('xicun-1', '西村志愿小组', '西村', '{一组}')");
        h.sql("INSERT INTO volunteers (phone, name, group_id, is_leader) SELECT $1, '周村长', id, true FROM volunteer_groups WHERE code = 'xicun-1'",
                XICUN_LEADER);
        h.sql("INSERT INTO volunteers (phone, name, group_id) SELECT '+8613900003001', '钱多', id FROM volunteer_groups WHERE code = 'xicun-1'");
        h.sql("INSERT INTO residents (phone, name, village, village_group) VALUES ('+8613900004001', '吴奶奶', '西村', '一组')");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** October 2025 in the studio: 60 tickets from a fixed seed, and four on the edges of the month. */
    private List<Made> generateOctober2025() {
        List<String[]> residents = new ArrayList<>();
        h.sql("SELECT id::text, village FROM residents ORDER BY id").forEach(r -> residents.add(new String[] {r.getString(0), r.getString(1)}));
        residents.add(null); // an unregistered sender
        List<String[]> volunteers = new ArrayList<>();
        h.sql("SELECT v.id::text, g.code, g.name FROM volunteers v JOIN volunteer_groups g ON g.id = v.group_id ORDER BY v.id")
                .forEach(r -> volunteers.add(new String[] {r.getString(0), r.getString(1), r.getString(2)}));
        Random random = new Random(20251031);
        Instant start = ZonedDateTime.of(2025, 10, 1, 0, 0, 0, 0, STUDIO).toInstant();
        long month = Duration.ofDays(31).toSeconds();
        List<Instant> created = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            created.add(start.plusSeconds(random.nextLong(month)));
        }
        created.add(ZonedDateTime.of(2025, 10, 1, 0, 0, 0, 0, STUDIO).toInstant());       // 2025-09-30T16:00Z: October in the studio
        created.add(ZonedDateTime.of(2025, 10, 31, 23, 59, 59, 0, STUDIO).toInstant());   // still October
        Instant september = ZonedDateTime.of(2025, 9, 30, 23, 59, 59, 0, STUDIO).toInstant();
        Instant november = ZonedDateTime.of(2025, 11, 1, 0, 0, 0, 0, STUDIO).toInstant(); // 2025-10-31T16:00Z: November in the studio
        created.add(september);
        created.add(november);
        List<Made> inOctober = new ArrayList<>();
        int n = 0;
        for (Instant at : created) {
            // Every resident (and the unregistered sender) in turn, so every village has its line.
            String[] resident = residents.get(n % residents.size());
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            boolean duplicate = random.nextInt(12) == 0;
            String[] volunteer = !duplicate && random.nextInt(5) != 0 ? volunteers.get(random.nextInt(volunteers.size())) : null;
            Instant accepted = volunteer == null ? null : at.plusSeconds(60 + random.nextInt(7200));
            Instant due = accepted == null ? null : accepted.plus(Duration.ofDays(2));
            Instant done = accepted != null && random.nextInt(10) < 7 ? accepted.plusSeconds(3600 + random.nextInt(3 * 86400)) : null;
            Instant closed = duplicate ? at.plusSeconds(600) : null;
            boolean rated = done != null && random.nextInt(5) != 0;
            boolean confirmed = rated && random.nextInt(10) != 0;
            Integer satisfaction = rated && random.nextInt(6) != 0 ? 1 + random.nextInt(5) : null;
            String status = duplicate ? "closed" : done != null ? "done" : accepted != null ? "accepted" : "offered";
            h.sql("""
                    INSERT INTO tickets (code, channel, kind, resident_id, requester_phone, registered, category, urgency, status, text,
                                         created_at, accepted_at, accepted_by, done_at, due_at, closed_at, close_kind, rating_done,
                                         rating_satisfaction, rated_at)
                    VALUES ($1, 'sms', 'request', $2, '+8613900000000', $3, $4, 'NORMAL', $5, '生成的求助', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""",
                    "L" + (++n), resident == null ? null : Long.parseLong(resident[0]), resident != null, category, status, utc(at), utc(accepted),
                    volunteer == null ? null : Long.parseLong(volunteer[0]), utc(done), utc(due), utc(closed), duplicate ? "duplicate" : null,
                    rated ? confirmed : null, satisfaction, rated ? utc(done.plusSeconds(3600)) : null);
            if (!at.equals(september) && !at.equals(november)) {
                inOctober.add(new Made(category, resident == null ? "未登记" : resident[1], volunteer == null ? "未接单" : volunteer[1],
                        volunteer == null ? "未接单" : volunteer[2], at, accepted, done, due, closed, duplicate, confirmed, satisfaction));
            }
        }
        return inOctober;
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
    }

    /** The numbers of one set of tickets, computed here, with BigDecimal, as the ledger's definition says. */
    private static JsonObject expected(List<Made> tickets, Instant now) {
        List<Made> requests = tickets.stream().filter(t -> !t.duplicate()).toList();
        JsonObject byCategory = new JsonObject();
        for (String c : CATEGORIES) {
            byCategory.put(c, (int) requests.stream().filter(t -> t.category().equals(c)).count());
        }
        int completed = (int) requests.stream().filter(Made::confirmed).count();
        List<Long> accept = requests.stream().filter(t -> t.accepted() != null).map(t -> t.accepted().getEpochSecond() - t.created().getEpochSecond()).toList();
        List<Long> finish = requests.stream().filter(t -> t.done() != null).map(t -> t.done().getEpochSecond() - t.created().getEpochSecond()).toList();
        List<Integer> scores = requests.stream().map(Made::satisfaction).filter(s -> s != null).toList();
        int overdue = (int) requests.stream().filter(t -> t.due() != null
                && (t.done() != null ? t.done() : t.closed() != null ? t.closed() : now).isAfter(t.due())).count();
        return new JsonObject().put("requests", requests.size()).put("byCategory", byCategory).put("completed", completed)
                .put("completionRate", requests.isEmpty() ? null
                        : BigDecimal.valueOf(completed).divide(BigDecimal.valueOf(requests.size()), 4, RoundingMode.HALF_UP).doubleValue())
                .put("accepted", accept.size()).put("avgAcceptSeconds", mean(accept))
                .put("finished", finish.size()).put("avgFinishSeconds", mean(finish))
                .put("rated", scores.size()).put("satisfaction", scores.isEmpty() ? null
                        : BigDecimal.valueOf(scores.stream().mapToInt(Integer::intValue).sum())
                        .divide(BigDecimal.valueOf(scores.size()), 2, RoundingMode.HALF_UP).doubleValue())
                .put("overdue", overdue).put("duplicates", tickets.size() - requests.size());
    }

    private static Long mean(List<Long> seconds) {
        return seconds.isEmpty() ? null : BigDecimal.valueOf(seconds.stream().mapToLong(Long::longValue).sum())
                .divide(BigDecimal.valueOf(seconds.size()), 0, RoundingMode.HALF_UP).longValue();
    }

    private static Map<String, List<Made>> by(List<Made> tickets, Function<Made, String> key) {
        Map<String, List<Made>> out = new TreeMap<>();
        tickets.forEach(t -> out.computeIfAbsent(key.apply(t), k -> new ArrayList<>()).add(t));
        return out;
    }

    @Test
    void the_month_in_json_matches_numbers_computed_independently_per_township_village_and_group() {
        List<Made> october = generateOctober2025();
        assertEquals(62, october.size());
        HttpResponse<String> answer = admin.get("/api/ledger?month=2025-10");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject ledger = json(answer);
        Instant now = h.studioNow();
        assertEquals("2025-10", ledger.getString("month"));
        assertEquals(expected(october, now), ledger.getJsonObject("township"));

        Map<String, JsonObject> villages = new LinkedHashMap<>();
        ledger.getJsonArray("villages").forEach(v -> villages.put(((JsonObject) v).getString("village"), (JsonObject) v));
        Map<String, List<Made>> byVillage = by(october, Made::village);
        assertEquals(byVillage.keySet(), villages.keySet());
        byVillage.forEach((village, tickets) -> {
            JsonObject line = villages.get(village).copy();
            line.remove("village");
            assertEquals(expected(tickets, now), line, village);
        });
        Map<String, JsonObject> groups = new LinkedHashMap<>();
        ledger.getJsonArray("groups").forEach(g -> groups.put(((JsonObject) g).getString("group"), (JsonObject) g));
        Map<String, List<Made>> byGroup = by(october, Made::group);
        assertEquals(byGroup.keySet(), groups.keySet());
        byGroup.forEach((group, tickets) -> {
            JsonObject line = groups.get(group).copy();
            assertEquals(tickets.get(0).groupName(), line.remove("groupName"), group);
            line.remove("group");
            assertEquals(expected(tickets, now), line, group);
        });
        assertTrue(villages.containsKey("未登记") && groups.containsKey("未接单"), "the unregistered and the unaccepted have their lines");
        assertEquals(0, json(admin.get("/api/ledger?month=2025-08")).getJsonObject("township").getInteger("requests"));
        assertEquals(400, admin.get("/api/ledger?month=October").statusCode());
    }

    @Test
    void the_workbook_holds_the_same_numbers_in_cells_read_back_with_poi() throws Exception {
        List<Made> october = generateOctober2025();
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + h.gateway().httpPort() + "/api/ledger.xlsx?month=2025-10"))
                .header("Authorization", "Bearer admin-token").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.headers().firstValue("Content-Disposition").orElse("").contains("filename*=UTF-8''%E6%99%92%E5%8D%95-2025-10.xlsx"),
                answer.headers().toString());
        Instant now = h.studioNow();
        List<String> header = List.of("求助件数", "代办", "维修", "代言", "调解", "其他", "办结件数", "办结率", "接单件数", "平均接单用时（分钟）",
                "办完件数", "平均办完用时（小时）", "评价件数", "满意度", "超期件数", "重复件数");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(answer.body()))) {
            assertEquals(List.of("全镇", "按村", "按志愿小组"), List.of(book.getSheetName(0), book.getSheetName(1), book.getSheetName(2)));
            Sheet township = book.getSheet("全镇");
            assertEquals("2025年10月 晒单（全镇）", township.getRow(0).getCell(0).getStringCellValue());
            assertEquals(header, texts(township.getRow(1), 1));
            assertRow(township.getRow(2), 1, expected(october, now));

            Sheet villages = book.getSheet("按村");
            assertEquals("村", villages.getRow(1).getCell(0).getStringCellValue());
            int row = 2;
            for (var entry : by(october, Made::village).entrySet()) {
                assertEquals(entry.getKey(), villages.getRow(row).getCell(0).getStringCellValue());
                assertRow(villages.getRow(row), 1, expected(entry.getValue(), now));
                row++;
            }
            assertNull(villages.getRow(row), "one row per village");

            Sheet groups = book.getSheet("按志愿小组");
            assertEquals(List.of("小组代码", "小组名称"), texts(groups.getRow(1), 0).subList(0, 2));
            row = 2;
            for (var entry : by(october, Made::group).entrySet()) {
                assertEquals(entry.getKey(), groups.getRow(row).getCell(0).getStringCellValue());
                assertEquals(entry.getValue().get(0).groupName(), groups.getRow(row).getCell(1).getStringCellValue());
                assertRow(groups.getRow(row), 2, expected(entry.getValue(), now));
                row++;
            }
            Cell rate = township.getRow(2).getCell(1 + 7);
            assertEquals("0.0%", rate.getCellStyle().getDataFormatString(), "the rate is shown as a percentage");
        }
    }

    private static List<String> texts(Row row, int from) {
        List<String> out = new ArrayList<>();
        for (int c = from; c < row.getLastCellNum(); c++) {
            out.add(row.getCell(c).getStringCellValue());
        }
        return out;
    }

    /** The cells from {@code first} on, against the expected numbers, units as the header says. */
    private static void assertRow(Row row, int first, JsonObject e) {
        List<Double> cells = new ArrayList<>();
        for (int c = first; c < first + 16; c++) {
            Cell cell = row.getCell(c);
            cells.add(cell == null || cell.getCellType() == CellType.BLANK ? null : cell.getNumericCellValue());
        }
        List<Double> wanted = new ArrayList<>();
        wanted.add((double) e.getInteger("requests"));
        for (String c : CATEGORIES) {
            wanted.add((double) e.getJsonObject("byCategory").getInteger(c));
        }
        wanted.add((double) e.getInteger("completed"));
        wanted.add(e.getDouble("completionRate"));
        wanted.add((double) e.getInteger("accepted"));
        wanted.add(e.getLong("avgAcceptSeconds") == null ? null
                : BigDecimal.valueOf(e.getLong("avgAcceptSeconds")).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP).doubleValue());
        wanted.add((double) e.getInteger("finished"));
        wanted.add(e.getLong("avgFinishSeconds") == null ? null
                : BigDecimal.valueOf(e.getLong("avgFinishSeconds")).divide(BigDecimal.valueOf(3600), 1, RoundingMode.HALF_UP).doubleValue());
        wanted.add((double) e.getInteger("rated"));
        wanted.add(e.getDouble("satisfaction"));
        wanted.add((double) e.getInteger("overdue"));
        wanted.add((double) e.getInteger("duplicates"));
        assertEquals(wanted, cells, row.getSheet().getSheetName() + " row " + row.getRowNum());
    }

    @Test
    void each_villages_line_reaches_its_leaders_at_the_smsc_and_each_village_is_audited() {
        List<Made> october = generateOctober2025();
        HttpResponse<String> sent = admin.post("/api/ledger/send", "{\"month\":\"2025-10\"}");
        assertEquals(200, sent.statusCode(), sent.body());
        Instant now = h.studioNow();
        JsonObject xicun = expected(by(october, Made::village).get("西村"), now);
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < CATEGORIES.length; i++) {
            int count = xicun.getJsonObject("byCategory").getInteger(CATEGORIES[i]);
            if (count > 0) {
                categories.add(CATEGORY_WORDS[i] + count + "件");
            }
        }
        String text = "【桥桥】2025年10月西村晒单：收到求助" + xicun.getInteger("requests") + "件（" + String.join("、", categories) + "），办结率"
                + (xicun.getDouble("completionRate") == null ? "—" : BigDecimal.valueOf(xicun.getDouble("completionRate")).movePointRight(2)
                        .setScale(0, RoundingMode.HALF_UP) + "%")
                + "，平均" + (xicun.getLong("avgAcceptSeconds") == null ? "—" : minutesAndHours(xicun.getLong("avgAcceptSeconds"))) + "接单，满意度"
                + (xicun.getDouble("satisfaction") == null ? "暂无" : xicun.getDouble("satisfaction") + "分") + "，超期" + xicun.getInteger("overdue") + "件。";
        assertEquals(text, h.awaitText(XICUN_LEADER, 1));
        for (String leader : List.of("+8613900002101", "+8613900002102", "+8613900002111", "+8613900002112", "+8613900002121", "+8613900002122")) {
            assertTrue(h.awaitText(leader, 1).startsWith("【桥桥】2025年10月桥头村晒单：收到求助"), leader);
        }
        Awaitility.await().until(() -> h.count("SELECT count(*) FROM outbox WHERE purpose = 'ledger' AND status IN ('sent', 'delivered')") == 7);
        assertEquals(0, h.smsc.textsTo("+8613900002001").size(), "members who are not leaders get nothing");
        assertEquals(List.of("village:桥头村", "village:西村"), strings("SELECT target FROM operator_audit WHERE action = 'ledger.send' ORDER BY target"));
        JsonArray lines = json(sent).getJsonArray("sent");
        assertEquals(2, lines.size(), "the unregistered line has no leaders to tell");
    }

    /** 38分钟, 2小时5分钟, as people read a duration. */
    private static String minutesAndHours(long seconds) {
        long minutes = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 0, RoundingMode.HALF_UP).longValue();
        if (minutes < 60) {
            return minutes + "分钟";
        }
        if (minutes < 24 * 60) {
            return minutes / 60 + "小时" + (minutes % 60 == 0 ? "" : minutes % 60 + "分钟");
        }
        return minutes / 60 / 24 + "天" + (minutes / 60 % 24 == 0 ? "" : minutes / 60 % 24 + "小时");
    }

    @Test
    void a_ticket_that_went_through_the_loop_on_the_studio_clock_is_counted_in_its_month() {
        h.text("+8613900001001", "我家电视遥控器坏了，看不了戏曲频道");
        String code = codeIn(h.awaitText("+8613900001001", 1));
        h.awaitText("+8613900002001", 1);
        h.advance(Duration.ofMinutes(2));
        h.text("+8613900002001", "1 " + code);
        Awaitility.await().until(() -> h.ticketStatus(code).equals("accepted"));
        h.advance(Duration.ofHours(2));
        h.text("+8613900002001", "D " + code);
        Awaitility.await().until(() -> h.ticketStatus(code).equals("done"));
        assertEquals(200, admin.post("/api/tickets/" + code + "/rating", "{\"done\":true,\"satisfaction\":5}").statusCode());

        var row = h.sql("SELECT created_at, accepted_at, done_at FROM tickets WHERE code = $1", code).iterator().next();
        long accept = Duration.between(row.getOffsetDateTime(0), row.getOffsetDateTime(1)).toMillis();
        long finish = Duration.between(row.getOffsetDateTime(0), row.getOffsetDateTime(2)).toMillis();
        JsonObject month = json(admin.get("/api/ledger")).getJsonObject("township");
        assertEquals(1, month.getInteger("requests"));
        assertEquals(1, month.getInteger("completed"));
        assertEquals(1.0, month.getDouble("completionRate"));
        assertEquals(Math.round(accept / 1000.0), month.getLong("avgAcceptSeconds"));
        assertTrue(month.getLong("avgAcceptSeconds") >= 120 && month.getLong("avgAcceptSeconds") < 150, "two minutes on the studio clock");
        assertEquals(Math.round(finish / 1000.0), month.getLong("avgFinishSeconds"));
        assertTrue(month.getLong("avgFinishSeconds") >= 2 * 3600 + 120, "and two hours more to finish");
        assertEquals(5.0, month.getDouble("satisfaction"));
        assertEquals(0, month.getInteger("overdue"));
        assertEquals(java.time.YearMonth.from(h.studioNow().atZone(STUDIO)).toString(), json(admin.get("/api/ledger")).getString("month"),
                "without month: the studio clock's");
    }

    private List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        h.sql(sql).forEach(r -> out.add(r.getString(0)));
        return out;
    }
}
