package io.qiaoqiao.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order of {@code GET /api/queue} as {@code TicketRoutes} states it: accepted work past its
 * deadline; then tickets waiting for a volunteer longer than {@code tickets.accept-limit}
 * (15 minutes urgent, an hour normal); then the rest waiting; then accepted work on time. Within
 * each, township before village before private before no level, then the oldest first. Tickets
 * are written in the database with times on the studio clock, so none of them moves while the
 * test reads; done and closed ones are not in the queue at all.
 */
class QueueOrderTest {
    private static final String INSERT = """
            INSERT INTO tickets (code, channel, kind, requester_phone, registered, category, urgency, status, text, level,
                                 created_at, due_at, accepted_at)
            VALUES ($1, 'desk', 'request', '+8613600000001', false, 'ERRAND', $2, $3, '排队顺序', $4,
                    studio_now() - make_interval(mins => $5::int),
                    CASE WHEN $6::int IS NULL THEN NULL ELSE studio_now() + make_interval(mins => $6::int) END,
                    CASE WHEN $3::text = 'accepted' THEN studio_now() - make_interval(mins => $5::int) / 2 END)""";

    private GatewayHarness h;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "no ticket is held for the night",
                Map.of("tickets.accept-limit.urgent", "PT15M", "tickets.accept-limit.normal", "PT1H",
                        "api.tokens", "desk:tickets.read:desk-token"));
        api = new ApiClient(h.gateway().httpPort(), "desk-token");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** A ticket opened {@code minutesAgo}, due {@code dueInMinutes} from now (negative: past; null: no deadline). */
    private void ticket(String code, String urgency, String status, String level, int minutesAgo, Integer dueInMinutes) {
        h.sql(INSERT, code, urgency, status, level, minutesAgo, dueInMinutes);
    }

    private List<String> codes(String path) {
        List<String> out = new ArrayList<>();
        for (String next = path; next != null; ) {
            var answer = api.get(next);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonObject page = ApiClient.json(answer);
            JsonArray tickets = page.getJsonArray("tickets");
            tickets.forEach(t -> out.add(((JsonObject) t).getString("code")));
            next = page.getString("next");
        }
        return out;
    }

    @Test
    void overdue_work_comes_first_then_late_requests_then_the_rest_waiting_then_accepted_work_higher_levels_and_older_first() {
        // Accepted work on time, written first: the oldest ticket of all, and still last.
        ticket("9001", "NORMAL", "accepted", null, 360, 120);
        ticket("9002", "NORMAL", "accepted", "township", 30, null);
        // Waiting, within the limit: an urgent one of 10 minutes, a normal one of 50.
        ticket("9003", "URGENT", "offered", null, 10, null);
        ticket("9004", "NORMAL", "open", null, 50, null);
        // Waiting too long: normal past its hour, private; urgent past its 15 minutes, township; normal, no level.
        ticket("9005", "NORMAL", "offered", null, 90, null);
        ticket("9006", "URGENT", "escalated", "township", 20, null);
        ticket("9007", "NORMAL", "open", "private", 180, null);
        ticket("9008", "NORMAL", "reopened", "village", 70, null);
        // Overdue: a village ticket due an hour ago, a township one due ten minutes ago (newer, but township first).
        ticket("9009", "NORMAL", "accepted", "village", 300, -60);
        ticket("9010", "URGENT", "accepted", "township", 120, -10);
        // Not in the queue: done and closed.
        ticket("9011", "URGENT", "done", "township", 600, -300);
        ticket("9012", "NORMAL", "closed", null, 600, null);

        List<String> expected = List.of(
                "9010", "9009",                 // overdue: township, village
                "9006", "9008", "9007", "9005", // late: township, village, private, none
                "9004", "9003",                 // waiting: the older first
                "9002", "9001");                // accepted on time: township, then none
        assertEquals(expected, codes("/api/queue"));
        assertEquals(expected, codes("/api/queue?limit=3"), "the same order page by page, through next");
    }
}
