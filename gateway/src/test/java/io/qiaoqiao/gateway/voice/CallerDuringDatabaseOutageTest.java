package io.qiaoqiao.gateway.voice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.testing.DatabaseOutage;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hotline call of {@code captures/asterisk-22-record-failure.txt} (the caller pressed nothing
 * and the recording failed, so a volunteer must call back), replayed while PostgreSQL is away.
 * The desk cannot open the ticket in time; the call is written to the spool, the caller hears
 * that a volunteer will call back, and the ticket is opened once the database is back; a caller
 * with an open request has the call added to it then instead.
 */
class CallerDuringDatabaseOutageTest {
    private static final AgiCapture CAPTURE = AgiCapture.read("/captures/asterisk-22-record-failure.txt");

    @TempDir
    Path spool;

    @Test
    void a_caller_the_desk_cannot_answer_hears_a_callback_promise_and_gets_a_ticket_when_the_database_returns() throws Exception {
        try (DatabaseOutage database = new DatabaseOutage();
             GatewayHarness h = GatewayHarness.startThrough(database, GatewayHarness.DAYTIME,
                     "the callback is offered to a volunteer at once, outside quiet hours",
                     Map.of("voice.spool-dir", spool.toString(), "voice.desk-timeout-ms", "2000"))) {
            database.begin();
            List<String> commands = FakeAsteriskAgiClient.replaying(CAPTURE).dial(h.gateway().agiPort()).get(60, TimeUnit.SECONDS);

            int record = indexOf(commands, "RECORD FILE \"/var/spool/asterisk/qiaoqiao/1796155351.35\" \"wav\"");
            assertEquals(List.of("STREAM FILE \"qiaoqiao/desk-callback\" \"\""), commands.subList(record + 1, commands.size()),
                    "the caller hears that a volunteer will call back");
            try (Stream<Path> files = Files.list(spool)) {
                assertEquals(1, files.count(), "the call is kept on disk while the database is away");
            }

            database.end();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.count("SELECT count(*) FROM tickets") == 1);
            Row ticket = h.sql("SELECT call_id, kind, channel, requester_phone FROM tickets").iterator().next();
            assertEquals("1796155351.35", ticket.getString("call_id"));
            assertEquals("callback", ticket.getString("kind"));
            assertEquals("voice", ticket.getString("channel"));
            assertEquals("+8613900001002", ticket.getString("requester_phone"));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Stream<Path> files = Files.list(spool)) {
                    return files.findAny().isEmpty();
                }
            });
            assertTrue(h.count("SELECT count(*) FROM tickets") == 1, "opened once");
        }
    }

    @Test
    void a_spooled_call_from_a_resident_with_an_open_request_joins_it_when_the_database_returns() throws Exception {
        try (DatabaseOutage database = new DatabaseOutage();
             GatewayHarness h = GatewayHarness.startThrough(database, GatewayHarness.DAYTIME,
                     "the request is offered to a volunteer at once, outside quiet hours",
                     Map.of("voice.spool-dir", spool.toString(), "voice.desk-timeout-ms", "2000")).withDemoRoster()) {
            h.text("+8613900001002", "我家水管漏水了，请人来修一下");
            String code = GatewayHarness.codeIn(h.awaitText("+8613900001002", 1));

            database.begin();
            List<String> commands = FakeAsteriskAgiClient.replaying(CAPTURE).dial(h.gateway().agiPort()).get(60, TimeUnit.SECONDS);
            assertEquals("STREAM FILE \"qiaoqiao/desk-callback\" \"\"", commands.getLast(), "a volunteer will call back");

            database.end();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.count(
                    "SELECT count(*) FROM ticket_events WHERE type = 'follow_up' AND detail->>'callId' = '1796155351.35'") == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Stream<Path> files = Files.list(spool)) {
                    return files.findAny().isEmpty();
                }
            });
            assertEquals(1, h.count("SELECT count(*) FROM tickets"), "the call joined the open request, no second ticket");
            assertEquals(code, h.sql("SELECT t.code FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id "
                    + "WHERE e.type = 'follow_up'").iterator().next().getString(0));
        }
    }

    private static int indexOf(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + " in " + commands);
    }
}
