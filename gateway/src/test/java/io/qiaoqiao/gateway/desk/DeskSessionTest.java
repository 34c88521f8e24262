package io.qiaoqiao.gateway.desk;

import static io.qiaoqiao.gateway.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.DeskClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing in at the desk against a whole gateway, with an ordinary HTTP client acting as the
 * browser: the first account made by the add-operator command, the session cookie's attributes,
 * CSRF on every change, the account's scopes, lock-out after wrong passwords (and its end, on the
 * studio clock), sign-out and expiry — every step in the operator audit with the account's name.
 */
class DeskSessionTest {
    private static final String STATION = "张站长";
    private static final String PASSWORD = "桥头村 2026 春";
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.start(Map.of("api.tokens", "admin:*:admin-token", "desk.lockout-failures", "3",
                "desk.lockout-duration", "PT10M", "desk.session-idle", "PT30M", "desk.session-lifetime", "PT8H")).withDemoRoster();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private int addOperator(String name, String scopes, String password, StringBuilder said) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AddOperatorCommand.run(List.of("--name", name, "--scopes", scopes), h.gateway().pool(),
                new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        said.append(out.toString(StandardCharsets.UTF_8)).append(err.toString(StandardCharsets.UTF_8));
        return exit;
    }

    @Test
    void the_first_account_comes_from_the_command_and_signs_in_with_an_http_only_strict_cookie() {
        StringBuilder said = new StringBuilder();
        assertEquals(0, addOperator(STATION, "*", PASSWORD, said), said.toString());
        assertTrue(said.toString().startsWith("desk account 张站长 created"), said.toString());
        said.setLength(0);
        assertEquals(1, addOperator(STATION, "*", "another password", said));
        assertTrue(said.toString().contains("exists already"), said.toString());
        said.setLength(0);
        assertEquals(1, addOperator("李会计", "tickets.read", "short", said));
        assertTrue(said.toString().contains("8 to 128 characters"), said.toString());
        said.setLength(0);
        assertEquals(1, addOperator("李会计", "tickets.read+fly", "long enough password", said));
        assertTrue(said.toString().contains("unknown or no scopes [fly]"), said.toString());
        String stored = h.sql("SELECT password_hash FROM operators WHERE name = $1", STATION).iterator().next().getString(0);
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$") && !stored.contains(PASSWORD), "only an Argon2id hash is stored");

        DeskClient desk = new DeskClient(h.gateway().httpPort());
        HttpResponse<String> signedIn = desk.signIn(STATION, PASSWORD);
        assertEquals(201, signedIn.statusCode(), signedIn.body());
        String cookie = DeskClient.setCookie(signedIn).orElseThrow();
        List<String> attributes = new ArrayList<>();
        for (String part : cookie.split(";")) {
            attributes.add(part.strip().toLowerCase(java.util.Locale.ROOT));
        }
        assertTrue(attributes.contains("httponly"), cookie);
        assertTrue(attributes.contains("samesite=strict"), cookie);
        assertTrue(attributes.contains("path=/"), cookie);
        assertTrue(attributes.contains("max-age=28800"), "desk.session-lifetime PT8H: " + cookie);
        assertFalse(attributes.contains("secure"), "plain HTTP unless desk.cookie-secure: " + cookie);
        assertTrue(desk.cookie().matches("[A-Za-z0-9_-]{43}"), "256 random bits: " + desk.cookie());
        JsonObject session = json(signedIn);
        assertEquals(STATION, session.getJsonObject("operator").getString("name"));
        assertEquals("session", session.getString("via"));
        assertNotEquals(desk.cookie(), desk.csrfToken());
        assertEquals(1, h.count("SELECT count(*) FROM operator_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))", desk.cookie()),
                "the table holds the cookie's SHA-256");
        assertEquals(0, h.count("SELECT count(*) FROM operator_sessions WHERE token_hash = convert_to($1, 'UTF8')", desk.cookie()),
                "and not the cookie itself");

        assertEquals(200, desk.get("/api/tickets").statusCode());
        assertEquals(STATION, json(desk.get("/api/session")).getJsonObject("operator").getString("name"));
        assertEquals(desk.csrfToken(), json(desk.get("/api/session")).getString("csrfToken"), "a reloaded page gets its token again");
        assertEquals(List.of("operators.create:command-line:add-operator", "operator.sign_in:operator:张站长"),
                audit("SELECT action || ':' || operator FROM operator_audit ORDER BY id"));
    }

    @Test
    void a_change_with_the_cookie_needs_the_csrf_token_and_is_audited_under_the_account_name() {
        addOperator(STATION, "*", PASSWORD, new StringBuilder());
        DeskClient desk = new DeskClient(h.gateway().httpPort());
        desk.signIn(STATION, PASSWORD);
        String resident = "{\"phone\":\"13812345678\",\"name\":\"吴奶奶\",\"village\":\"西村\",\"villageGroup\":\"一组\"}";

        HttpResponse<String> forged = desk.postWithoutCsrf("/api/residents", resident);
        assertEquals(403, forged.statusCode(), forged.body());
        assertEquals("https://qiaoqiao.io/problems/csrf-token-invalid", json(forged).getString("type"));
        assertEquals(403, desk.send("POST", "/api/residents", resident, false).statusCode());
        assertEquals(0, h.count("SELECT count(*) FROM residents WHERE phone = '+8613812345678'"), "a forged change changes nothing");

        HttpResponse<String> created = desk.post("/api/residents", resident);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(List.of("operator:张站长"), audit("SELECT operator FROM operator_audit WHERE action = 'residents.create'"));
        assertEquals(200, desk.get("/api/residents").statusCode(), "reading needs no CSRF token");
    }

    @Test
    void an_account_has_the_scopes_it_was_given_and_no_more() {
        addOperator("李会计", "tickets.read+points.read", "long enough password", new StringBuilder());
        DeskClient clerk = new DeskClient(h.gateway().httpPort());
        assertEquals(201, clerk.signIn("李会计", "long enough password").statusCode());
        assertEquals(200, clerk.get("/api/tickets").statusCode());
        HttpResponse<String> refused = clerk.post("/api/residents", "{}");
        assertEquals(403, refused.statusCode());
        assertEquals("roster.write", json(refused).getString("scope"));
        assertEquals("“李会计”没有这项权限（需要 roster.write）", json(refused).getString("detail"));
        assertEquals(403, clerk.get("/api/operators").statusCode());

        ApiClient admin = new ApiClient(h.gateway().httpPort(), "admin-token");
        long id = h.count("SELECT id FROM operators WHERE name = '李会计'");
        assertEquals(200, admin.patch("/api/operators/" + id, "{\"scopes\":[\"tickets.read\",\"roster.write\"]}").statusCode());
        assertEquals(201, clerk.post("/api/residents",
                "{\"phone\":\"13812345679\",\"name\":\"吴爷爷\",\"village\":\"西村\",\"villageGroup\":\"一组\"}").statusCode(),
                "new scopes count from the next request");
        assertEquals(200, admin.patch("/api/operators/" + id, "{\"active\":false}").statusCode());
        assertEquals(401, clerk.get("/api/tickets").statusCode(), "a deactivated account's sessions end");
        assertEquals(401, new DeskClient(h.gateway().httpPort()).signIn("李会计", "long enough password").statusCode());
        assertEquals(List.of("operators.update:operator:admin:{\"scopes\":[\"tickets.read\",\"roster.write\"]}",
                        "operators.update:operator:admin:{\"active\":false}"),
                audit("SELECT action || ':' || operator || ':' || detail::text FROM operator_audit WHERE action = 'operators.update' ORDER BY id")
                        .stream().map(a -> a.replace(" ", "")).toList());
    }

    @Test
    void wrong_passwords_lock_the_account_for_the_configured_time_and_every_attempt_is_audited() {
        addOperator(STATION, "*", PASSWORD, new StringBuilder());
        DeskClient desk = new DeskClient(h.gateway().httpPort());
        HttpResponse<String> first = desk.signIn(STATION, "wrong one");
        assertEquals(401, first.statusCode());
        assertEquals("名字或密码不对", json(first).getString("detail"));
        assertEquals(401, desk.signIn(STATION, "wrong two").statusCode());
        HttpResponse<String> third = desk.signIn(STATION, "wrong three");
        assertEquals(423, third.statusCode(), "desk.lockout-failures=3: the third locks");
        assertEquals("https://qiaoqiao.io/problems/account-locked", json(third).getString("type"));
        assertEquals("600", third.headers().firstValue("Retry-After").orElse(""));
        HttpResponse<String> right = desk.signIn(STATION, PASSWORD);
        assertEquals(423, right.statusCode(), "locked means locked, even with the right password");
        HttpResponse<String> unknown = desk.signIn("王站长", PASSWORD);
        assertEquals(401, unknown.statusCode());
        assertEquals(json(first).getString("detail"), json(unknown).getString("detail"), "an unknown name is answered like a wrong password");

        assertEquals(List.of("operator.sign_in_failed", "operator.sign_in_failed", "operator.sign_in_failed", "operator.locked",
                        "operator.sign_in_refused", "operator.sign_in_failed"),
                audit("SELECT action FROM operator_audit WHERE action LIKE 'operator.%' ORDER BY id"));
        assertEquals(List.of("operator-name:王站长"), audit("SELECT target FROM operator_audit WHERE operator = 'anonymous'"));

        h.advance(Duration.ofMinutes(9));
        assertEquals(423, desk.signIn(STATION, PASSWORD).statusCode(), "nine minutes of desk.lockout-duration PT10M");
        h.advance(Duration.ofMinutes(2));
        assertEquals(201, desk.signIn(STATION, PASSWORD).statusCode(), "eleven minutes: unlocked");
        assertEquals(0, h.count("SELECT failed_attempts FROM operators WHERE name = $1", STATION));
    }

    @Test
    void an_operator_with_operators_write_unlocks_an_account_sooner() {
        addOperator(STATION, "*", PASSWORD, new StringBuilder());
        DeskClient desk = new DeskClient(h.gateway().httpPort());
        for (int i = 0; i < 3; i++) {
            desk.signIn(STATION, "wrong " + i);
        }
        long id = h.count("SELECT id FROM operators WHERE name = $1", STATION);
        HttpResponse<String> unlocked = new ApiClient(h.gateway().httpPort(), "admin-token").post("/api/operators/" + id + "/unlock", "{}");
        assertEquals(200, unlocked.statusCode(), unlocked.body());
        assertEquals(false, json(unlocked).getBoolean("locked"));
        assertEquals(201, desk.signIn(STATION, PASSWORD).statusCode());
        assertEquals(List.of("operators.unlock:operator:admin"),
                audit("SELECT action || ':' || operator FROM operator_audit WHERE action = 'operators.unlock'"));
    }

    @Test
    void signing_out_ends_the_session_and_an_unused_one_ends_after_the_idle_time() {
        addOperator(STATION, "*", PASSWORD, new StringBuilder());
        DeskClient desk = new DeskClient(h.gateway().httpPort());
        desk.signIn(STATION, PASSWORD);
        String cookie = desk.cookie();
        assertEquals(403, desk.send("DELETE", "/api/session", null, false).statusCode(), "signing out is a change: CSRF too");
        HttpResponse<String> out = desk.delete("/api/session");
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(DeskClient.setCookie(out).orElseThrow().toLowerCase(java.util.Locale.ROOT).contains("max-age=0"), "the cookie is dropped");
        HttpResponse<String> after = desk.withCookie(cookie).get("/api/tickets");
        assertEquals(401, after.statusCode());
        assertEquals("https://qiaoqiao.io/problems/session-expired", json(after).getString("type"));

        DeskClient idle = new DeskClient(h.gateway().httpPort());
        idle.signIn(STATION, PASSWORD);
        h.advance(Duration.ofMinutes(20));
        assertEquals(200, idle.get("/api/tickets").statusCode(), "used within desk.session-idle PT30M");
        h.advance(Duration.ofMinutes(25));
        assertEquals(200, idle.get("/api/tickets").statusCode(), "25 minutes after the last use");
        h.advance(Duration.ofMinutes(31));
        assertEquals(401, idle.get("/api/tickets").statusCode(), "31 minutes unused");
        assertTrue(audit("SELECT action FROM operator_audit ORDER BY id").contains("operator.sign_out"));
    }

    @Test
    void a_session_ends_at_its_lifetime_however_much_it_is_used() {
        addOperator(STATION, "*", PASSWORD, new StringBuilder());
        DeskClient desk = new DeskClient(h.gateway().httpPort());
        desk.signIn(STATION, PASSWORD);
        for (int step = 1; step <= 19; step++) {
            h.advance(Duration.ofMinutes(25));
            assertEquals(200, desk.get("/api/tickets").statusCode(), "used every 25 minutes, " + step * 25 + " minutes in");
        }
        h.advance(Duration.ofMinutes(6));
        assertEquals(401, desk.get("/api/tickets").statusCode(), "desk.session-lifetime PT8H");
    }

    @Test
    void changing_ones_password_ends_the_other_sessions() {
        addOperator(STATION, "*", PASSWORD, new StringBuilder());
        DeskClient laptop = new DeskClient(h.gateway().httpPort());
        DeskClient phone = new DeskClient(h.gateway().httpPort());
        laptop.signIn(STATION, PASSWORD);
        phone.signIn(STATION, PASSWORD);
        assertEquals(401, laptop.post("/api/session/password", "{\"current\":\"not it\",\"password\":\"新的密码 2026 秋\"}").statusCode());
        assertEquals(200, laptop.post("/api/session/password", "{\"current\":\"" + PASSWORD + "\",\"password\":\"新的密码 2026 秋\"}")
                .statusCode());
        assertEquals(200, laptop.get("/api/tickets").statusCode(), "the session that changed it stays");
        assertEquals(401, phone.get("/api/tickets").statusCode());
        assertEquals(401, new DeskClient(h.gateway().httpPort()).signIn(STATION, PASSWORD).statusCode());
        assertEquals(201, new DeskClient(h.gateway().httpPort()).signIn(STATION, "新的密码 2026 秋").statusCode());
    }

    private List<String> audit(String sql) {
        List<String> out = new ArrayList<>();
        h.sql(sql).forEach(r -> out.add(r.getString(0)));
        return out;
    }
}
