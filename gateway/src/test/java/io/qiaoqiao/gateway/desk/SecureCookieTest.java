package io.qiaoqiao.gateway.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.DeskClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behind TLS ({@code desk.cookie-secure=true}) the session cookie is marked Secure. */
class SecureCookieTest {
    @Test
    void behind_tls_the_session_cookie_is_secure() throws Exception {
        try (GatewayHarness h = GatewayHarness.start(Map.of("desk.cookie-secure", "true"))) {
            GatewayHarness.await(h.gateway().pool().withTransaction(db -> OperatorAccounts.create(db, "张站长",
                    PasswordHash.hash("桥头村 2026 春"), java.util.List.of("tickets.read"), "test")));
            HttpResponse<String> signedIn = new DeskClient(h.gateway().httpPort()).signIn("张站长", "桥头村 2026 春");
            assertEquals(201, signedIn.statusCode(), signedIn.body());
            String cookie = DeskClient.setCookie(signedIn).orElseThrow().toLowerCase(Locale.ROOT);
            assertTrue(java.util.Arrays.stream(cookie.split(";")).map(String::strip).anyMatch("secure"::equals), cookie);
        }
    }
}
