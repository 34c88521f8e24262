package io.qiaoqiao.gateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The month's 晒单 shows the one-to-one help ledger: on a studio clock set to early February, a
 * monthly power bill the paired volunteer declines (a neighbour does it) and a monthly water bill
 * the paired volunteer takes and never finishes (missed two days after it fell due) are counted
 * in February's JSON and in the workbook's 帮扶台账 sheet, read as a studio worker reads it.
 */
class LedgerRecurringHelpTest {
    static final String RESIDENT = "+8613960000001";
    static final String PAIRED = "+8613970000001";
    static final String MEMBER = "+8613970000002";
    static final String LEADER = "+8613970000011";
    static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\nnanpo-1,南坡村一组志愿小组,南坡村,一组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + PAIRED + ",林志强,nanpo-1,,否,是\n"
                    + MEMBER + ",黄丽,nanpo-1,,否,是\n" + LEADER + ",郑组长,nanpo-1,,是,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n" + RESIDENT + ",陈玉珍,南坡村,一组,,是,85岁\n");

    private GatewayHarness h;
    private ApiClient api;
    private String february;

    @BeforeEach
    void start() throws Exception {
        LocalDateTime studio = StudioTime.nextInCommonYear(MonthDay.of(2, 3), LocalTime.of(10, 0));
        february = studio.getYear() + "-02";
        System.out.println("gateway set to " + studio + " studio time: the bills fall due on February's 5th and 10th");
        h = GatewayHarness.start(Map.of("clock.offset", StudioTime.offsetTo(studio).toString(),
                "api.tokens", "studio:help-ledger.write+ledger.read:studio-token")).withRoster(ROSTER);
        api = new ApiClient(h.gateway().httpPort(), "studio-token");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private List<String> scheduleTickets() {
        List<String> out = new ArrayList<>();
        h.sql("SELECT code FROM tickets WHERE channel = 'schedule' ORDER BY id").forEach(r -> out.add(r.getString(0)));
        return out;
    }

    private void item(String entry) {
        long resident = h.count("SELECT id FROM residents WHERE phone = $1", RESIDENT);
        long paired = h.count("SELECT id FROM volunteers WHERE phone = $1", PAIRED);
        HttpResponse<String> made = api.post("/api/help-ledger/items",
                "{\"residentId\":" + resident + ",\"entry\":\"" + entry + "\",\"volunteerId\":" + paired + "}");
        assertEquals(201, made.statusCode(), made.body());
    }

    private void awaitStatus(String code, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.ticketStatus(code).equals(status));
    }

    @Test
    void a_declined_and_a_missed_monthly_occurrence_show_in_the_months_json_and_workbook() throws Exception {
        item("电费 每月5日");
        item("水费 每月10日");

        h.letTimePass(Duration.ofDays(3), () -> scheduleTickets().size() == 1);
        String power = scheduleTickets().getFirst();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.offeredTo(power).equals(List.of(PAIRED)));
        h.awaitTexts(PAIRED, 1);
        h.text(PAIRED, "2 " + power);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.offeredTo(power).size() >= 2);
        String neighbour = h.offeredTo(power).get(1);
        h.text(neighbour, "1 " + power);
        awaitStatus(power, "accepted");
        h.text(neighbour, "D " + power);
        awaitStatus(power, "done");

        h.letTimePass(Duration.ofDays(6), () -> scheduleTickets().size() == 2);
        String water = scheduleTickets().get(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.offeredTo(water).equals(List.of(PAIRED)));
        h.text(PAIRED, "1 " + water);
        awaitStatus(water, "accepted");
        h.advance(Duration.ofDays(3));

        JsonObject figures = new JsonObject().put("due", 2).put("done", 1).put("declined", 1).put("missed", 1);
        JsonObject help = ApiClient.json(api.get("/api/ledger?month=" + february)).getJsonObject("helpLedger");
        assertEquals(figures, help.getJsonObject("township"), "the power bill declined (then done), the water bill missed");
        assertEquals(new JsonArray().add(figures.copy().put("village", "南坡村")), help.getJsonArray("villages"));
        assertEquals(new JsonArray().add(figures.copy().put("group", "nanpo-1").put("groupName", "南坡村一组志愿小组")),
                help.getJsonArray("groups"), "counted for the paired volunteer's group");

        HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + h.gateway().httpPort() + "/api/ledger.xlsx?month=" + february))
                .header("Authorization", "Bearer studio-token").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xlsx.statusCode());
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = book.getSheet("帮扶台账");
            assertTrue(sheet != null, "a sheet for the help ledger");
            assertEquals(List.of("范围", "名称", "应办次数", "办完次数", "结对志愿者未接次数", "误期未办次数"), words(sheet.getRow(1)));
            assertEquals(List.of("全镇", "全镇", "2", "1", "1", "1"), words(sheet.getRow(2)));
            assertEquals(List.of("村", "南坡村", "2", "1", "1", "1"), words(sheet.getRow(3)));
            assertEquals(List.of("志愿小组", "南坡村一组志愿小组", "2", "1", "1", "1"), words(sheet.getRow(4)));
            assertEquals(4, sheet.getLastRowNum(), "one row for the township, the village and the group");
        }
    }

    /** A row's cells as Excel shows them. */
    private static List<String> words(Row row) {
        DataFormatter shown = new DataFormatter();
        List<String> out = new ArrayList<>();
        row.forEach(cell -> out.add(shown.formatCellValue(cell)));
        return out;
    }
}
