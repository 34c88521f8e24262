package io.qiaoqiao.gateway.desk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The help ledger page (帮扶台账) in headless Chromium against a whole gateway whose studio clock
 * reads February 3rd, 10:00, as {@code HelpLedgerTest}'s does: a monthly bill paired with a
 * volunteer opens on the 5th, the volunteer declines it by text, it is not done two days after it
 * fell due, and the page shows the resident's item and that occurrence, declined and missed, in
 * the words written out here and as the API has them; the month's 晒单 page counts it, declined
 * and missed. Screenshots are kept.
 */
@Tag("slow")
class DeskHelpLedgerBrowserTest {
    private static final String RESIDENT = "+8613960000001";
    private static final String NAMESAKE = "+8613960000002";
    private static final String PAIRED = "+8613970000001";
    private static final String NEIGHBOUR = "+8613970000002";
    private static final String PASSWORD = "南坡村 2027 台账";
    private static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\nnanpo-1,南坡村一组志愿小组,南坡村,一组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + PAIRED + ",林志强,nanpo-1,,否,是\n"
                    + NEIGHBOUR + ",黄丽,nanpo-1,,否,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n" + RESIDENT + ",陈玉珍,南坡村,一组,,是,85岁\n"
                    + NAMESAKE + ",陈玉兰,南坡村,一组,,否,\n");

    private GatewayHarness h;
    private ApiClient api;
    private DeskBrowser browser;
    private int year;

    @BeforeEach
    void start() throws Exception {
        LocalDateTime studio = StudioTime.nextInCommonYear(MonthDay.of(2, 3), LocalTime.of(10, 0));
        year = studio.getYear();
        Duration offset = StudioTime.offsetTo(studio);
        System.out.println("gateway set to " + studio + " studio time: a monthly item opens on the 5th, two days later");
        h = GatewayHarness.start(Map.of("clock.offset", offset.toString(),
                "api.tokens", "setup:operators.write+help-ledger.read+help-ledger.write:setup-token")).withRoster(ROSTER);
        api = new ApiClient(h.gateway().httpPort(), "setup-token");
        HttpResponse<String> created = api.post("/api/operators", new JsonObject().put("name", "周台账").put("password", PASSWORD)
                .put("scopes", List.of("help-ledger.read", "roster.read", "ledger.read")).encode());
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (h != null) {
            h.close();
        }
    }

    private long id(String table, String phone) {
        return h.count("SELECT id FROM " + table + " WHERE phone = $1", phone);
    }

    private JsonObject item(String body) {
        HttpResponse<String> made = api.post("/api/help-ledger/items", body);
        assertEquals(201, made.statusCode(), made.body());
        return ApiClient.json(made);
    }

    /** The texts of a row's cells (its header cell first), as the page shows them. */
    private List<String> cells(String selector) {
        WebElement row = browser.find(By.cssSelector(selector));
        return row.findElements(By.cssSelector("th, td")).stream().map(c -> c.getText().strip()).toList();
    }

    @Test
    void a_declined_and_missed_monthly_bill_shows_on_the_residents_ledger_as_the_api_has_it() {
        long resident = id("residents", RESIDENT);
        long paired = id("volunteers", PAIRED);
        JsonObject power = item("{\"residentId\":" + resident + ",\"entry\":\"电费 每月5日\",\"volunteerId\":" + paired + "}");
        // The namesake's own item opens on the 17th, after this test's days: on nobody's page here but hers.
        item("{\"residentId\":" + id("residents", NAMESAKE) + ",\"entry\":\"探访 每两周\",\"category\":\"advice\"}");

        h.letTimePass(Duration.ofDays(3), () -> h.count("SELECT count(*) FROM tickets WHERE channel = 'schedule'") == 1);
        String code = h.sql("SELECT code FROM tickets WHERE channel = 'schedule'").iterator().next().getString(0);
        h.awaitTexts(PAIRED, 1);
        h.text(PAIRED, "2 " + code);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                "SELECT count(*) FROM offers o JOIN tickets t ON t.id = o.ticket_id WHERE t.code = $1", code) >= 2);
        h.advance(Duration.ofDays(3));

        JsonObject ledger = ApiClient.json(api.get("/api/help-ledger/residents/" + resident));
        assertNull(ledger.getString("next"), "one page");
        assertEquals(1, ledger.getJsonArray("items").size());
        JsonObject it = ledger.getJsonArray("items").getJsonObject(0);
        assertEquals(List.of(power.getLong("id"), "电费", "每月5日", "林志强", "errand", year + "-03-05"), List.of(it.getLong("id"),
                it.getString("label"), it.getString("scheduleText"), it.getString("volunteer"), it.getString("category"),
                it.getJsonObject("next").getString("nominal")));
        assertEquals(1, ledger.getJsonArray("occurrences").size());
        JsonObject o = ledger.getJsonArray("occurrences").getJsonObject(0);
        assertEquals(List.of("电费", year + "-02-05", year + "-02-05", code, "林志强", "declined", "missed"), List.of(o.getString("label"),
                o.getString("nominalOn"), o.getString("opensOn"), o.getString("ticket"), o.getString("pairedVolunteer"),
                o.getString("pairedAnswer"), o.getString("outcome")));
        assertNull(o.getString("acceptedBy"), "nobody took it on");
        assertNull(o.getString("doneAt"));

        browser = DeskBrowser.open(h.gateway().httpPort());
        browser.signIn("周台账", PASSWORD);
        browser.find(By.xpath("//header//nav/a[normalize-space()='帮扶台账']")).click();
        browser.await().until(ExpectedConditions.urlContains("helpledger.html"));
        assertEquals("page", browser.find(By.xpath("//header//nav/a[normalize-space()='帮扶台账']")).getDomAttribute("aria-current"));

        // By keyboard: the name typed and Enter; both 陈玉… are found, and hers is chosen.
        browser.type(By.id("q"), "陈玉");
        browser.find(By.id("q")).sendKeys(Keys.ENTER);
        browser.await().until(d -> d.findElements(By.cssSelector("#found button")).size() == 2);
        browser.find(By.xpath("//ul[@id='found']//button[normalize-space()='看 陈玉珍 的台账']")).click();
        browser.await().until(ExpectedConditions.textToBe(By.id("who"), "陈玉珍（南坡村 一组）的帮扶台账"));
        assertEquals("who", browser.driver().switchTo().activeElement().getDomAttribute("id"), "the keyboard lands on the ledger");
        assertTrue(browser.driver().getCurrentUrl().endsWith("helpledger.html?resident=" + resident), browser.driver().getCurrentUrl());

        String itemRow = "#item-rows tr[data-item='" + it.getLong("id") + "']";
        assertEquals(List.of("电费", "每月5日", "林志强", "代办", year + "年3月5日", "进行中", ""), cells(itemRow));
        assertEquals(1, browser.driver().findElements(By.cssSelector("#item-rows tr")).size(), "her one item, not the namesake's 探访");
        String occurrenceRow = "#occurrence-rows tr[data-occurrence='" + o.getLong("id") + "']";
        assertEquals(List.of(year + "年2月5日", "电费", code, "林志强：不接", "", "误期未办", ""), cells(occurrenceRow));
        assertEquals(ledger.getJsonArray("occurrences").size(),
                browser.driver().findElements(By.cssSelector("#occurrence-rows tr")).size(), "every occurrence the API has, no more");
        WebElement shown = browser.find(By.cssSelector(occurrenceRow));
        assertEquals(o.getString("outcome"), shown.findElement(By.cssSelector("td[data-outcome]")).getDomAttribute("data-outcome"));
        assertEquals(o.getString("pairedAnswer"), shown.findElement(By.cssSelector("td[data-answer]")).getDomAttribute("data-answer"));
        assertEquals("ticket.html?code=" + code, shown.findElement(By.linkText(code)).getDomAttribute("href"));
        browser.screenshot("helpledger");

        // The address keeps the resident: a reload shows the same ledger without searching again.
        browser.driver().navigate().refresh();
        browser.await().until(ExpectedConditions.textToBe(By.id("who"), "陈玉珍（南坡村 一组）的帮扶台账"));
        assertEquals(List.of(year + "年2月5日", "电费", code, "林志强：不接", "", "误期未办", ""), cells(occurrenceRow));

        // The month's 晒单 page: one due, none done, declined by the paired volunteer, missed.
        browser.go("ledger.html");
        browser.type(By.id("month"), year + "-02");
        browser.find(By.cssSelector("#month-form button[type=submit]")).click();
        browser.await().until(d -> d.findElement(By.id("title")).getText().equals(year + "年02月 晒单"));
        browser.await().until(d -> d.findElements(By.cssSelector("#help tbody tr")).size() == 3);
        assertEquals(List.of("范围", "名称", "应办", "办完", "结对志愿者未接", "误期未办"), cells("#help thead tr"));
        assertEquals(List.of("全镇", "全镇", "1", "0", "1", "1"), cells("#help tbody tr:nth-child(1)"));
        assertEquals(List.of("村", "南坡村", "1", "0", "1", "1"), cells("#help tbody tr:nth-child(2)"));
        assertEquals(List.of("志愿小组", "南坡村一组志愿小组", "1", "0", "1", "1"), cells("#help tbody tr:nth-child(3)"));
        browser.screenshot("ledger-help");
    }
}
