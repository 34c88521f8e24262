package io.qiaoqiao.gateway.desk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.reach.FakeTrunk.Resident;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
 * The check-ins page (问安电话) in headless Chromium against a whole gateway whose studio clock
 * reads 08:00 and whose trunk is the captured AMI peer and FastAGI sessions, as
 * {@code CheckInTest}'s: of two residents living alone, one answers the morning's call with 1 and
 * the other is called three times without an answer, which opens an urgent ticket. The page shows
 * that day's check-ins as the API has them, the missed one with its ticket linked; stopping the
 * second resident's check-ins on the page stops them (the API says so, and the next morning calls
 * only the first); a third resident is signed up from the page. A screenshot is kept.
 */
@Tag("slow")
class DeskCheckInsBrowserTest {
    private static final String ANSWERS = "+8613980000101";
    private static final String MISSES = "+8613980000102";
    private static final String ASKS = "+8613980000103";
    private static final String NEAR = "+8613990000101";
    private static final String PASSWORD = "北湾村 2026 问安";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\nbeiwan-1,北湾村一组志愿小组,北湾村,一组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + NEAR + ",许强,beiwan-1,,否,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n" + ANSWERS + ",孙奶奶,北湾村,一组,,是,\n"
                    + MISSES + ",周大爷,北湾村,二组,,是,\n" + ASKS + ",韩大爷,北湾村,一组,,否,\n");

    private FakeTrunk trunk;
    private GatewayHarness h;
    private ApiClient api;
    private DeskBrowser browser;

    @BeforeEach
    void start() throws Exception {
        trunk = new FakeTrunk(() -> h.gateway().agiPort());
        trunk.residents((phone, attempt) -> phone.equals(ANSWERS) ? Resident.PRESSES_1 : Resident.NO_ANSWER);
        h = GatewayHarness.startAt(LocalTime.of(8, 0), "the morning's check-ins at 09:00 are still to come",
                Map.of("ami.enabled", "true", "ami.port", String.valueOf(trunk.amiPort()), "ami.secret", "ami-secret",
                        "checkin.who", "living-alone", "api.tokens", "setup:operators.write+checkins.read:setup-token"));
        // The roster is there before the gateway starts: its first sync makes the plans of those living alone.
        h.withRoster(ROSTER);
        h.restartGateway();
        api = new ApiClient(h.gateway().httpPort(), "setup-token");
        var created = api.post("/api/operators", new JsonObject().put("name", "田站长").put("password", PASSWORD)
                .put("scopes", List.of("checkins.read", "checkins.write", "roster.read")).encode());
        assertEquals(201, created.statusCode(), created.body());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.gateway().registry()
                .get("qiaoqiao.ami.connected").gauge().value() == 1);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (h != null) {
            h.close();
        }
        if (trunk != null) {
            trunk.close();
        }
    }

    private long resident(String phone) {
        return h.count("SELECT id FROM residents WHERE phone = $1", phone);
    }

    private List<String> statuses() {
        List<String> out = new ArrayList<>();
        for (Row r : h.sql("SELECT status FROM checkins ORDER BY status")) {
            out.add(r.getString(0));
        }
        return out;
    }

    /** The texts of a row's cells (its header cell first), as the page shows them. */
    private List<String> cells(String selector) {
        WebElement row = browser.find(By.cssSelector(selector));
        return row.findElements(By.cssSelector("th, td")).stream().map(c -> c.getText().strip()).toList();
    }

    private static String clock(String instant) {
        return instant == null ? "" : Instant.parse(instant).atZone(StudioTime.STUDIO).format(CLOCK);
    }

    private JsonObject plan(long residentId) {
        JsonArray plans = ApiClient.json(api.get("/api/checkins/plans?residentId=" + residentId)).getJsonArray("plans");
        assertEquals(1, plans.size(), plans.encode());
        return plans.getJsonObject(0);
    }

    @Test
    void the_days_check_ins_show_as_the_api_has_them_and_stopping_a_resident_on_the_page_stops_their_calls() {
        h.letTimePass(Duration.ofDays(1), () -> statuses().equals(List.of("missed", "ok")));
        LocalDate today = h.studioNow().atZone(StudioTime.STUDIO).toLocalDate();
        String code = h.sql("SELECT code FROM tickets WHERE kind = 'check_on'").iterator().next().getString(0);

        JsonObject day = ApiClient.json(api.get("/api/checkins"));
        assertEquals(today.toString(), day.getString("day"), "today in the studio unless asked");
        assertNull(day.getString("next"));
        JsonArray list = day.getJsonArray("checkins");
        assertEquals(2, list.size(), list.encode());
        // Both fell due at 09:00: which was opened first is the timers' affair.
        boolean missedFirst = "missed".equals(list.getJsonObject(0).getString("status"));
        JsonObject missed = list.getJsonObject(missedFirst ? 0 : 1);
        JsonObject answered = list.getJsonObject(missedFirst ? 1 : 0);
        assertTrue(list.getJsonObject(0).getLong("id") > list.getJsonObject(1).getLong("id"), "newest first");
        assertEquals(List.of("周大爷", "北湾村", "二组", "missed", 3, code), List.of(missed.getString("resident"), missed.getString("village"),
                missed.getString("villageGroup"), missed.getString("status"), missed.getInteger("tries"), missed.getString("ticket")));
        assertEquals(List.of("孙奶奶", "ok", 1), List.of(answered.getString("resident"), answered.getString("status"),
                answered.getInteger("tries")));
        assertNull(answered.getString("ticket"));
        assertEquals("09:00", clock(answered.getString("dueAt")), "每天上午: nine o'clock");
        assertEquals(0, ApiClient.json(api.get("/api/checkins?day=" + today.minusDays(1))).getJsonArray("checkins").size(),
                "the day before had none");

        browser = DeskBrowser.open(h.gateway().httpPort());
        browser.signIn("田站长", PASSWORD);
        browser.find(By.xpath("//header//nav/a[normalize-space()='问安电话']")).click();
        browser.await().until(ExpectedConditions.urlContains("checkins.html"));
        assertEquals("page", browser.find(By.xpath("//header//nav/a[normalize-space()='问安电话']")).getDomAttribute("aria-current"));
        String title = today.getYear() + "年" + today.getMonthValue() + "月" + today.getDayOfMonth() + "日的问安电话";
        browser.await().until(ExpectedConditions.textToBe(By.id("day-title"), title));
        browser.await().until(d -> d.findElements(By.cssSelector("#checkin-rows tr[data-checkin]")).size() == list.size());
        assertEquals("共 2 位：接听 1，按2求助 0，没接 1，还在打 0。", browser.find(By.id("summary")).getText());

        String missedRow = "#checkin-rows tr[data-checkin='" + missed.getLong("id") + "']";
        assertEquals(List.of("周大爷", "北湾村 二组", clock(missed.getString("dueAt")), "3", "紧急打了 3 次都没接", "", code), cells(missedRow));
        WebElement shown = browser.find(By.cssSelector(missedRow));
        assertEquals("missed", shown.findElement(By.cssSelector("td[data-status]")).getDomAttribute("data-status"));
        assertEquals("ticket.html?code=" + code, shown.findElement(By.linkText(code)).getDomAttribute("href"));
        String answeredRow = "#checkin-rows tr[data-checkin='" + answered.getLong("id") + "']";
        assertEquals(List.of("孙奶奶", "北湾村 一组", "09:00", "1", "接听了，按1报平安", clock(answered.getString("answeredAt")), ""),
                cells(answeredRow));
        assertEquals("ok", browser.find(By.cssSelector(answeredRow + " td[data-status]")).getDomAttribute("data-status"));

        long stopping = resident(MISSES);
        JsonObject before = plan(stopping);
        String planRow = "#plan-rows tr[data-resident='" + stopping + "']";
        assertEquals(List.of("周大爷", "北湾村 二组", "每天上午", "独居老人（自动）"), cells(planRow).subList(0, 4));
        assertEquals("进行中", cells(planRow).get(5));
        browser.screenshot("checkins");

        browser.find(By.cssSelector(planRow + " button")).click();
        assertEquals("已停止周大爷的问安电话，不再打给这位居民。", browser.message());
        browser.await().until(d -> d.findElement(By.cssSelector(planRow + " td[data-active]")).getText().equals("已停止"));
        assertEquals("恢复问安", browser.find(By.cssSelector(planRow + " button")).getText());
        JsonObject after = plan(stopping);
        assertEquals(before.getLong("id"), after.getLong("id"));
        assertFalse(after.getBoolean("active"), after.encode());
        assertNull(after.getString("nextDueAt"));
        assertTrue(plan(resident(ANSWERS)).getBoolean("active"), "the other resident's check-ins go on");

        // Signing a resident up: found by name, on a schedule of their own.
        browser.type(By.id("q"), "韩大");
        browser.find(By.id("q")).sendKeys(Keys.ENTER);
        browser.find(By.xpath("//ul[@id='found']//button[normalize-space()='选 韩大爷']")).click();
        browser.type(By.id("schedule"), "每周一、三、五下午");
        browser.find(By.id("sign-up-button")).click();
        browser.await().until(d -> d.findElement(By.id("message")).getText().startsWith("已给韩大爷开通问安电话（每周一、三、五下午）"));
        JsonObject signedUp = plan(resident(ASKS));
        assertEquals(List.of("opt_in", "每周一、三、五下午", true), List.of(signedUp.getString("source"), signedUp.getString("scheduleText"),
                signedUp.getBoolean("active")));
        String newRow = "#plan-rows tr[data-resident='" + resident(ASKS) + "']";
        browser.await().until(d -> !d.findElements(By.cssSelector(newRow)).isEmpty());
        assertEquals(List.of("韩大爷", "北湾村 一组", "每周一、三、五下午", "工作站开通"), cells(newRow).subList(0, 4));
        browser.screenshot("checkins-plans");

        // The next morning (the page's session has long expired by then): she is called again, he is not.
        h.letTimePass(Duration.ofDays(1), () -> h.count("SELECT count(*) FROM checkins WHERE status = 'ok'") == 2);
        assertEquals(1, h.count("SELECT count(*) FROM checkins WHERE resident_id = $1", stopping), "no check-in after the stop");
        assertEquals(3, trunk.callsTo(MISSES).size(), "only the first morning's three calls");
    }
}
