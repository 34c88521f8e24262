package io.qiaoqiao.gateway.broadcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.reach.FakeTrunk;
import io.qiaoqiao.gateway.reach.FakeTrunk.Resident;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broadcast call is answered, but its FastAGI script never runs (the node Asterisk would open
 * it on is gone), so no script reports how the call ended. Asterisk's Hangup says the line is
 * free: the try ends soon after it, instead of holding the trunk's line for the dialplan's ten
 * minutes, and the resident's next try reaches her. Tagged slow: it waits the real half minute a
 * script has to report after the Hangup (the studio hour is pinned to daytime).
 */
@Tag("slow")
class AnsweredCallWithoutItsScriptTest {
    @TempDir
    Path notices;
    private FakeTrunk trunk;
    private GatewayHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (trunk != null) {
            trunk.close();
        }
    }

    @Test
    void an_answered_call_whose_script_never_reports_frees_its_line_after_the_hangup_and_the_next_try_is_heard() throws Exception {
        SpeechTools.requireOrSkip();
        // The first answered call's FastAGI session goes to a port nobody listens on; later ones reach the gateway.
        int nobody;
        try (ServerSocket closed = new ServerSocket(0)) {
            nobody = closed.getLocalPort();
        }
        AtomicInteger sessions = new AtomicInteger();
        int dead = nobody;
        trunk = new FakeTrunk(() -> sessions.getAndIncrement() == 0 ? dead : h.gateway().agiPort());
        trunk.residents((phone, attempt) -> Resident.PRESSES_1);
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "a normal broadcast calls outside quiet hours only", Map.of(
                "ami.enabled", "true", "ami.port", String.valueOf(trunk.amiPort()), "ami.secret", "ami-secret",
                "broadcast.notice-dir", notices.toString(), "api.tokens", "studio:broadcasts.read+broadcasts.write:studio-token",
                "outbound.max-concurrent-calls", "1", "outbox.lease-seconds", "21"))
                .withRoster(BroadcastTest.ROSTER);
        ApiClient api = new ApiClient(h.gateway().httpPort(), "studio-token");
        await().atMost(Duration.ofSeconds(20)).until(() -> h.gateway().registry().get("qiaoqiao.ami.connected").gauge().value() == 1);

        // 西山村 has one resident.
        HttpResponse<String> created = api.post("/api/broadcasts",
                "{\"title\":\"停水通知\",\"text\":\"明天上午停水，请提前接好水。\",\"audience\":{\"villages\":[\"西山村\"]}}");
        assertEquals(201, created.statusCode(), created.body());
        long id = ApiClient.json(created).getLong("id");

        // Answered, hung up at once by the fake Asterisk, never reported: within a minute the try is over, not in ten.
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1))
                .until(() -> counts(api, id).getInteger("ringing") == 0);
        assertEquals(List.of(1), trunk.callsTo(BroadcastTest.OUTSIDER).stream().map(FakeTrunk.Call::attempt).toList());

        h.letTimePass(Duration.ofHours(1), () -> "done".equals(ApiClient.json(api.get("/api/broadcasts/" + id)).getString("status")));
        assertEquals(List.of(1, 2), trunk.callsTo(BroadcastTest.OUTSIDER).stream().map(FakeTrunk.Call::attempt).toList(),
                "called again after the broadcast's retry interval");
        assertEquals(1, counts(api, id).getInteger("heard"), counts(api, id).encode());
    }

    private static JsonObject counts(ApiClient api, long id) {
        return ApiClient.json(api.get("/api/broadcasts/" + id)).getJsonObject("counts");
    }
}
