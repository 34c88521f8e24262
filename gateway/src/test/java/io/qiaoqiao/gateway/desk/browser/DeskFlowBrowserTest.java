package io.qiaoqiao.gateway.desk.browser;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The desk's day in a real browser (headless Chromium) against a whole gateway on the embedded
 * database and the simulated SMSC: an operator account is made through the accounts API, signs
 * in, sees a resident's text appear in the queue live, opens it, reassigns it to a volunteer
 * chosen from routing's candidates (whose phone gets the assignment at the SMSC), sets a
 * deadline, closes it, takes down the resident's rating, and downloads the month's ledger,
 * whose cells are checked against counts this test keeps itself.
 */
@Tag("slow")
class DeskFlowBrowserTest {
    private static final ZoneId STUDIO = ZoneId.of("Asia/Shanghai");
    private static final String WANG_XIUYING = "+8613900001001";
    private static final String LIU_GUILAN = "+8613900001002";
    private static final String ZHANG_WEI = "+8613900002001";
    private static final String WANG_FANG = "+8613900002002";
    private static final String OPERATOR = "张站长";
    private static final String PASSWORD = "桥头村 2026 春";
    private GatewayHarness h;
    private DeskBrowser browser;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a resident's text is offered to a volunteer at once only outside quiet hours",
                Map.of("api.tokens", "setup:operators.write+tickets.read+tickets.write+roster.read:setup-token")).withDemoRoster();
        browser = DeskBrowser.open(h.gateway().httpPort());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        h.close();
    }

    @Test
    void a_text_appears_live_is_reassigned_given_a_deadline_closed_rated_and_counted_in_the_ledger_download() throws Exception {
        ApiClient setup = new ApiClient(h.gateway().httpPort(), "setup-token");
        var created = setup.post("/api/operators", new JsonObject().put("name", OPERATOR).put("password", PASSWORD)
                .put("scopes", List.of("*")).encode());
        assertEquals(201, created.statusCode(), created.body());

        browser.signIn(OPERATOR, PASSWORD);
        browser.find(By.id("live"));
        browser.await().until(ExpectedConditions.textToBe(By.id("live"), "实时更新中：新求助会自己出现，不用刷新"));
        browser.script("window.sameDocument = 'still the page first loaded'");
        assertEquals(0, browser.driver().findElements(By.cssSelector("#rows tr")).size(), "a fresh studio: nothing in the queue");

        h.text(WANG_XIUYING, "我家电视遥控器坏了，看不了戏曲频道");
        String code = GatewayHarness.codeIn(h.awaitText(WANG_XIUYING, 1));
        By row = By.cssSelector("#rows tr[data-code='" + code + "']");
        browser.find(row);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> browser.driver().findElement(row).getText().contains("等待接单"));
        assertEquals("still the page first loaded", browser.script("return window.sameDocument"), "the row came without a reload");
        String rowText = browser.driver().findElement(row).getText();
        assertTrue(rowText.contains("维修") && rowText.contains("王秀英") && rowText.contains("桥头村"), rowText);
        browser.screenshot("queue");
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        browser.screenshot("queue-phone");
        browser.driver().manage().window().setSize(new Dimension(1280, 1000));

        browser.driver().findElement(By.linkText(code)).click();
        browser.await().until(ExpectedConditions.textToBe(By.id("title"), "求助 " + code));
        browser.await().until(d -> d.findElement(By.id("timeline")).getText().contains("我家电视遥控器坏了，看不了戏曲频道"));
        WebFacts facts = new WebFacts(browser);
        assertEquals("等待接单", facts.value("状态"));
        String wangFangId = browser.find(By.xpath("//table[@id='candidate-table']//tr[td/label[normalize-space()='王芳']]//input"))
                .getAttribute("value");
        String wangFangRow = browser.driver().findElement(By.xpath("//table[@id='candidate-table']//tr[td/label[normalize-space()='王芳']]")).getText();
        assertTrue(wangFangRow.contains("同组"), "distance shown: " + wangFangRow);
        assertTrue(wangFangRow.contains("qiaotou-1"), wangFangRow);
        assertFalse(browser.driver().findElement(By.id("candidate-table")).getText().contains("张伟"), "already offered: no candidate");
        browser.driver().findElement(By.cssSelector("label[for='candidate-" + wangFangId + "']")).click();
        browser.type(By.id("reassign-reason"), "王芳就住在一组，离得最近");
        browser.driver().findElement(By.cssSelector("#reassign button[type=submit]")).click();
        assertEquals("已改派。", browser.message());

        String assigned = h.awaitText(WANG_FANG, 1);
        assertTrue(assigned.startsWith("【桥桥】工作人员将求助" + code + "（维修）派给您：王秀英，桥头村一组，电话"), assigned);
        assertTrue(assigned.endsWith("请尽快联系求助人，办完回复D " + code + "。"), assigned);
        browser.await().until(d -> new WebFacts(browser).value("志愿者").equals("王芳"));
        assertEquals("已接单", new WebFacts(browser).value("状态"));
        assertEquals("accepted", h.ticketStatus(code));
        assertTrue(h.awaitText(ZHANG_WEI, 1).startsWith("【桥桥】新求助" + code + "（维修）：王秀英，桥头村一组"), "张伟 had the first offer");

        ZonedDateTime due = h.studioNow().atZone(STUDIO).plusDays(1).withHour(17).withMinute(0).withSecond(0).withNano(0);
        browser.type(By.id("due"), due.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        browser.type(By.id("deadline-reason"), "居民说明天下午在家");
        browser.driver().findElement(By.cssSelector("#deadline button[type=submit]")).click();
        assertEquals("已设定期限。", browser.message());
        Awaitility.await().until(() -> due.toInstant().equals(h.sql("SELECT due_at FROM tickets WHERE code = $1", code).iterator().next()
                .getOffsetDateTime(0).toInstant()));
        String shownDue = due.getMonthValue() + "/" + due.getDayOfMonth() + " 17:00";
        browser.await().until(d -> new WebFacts(browser).value("期限").equals(shownDue));

        browser.choose(By.id("close-kind"), "solved");
        browser.type(By.id("close-reason"), "电话回访，遥控器已经换好");
        browser.driver().findElement(By.cssSelector("#close button[type=submit]")).click();
        assertEquals("已办结。", browser.message());
        Awaitility.await().until(() -> h.ticketStatus(code).equals("closed"));
        browser.await().until(d -> new WebFacts(browser).value("状态").equals("已办结"));

        browser.choose(By.id("rating-done"), "true");
        browser.choose(By.id("satisfaction"), "4");
        browser.driver().findElement(By.cssSelector("#rating button[type=submit]")).click();
        assertEquals("已记下评价。", browser.message());
        browser.await().until(d -> new WebFacts(browser).value("评价").equals("办好了，满意度 4"));
        String timeline = browser.driver().findElement(By.id("timeline")).getText();
        for (String step : List.of("收到求助", "改派", "王芳就住在一组，离得最近", "设定期限", "办结", "电话回访，遥控器已经换好", "评价", "发出短信 → 王芳", "状态：")) {
            assertTrue(timeline.contains(step), "the timeline shows " + step + ": " + timeline);
        }
        assertEquals(List.of("ticket.reassign", "ticket.deadline", "ticket.close", "ticket.rate"), audit(code),
                "each action an audited API call by the operator");
        browser.screenshot("ticket");

        // A second request of the month, entered for 刘桂兰 and left waiting: counted, never accepted.
        long liu = h.sql("SELECT id FROM residents WHERE phone = $1", LIU_GUILAN).iterator().next().getLong(0);
        var second = setup.post("/api/tickets", new JsonObject().put("residentId", liu).put("heardVia", "phone").put("text", "帮我去镇上交电费")
                .put("category", "errand").encode());
        assertEquals(201, second.statusCode(), second.body());

        browser.go("ledger.html");
        browser.await().until(d -> !d.findElement(By.id("township")).getText().isBlank());
        String month = h.studioNow().atZone(STUDIO).format(DateTimeFormatter.ofPattern("yyyy-MM"));
        assertEquals("/api/ledger.xlsx?month=" + month, browser.find(By.id("xlsx")).getDomAttribute("href"));
        browser.screenshot("ledger");
        browser.driver().findElement(By.id("xlsx")).click();
        Path xlsx = browser.awaitDownload(".xlsx");

        JsonObject first = json(setup.get("/api/tickets/" + code));
        checkLedger(xlsx, month, first);
    }

    /** The workbook's cells against what this test did: two requests in 桥头村, one accepted by 王芳 (qiaotou-1), closed, rated 4. */
    private void checkLedger(Path xlsx, String month, JsonObject first) throws Exception {
        Instant createdAt = Instant.parse(first.getString("createdAt"));
        Instant acceptedAt = Instant.parse(first.getString("acceptedAt"));
        Double acceptMinutes = Math.round(Duration.between(createdAt, acceptedAt).toMillis() / 60_000.0 * 10) / 10.0;
        boolean finished = first.getString("doneAt") != null;
        Double finishHours = finished ? Math.round(Duration.between(createdAt, Instant.parse(first.getString("doneAt"))).toMillis()
                / 3_600_000.0 * 10) / 10.0 : null;
        List<Object> header = List.of("求助件数", "代办", "维修", "代言", "调解", "其他", "办结件数", "办结率", "接单件数", "平均接单用时（分钟）",
                "办完件数", "平均办完用时（小时）", "评价件数", "满意度", "超期件数", "重复件数");
        String[] ym = month.split("-");
        String title = ym[0] + "年" + Integer.parseInt(ym[1]) + "月 晒单";
        try (InputStream in = Files.newInputStream(xlsx); Workbook book = WorkbookFactory.create(in)) {
            assertEquals(List.of("全镇", "按村", "按志愿小组"), List.of(book.getSheetName(0), book.getSheetName(1), book.getSheetName(2)));
            Sheet township = book.getSheet("全镇");
            assertEquals(title + "（全镇）", township.getRow(0).getCell(0).getStringCellValue());
            assertEquals(header, cells(township.getRow(1), 1, 17));
            List<Object> both = new ArrayList<>(List.of(2.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.5, 1.0, acceptMinutes, finished ? 1.0 : 0.0));
            both.addAll(java.util.Arrays.asList(finishHours, 1.0, 4.0, 0.0, 0.0));
            assertEquals("全镇", township.getRow(2).getCell(0).getStringCellValue());
            assertEquals(withAcceptMinutes(both, township.getRow(2), 10), cells(township.getRow(2), 1, 17));

            Sheet villages = book.getSheet("按村");
            assertEquals("村", villages.getRow(1).getCell(0).getStringCellValue());
            assertEquals("桥头村", villages.getRow(2).getCell(0).getStringCellValue());
            assertEquals(withAcceptMinutes(both, villages.getRow(2), 10), cells(villages.getRow(2), 1, 17));
            assertNull(villages.getRow(3), "one village");

            Sheet groups = book.getSheet("按志愿小组");
            Row qiaotou1 = null;
            Row nobody = null;
            for (int r = 2; r <= groups.getLastRowNum(); r++) {
                String key = groups.getRow(r).getCell(0).getStringCellValue();
                if (key.equals("qiaotou-1")) {
                    qiaotou1 = groups.getRow(r);
                } else {
                    nobody = groups.getRow(r);
                }
            }
            assertEquals(3, groups.getLastRowNum(), "two lines: 王芳's group and nobody's");
            assertNotNull(qiaotou1);
            assertEquals("桥头村一组志愿小组", qiaotou1.getCell(1).getStringCellValue());
            List<Object> hers = new ArrayList<>(List.of(1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, acceptMinutes, finished ? 1.0 : 0.0));
            hers.addAll(java.util.Arrays.asList(finishHours, 1.0, 4.0, 0.0, 0.0));
            assertEquals(withAcceptMinutes(hers, qiaotou1, 11), cells(qiaotou1, 2, 18));
            assertEquals(java.util.Arrays.asList(1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, null, 0.0, null, 0.0, null, 0.0, 0.0),
                    cells(nobody, 2, 18), "the waiting request: nobody accepted it");
        }
    }

    /**
     * The mean time to accept as the workbook has it, once it is within one rounding step (0.1
     * minute) of this test's own figure from the ticket's instants: the ledger counts whole
     * seconds, this test milliseconds, and a real second or two passes between text and reassign.
     */
    private static List<Object> withAcceptMinutes(List<Object> expected, Row row, int column) {
        double cell = row.getCell(column).getNumericCellValue();
        double mine = (Double) expected.get(9);
        assertTrue(Math.abs(cell - mine) <= 0.1 + 1e-9, "mean minutes to accept: the workbook's " + cell + ", this test's " + mine);
        List<Object> out = new ArrayList<>(expected);
        out.set(9, cell);
        return out;
    }

    private static List<Object> cells(Row row, int from, int to) {
        List<Object> out = new ArrayList<>();
        for (int c = from; c < to; c++) {
            Cell cell = row.getCell(c);
            out.add(cell == null ? null : switch (cell.getCellType()) {
                case NUMERIC -> cell.getNumericCellValue();
                case STRING -> cell.getStringCellValue();
                default -> null;
            });
        }
        return out;
    }

    private List<String> audit(String code) {
        List<String> out = new ArrayList<>();
        h.sql("SELECT action FROM operator_audit WHERE target = $1 AND operator = $2 ORDER BY id", "ticket:" + code, "operator:" + OPERATOR)
                .forEach(r -> out.add(r.getString(0)));
        return out;
    }
}
