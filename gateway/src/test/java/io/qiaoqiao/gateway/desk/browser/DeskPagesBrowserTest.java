package io.qiaoqiao.gateway.desk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Each of the desk's other pages in headless Chromium against a whole gateway with the demo
 * roster: it loads, shows the seeded data, and one change made through it reaches the database
 * (and, where it sends something, the simulated SMSC). A screenshot of each is kept.
 */
@Tag("slow")
class DeskPagesBrowserTest {
    private static final String WANG_XIUYING = "+8613900001001";
    private static final String CHEN_JING = "+8613900002101";
    private static final String ZHAO_MIN = "+8613900002111";
    private static final String PASSWORD = "桥头村 2026 春";
    private GatewayHarness h;
    private DeskBrowser browser;
    private ApiClient setup;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "requests are offered at once only outside quiet hours",
                Map.of("api.tokens", "setup:operators.write:setup-token", "desk.lockout-failures", "2")).withDemoRoster();
        setup = new ApiClient(h.gateway().httpPort(), "setup-token");
        operator("张站长");
        browser = DeskBrowser.open(h.gateway().httpPort());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        h.close();
    }

    private void operator(String name) {
        var created = setup.post("/api/operators", new JsonObject().put("name", name).put("password", PASSWORD).put("scopes", List.of("*")).encode());
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void sign_in_shows_the_gateways_words_for_a_wrong_password_then_for_the_locked_account() {
        browser.go("index.html");
        browser.type(By.id("name"), "张站长");
        browser.type(By.id("password"), "不是这个密码");
        browser.find(By.id("signin-button")).click();
        List<String> said = browser.message().lines().toList();
        assertEquals("名字或密码不对", said.get(0), "the problem's Chinese detail");
        assertTrue(said.get(1).startsWith("请求编号 "), "and its request id, for support: " + said);
        browser.screenshot("signin");
        browser.type(By.id("password"), "还是不对");
        browser.find(By.id("signin-button")).click();
        browser.await().until(d -> d.findElement(By.id("password")).getDomProperty("value").isEmpty()
                && d.findElement(By.id("signin-button")).isEnabled());
        browser.type(By.id("password"), PASSWORD);
        browser.find(By.id("signin-button")).click();
        browser.await().until(d -> d.findElement(By.id("message")).getText().startsWith("密码连续输错 2 次，账号已锁定到"));
        assertTrue(browser.driver().getCurrentUrl().endsWith("/desk/index.html"), "locked: even the right password stays on the form");
        browser.screenshot("signin-locked");
    }

    @Test
    void a_request_heard_on_the_phone_is_entered_for_the_resident_found_by_her_sons_phone_and_the_queue_filters_it() {
        browser.signIn("张站长", PASSWORD);
        browser.go("new.html");
        browser.type(By.id("q"), "13900009001");
        browser.find(By.cssSelector("#find button")).click();
        String found = browser.find(By.cssSelector("#found li")).getText();
        assertTrue(found.contains("王秀英") && found.contains("家属 李建国"), found);
        browser.find(By.xpath("//button[normalize-space()='选 王秀英']")).click();
        assertTrue(browser.find(By.id("chosen")).getText().startsWith("已选：王秀英"));
        browser.choose(By.id("heardVia"), "phone");
        browser.type(By.id("text"), "儿子打电话说，帮他妈交这个月的电费");
        browser.choose(By.id("category"), "errand");
        browser.screenshot("new");
        browser.find(By.cssSelector("#request button[type=submit]")).click();
        String said = browser.message();
        assertTrue(said.startsWith("已登记求助 "), said);
        String code = GatewayHarness.codeIn(said);
        Row ticket = h.sql("SELECT t.channel, t.category, r.name, t.text FROM tickets t JOIN residents r ON r.id = t.resident_id WHERE t.code = $1", code)
                .iterator().next();
        assertEquals(List.of("desk", "ERRAND", "王秀英", "儿子打电话说，帮他妈交这个月的电费"),
                List.of(ticket.getString(0), ticket.getString(1), ticket.getString(2), ticket.getString(3)));
        assertEquals("【桥桥】已收到您的求助，编号" + code + "。正在为您联系志愿者，请保持电话畅通。", h.awaitText(WANG_XIUYING, 1));

        browser.go("queue.html");
        By row = By.cssSelector("#rows tr[data-code='" + code + "']");
        browser.find(row);
        browser.choose(By.id("category"), "repair");
        browser.find(By.cssSelector("#filters button")).click();
        browser.await().until(ExpectedConditions.invisibilityOfElementLocated(row));
        browser.choose(By.id("category"), "errand");
        browser.find(By.cssSelector("#filters button")).click();
        assertTrue(browser.find(row).getText().contains("代办"));
    }

    @Test
    void people_lists_the_roster_and_a_volunteers_skills_are_changed_through_the_form() {
        browser.signIn("张站长", PASSWORD);
        browser.go("people.html");
        browser.await().until(d -> d.findElement(By.id("list")).getText().contains("王秀英"));
        assertTrue(browser.find(By.id("list")).getText().contains("刘桂兰"));
        assertEquals("/api/roster/residents.csv", browser.find(By.linkText("下载 居民 CSV")).getDomAttribute("href"));
        browser.find(By.xpath("//div[@id='tabs']/button[normalize-space()='志愿者']")).click();
        By wangFang = By.xpath("//table[@id='list']//tr[td[normalize-space()='王芳']]");
        browser.find(wangFang).findElement(By.xpath(".//button[normalize-space()='修改']")).click();
        assertEquals("bank-papers", browser.find(By.id("field-skills")).getDomProperty("value"));
        browser.type(By.id("field-skills"), "bank-papers；driver");
        browser.find(By.id("save")).click();
        String said = browser.message();
        assertTrue(said.startsWith("已保存第 ") && said.endsWith(" 条。"), said);
        Row skills = h.sql("SELECT skills FROM volunteers WHERE phone = '+8613900002002'").iterator().next();
        assertEquals(List.of("bank-papers", "driver"), List.of(skills.getArrayOfStrings(0)));
        browser.await().until(d -> d.findElement(wangFang).getText().contains("bank-papers；driver"));
        assertEquals(1, h.count("SELECT count(*) FROM operator_audit WHERE operator = 'operator:张站长' AND action = 'volunteers.update'"),
                "the change is audited with the operator's name");
        browser.screenshot("people");
    }

    @Test
    void a_manual_reward_counts_in_the_ranking_only_after_a_second_operator_approves_it() {
        operator("李干事");
        browser.signIn("张站长", PASSWORD);
        browser.go("points.html");
        browser.await().until(d -> d.findElements(By.cssSelector("#volunteer option")).size() == 14);
        browser.find(By.xpath("//select[@id='volunteer']/option[normalize-space()='王芳']")).click();
        browser.choose(By.id("kind"), "reward");
        browser.type(By.id("points"), "10");
        browser.type(By.id("reason"), "帮邻居搬家");
        browser.find(By.cssSelector("#entry button[type=submit]")).click();
        assertEquals("已提交，等另一位同事批准后计入。", browser.message());
        By request = By.xpath("//ul[@id='pending']/li[contains(., '王芳')]");
        browser.find(request).findElement(By.xpath(".//button[normalize-space()='批准']")).click();
        browser.await().until(d -> d.findElement(By.id("message")).getText().startsWith("这笔积分是您自己申请的，需要另一位工作人员批准"));
        assertEquals(0, h.count("SELECT count(*) FROM points_ledger"), "nothing counts yet");

        browser.find(By.xpath("//button[normalize-space()='退出']")).click();
        browser.await().until(ExpectedConditions.urlContains("index.html"));
        browser.signIn("李干事", PASSWORD);
        browser.go("points.html");
        browser.find(request).findElement(By.xpath(".//button[normalize-space()='批准']")).click();
        browser.await().until(d -> d.findElement(By.id("message")).getText().equals("已批准 王芳 的 10 分。"));
        browser.await().until(d -> d.findElement(By.cssSelector("#ranking tbody")).getText().contains("王芳"));
        String first = browser.find(By.cssSelector("#ranking tbody tr")).getText();
        assertTrue(first.startsWith("1 王芳") && first.contains("10"), first);
        String month = h.studioNow().atZone(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM"));
        assertEquals(month + " 月排行", browser.find(By.id("ranking-title")).getText(), "the studio's month, not the browser's");
        browser.screenshot("points");
    }

    @Test
    void the_ledger_is_sent_to_the_group_leaders_of_each_village_from_its_page() {
        h.text(WANG_XIUYING, "我家电视遥控器坏了，看不了戏曲频道");
        h.awaitText(WANG_XIUYING, 1);
        browser.signIn("张站长", PASSWORD);
        browser.go("ledger.html");
        browser.await().until(d -> d.findElement(By.id("villages")).getText().contains("桥头村"));
        String village = browser.find(By.cssSelector("#villages tbody tr")).getText();
        assertTrue(village.startsWith("桥头村 1 0 1 0 0 0 0"), "one request, a repair, none completed: " + village);
        browser.find(By.id("send")).click();
        assertEquals("已发出 1 个村的晒单短信。", browser.message());
        for (String leader : List.of(CHEN_JING, ZHAO_MIN)) {
            String text = h.awaitText(leader, 1);
            assertTrue(text.startsWith("【桥桥】") && text.contains("桥头村晒单：收到求助1件"), leader + " got: " + text);
        }
        Awaitility.await().until(() -> h.count("SELECT count(*) FROM operator_audit WHERE operator = 'operator:张站长' AND action LIKE 'ledger%'") == 1);
        browser.screenshot("ledger-sent");
    }
}
