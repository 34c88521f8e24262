package io.qiaoqiao.gateway.desk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.broadcast.SpeechTools;
import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.reach.FakeTrunk.Resident;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The broadcasts page in headless Chromium against a whole gateway whose trunk is the captured
 * AMI peer and FastAGI sessions: a typed notice to one village is made through the form, its
 * live counts on the page are the API's, and it is cancelled from the page. A screenshot is kept.
 */
@Tag("slow")
class DeskBroadcastsBrowserTest {
    private static final String HEARS = "+8613950000001";
    private static final String SILENT_1 = "+8613950000002";
    private static final String SILENT_2 = "+8613950000003";
    private static final String ELSEWHERE = "+8613950000009";
    private static final String PASSWORD = "桥头村 2026 春";
    private static final String WORDS = "明天上午八点到十二点停水，请提前接好水。";
    private static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, """
                    code,name,village,serves
                    donghe-1,东河村一组志愿小组,东河村,一组
                    xishan-1,西山村志愿小组,西山村,一组
                    """,
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n"
                    + HEARS + ",赵大娘,东河村,一组,,是,\n" + SILENT_1 + ",钱大爷,东河村,一组,,否,\n"
                    + SILENT_2 + ",孙奶奶,东河村,一组,,是,\n" + ELSEWHERE + ",吴大妈,西山村,一组,,是,\n");

    @TempDir
    Path notices;
    private FakeTrunk trunk;
    private GatewayHarness h;
    private DeskBrowser browser;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        SpeechTools.requireOrSkip();
        trunk = new FakeTrunk(() -> h.gateway().agiPort());
        // One try each and no time passing: the heard one is done, the two others wait for a retry that never comes due.
        trunk.residents((phone, attempt) -> phone.equals(HEARS) ? Resident.PRESSES_1 : Resident.PRESSES_NOTHING);
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a normal broadcast calls outside quiet hours only", Map.of(
                "ami.enabled", "true", "ami.port", String.valueOf(trunk.amiPort()), "ami.secret", "ami-secret",
                "broadcast.notice-dir", notices.toString(), "outbound.max-concurrent-calls", "1",
                "api.tokens", "setup:operators.write+broadcasts.read:setup-token")).withRoster(ROSTER);
        api = new ApiClient(h.gateway().httpPort(), "setup-token");
        var created = api.post("/api/operators", new JsonObject().put("name", "张站长").put("password", PASSWORD)
                .put("scopes", List.of("broadcasts.read", "broadcasts.write", "roster.read")).encode());
        assertEquals(201, created.statusCode(), created.body());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.gateway().registry().get("qiaoqiao.ami.connected").gauge().value() == 1);
        browser = DeskBrowser.open(h.gateway().httpPort());
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

    /** A wait that reads the list again when a refresh replaced its rows under it (every few seconds). */
    private org.openqa.selenium.support.ui.FluentWait<org.openqa.selenium.WebDriver> acrossRefreshes() {
        return browser.await().ignoring(StaleElementReferenceException.class);
    }

    /** The text of a broadcast's row on the page. */
    private String line(long id) {
        return acrossRefreshes().until(d -> d.findElement(By.cssSelector("#rows tr[data-id='" + id + "']")).getText());
    }

    /** The counts the page shows for a broadcast, by the API's names. */
    private Map<String, Long> shown(long id) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (WebElement cell : browser.driver().findElements(By.cssSelector("#rows tr[data-id='" + id + "'] td[data-count]"))) {
            counts.put(cell.getDomAttribute("data-count"), Long.parseLong(cell.getText().strip()));
        }
        return counts;
    }

    private Map<String, Long> fromApi(long id) {
        var answer = api.get("/api/broadcasts/" + id);
        assertEquals(200, answer.statusCode(), answer.body());
        Map<String, Long> counts = new LinkedHashMap<>();
        ApiClient.json(answer).getJsonObject("counts").forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return counts;
    }

    @Test
    void a_typed_notice_to_one_village_is_made_on_the_page_shows_the_apis_live_counts_and_is_cancelled_there() {
        browser.signIn("张站长", PASSWORD);
        browser.find(By.xpath("//header//nav/a[normalize-space()='广播']")).click();
        browser.await().until(ExpectedConditions.urlContains("broadcasts.html"));
        assertEquals("page", browser.find(By.xpath("//header//nav/a[normalize-space()='广播']")).getDomAttribute("aria-current"));

        WebElement village = browser.find(By.xpath("//div[@id='villages']//label[normalize-space()='东河村']/input"));
        assertTrue(browser.find(By.id("village-groups")).getText().contains("西山村一组"), "the groups' villages and 村民小组 to choose from");
        village.click();
        browser.type(By.id("title"), "停水通知");
        browser.type(By.id("text"), WORDS);
        assertTrue(browser.find(By.id("when-now")).isSelected());
        assertTrue(!browser.find(By.id("emergency")).isSelected(), "a normal notice");
        browser.find(By.cssSelector("#notice button[type=submit]")).click();
        String said = browser.message();
        assertTrue(said.startsWith("已建立第 ") && said.contains("号广播“停水通知”"), said);

        Row made = h.sql("SELECT id, title, text, emergency, audience::text FROM broadcasts").iterator().next();
        long id = made.getLong(0);
        assertEquals(List.of("停水通知", WORDS, false), List.of(made.getString(1), made.getString(2), made.getBoolean(3)));
        assertEquals(new JsonObject().put("villages", new JsonArray().add("东河村")).put("villageGroups", new JsonArray())
                .put("livesAlone", false).put("residentIds", new JsonArray()).put("everyone", false), new JsonObject(made.getString(4)));

        // Each of the three residents of 东河村 is called once; 赵大娘 pressed 1, the others wait for their second try.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> trunk.calls().size() == 3 && fromApi(id).get("ringing") == 0);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (var pair : List.of(Map.entry("total", 3L), Map.entry("queued", 2L), Map.entry("ringing", 0L), Map.entry("heard", 1L),
                Map.entry("notReached", 0L), Map.entry("texted", 0L), Map.entry("cancelled", 0L))) {
            expected.put(pair.getKey(), pair.getValue());
        }
        assertEquals(expected, fromApi(id));
        acrossRefreshes().until(d -> shown(id).equals(fromApi(id)));
        assertEquals(expected, acrossRefreshes().until(d -> shown(id)), "the page's numbers are the API's, refreshed without a reload");
        assertEquals(List.of(), trunk.callsTo(ELSEWHERE), "another village is not in the audience");
        String line = line(id);
        assertTrue(line.contains("停水通知") && line.contains("正在打"), line);
        browser.screenshot("broadcasts");

        acrossRefreshes().until(d -> {
            d.findElement(By.cssSelector("button[data-cancel='" + id + "']")).click();
            return true;
        });
        browser.type(By.id("cancel-reason"), "水管修好了");
        browser.find(By.id("cancel-confirm")).click();
        browser.await().until(ExpectedConditions.textToBe(By.id("message"), "已取消第 " + id + " 号广播。"));
        Row cancelled = h.sql("SELECT status, cancelled_by, cancel_reason FROM broadcasts WHERE id = $1", id).iterator().next();
        assertEquals(List.of("cancelled", "operator:张站长", "水管修好了"),
                List.of(cancelled.getString(0), cancelled.getString(1), cancelled.getString(2)));
        assertEquals(2, h.count("SELECT count(*) FROM broadcast_recipients WHERE status = 'cancelled'"), "the two waiting for a retry");
        acrossRefreshes().until(d -> line(id).contains("已取消"));
        assertEquals(0, browser.driver().findElements(By.cssSelector("button[data-cancel='" + id + "']")).size(), "nothing left to cancel");
        acrossRefreshes().until(d -> shown(id).get("cancelled") == 2L && shown(id).equals(fromApi(id)));
    }
}
