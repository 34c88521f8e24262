package io.qiaoqiao.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README's first command as a new user runs it: {@code java -jar gateway/target/qiaoqiao-gateway.jar
 * demo} from an empty folder, ready when {@code /health/ready} says so, then every "try" line of README
 * and the roster import with an ordinary HTTP client. The answers are checked against what README
 * and the demo roster promise, not against the gateway's own code.
 */
class DemoSmokeIT {
    private static final Path GATEWAY_JAR = Path.of("..", "..", "gateway", "target", "qiaoqiao-gateway.jar").toAbsolutePath().normalize();
    private static final Path ROSTER = Path.of("src", "main", "resources", "demo", "roster").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Process demo;
    private static Path folder;
    private static String base;

    @BeforeAll
    static void startTheDemoAsReadmeSays() throws IOException {
        folder = Files.createTempDirectory("qiaoqiao-smoke");
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", GATEWAY_JAR.toString(), "demo").directory(folder.toFile());
        // Only the ports differ from README's command, so that a busy 8080 or 4573 on the build machine does not matter.
        pb.environment().put("QIAOQIAO_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QIAOQIAO_AGI_PORT", String.valueOf(freePort()));
        pb.redirectErrorStream(true).redirectOutput(folder.resolve("demo.log").toFile());
        demo = pb.start();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .failFast("the demo exited; see " + folder.resolve("demo.log"), () -> !demo.isAlive())
                .until(() -> status("/health/ready") == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (demo != null) {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    @Test
    void the_demo_request_is_listed_done_with_its_whole_history() throws Exception {
        // The demo plays 王秀英's TV remote: code 1001 on a fresh database.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/tickets", "demo").body().contains("\"done\""));
        HttpResponse<String> list = get("/api/tickets", "demo");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("\"code\" : \"1001\"") || list.body().contains("\"code\":\"1001\""), list.body());
        assertTrue(list.body().contains("我家电视遥控器坏了"), list.body());

        HttpResponse<String> one = get("/api/tickets/1001", "demo");
        assertEquals(200, one.statusCode(), one.body());
        for (String event : List.of("created", "offered", "accepted", "done")) {
            assertTrue(one.body().contains("\"" + event + "\""), "event " + event + " in " + one.body());
        }
    }

    @Test
    void the_api_refuses_a_request_without_the_token() throws Exception {
        assertEquals(401, get("/api/tickets", null).statusCode());
        assertEquals(401, get("/api/tickets", "wrong").statusCode());
    }

    @Test
    void each_demo_roster_file_imports_over_http_and_changes_nothing_the_second_time() throws Exception {
        for (String kind : List.of("groups", "volunteers", "residents", "family")) {
            byte[] csv = Files.readAllBytes(ROSTER.resolve(kind + ".csv"));
            HttpResponse<String> imported = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/roster/import?kind=" + kind))
                    .header("Authorization", "Bearer demo").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, imported.statusCode(), kind + ": " + imported.body());
            // The demo imported the same roster at start-up: nothing is new.
            assertTrue(imported.body().matches("(?s).*\"inserted\"\\s*:\\s*0.*"), kind + ": " + imported.body());
        }
    }

    @Test
    void the_residents_export_is_csv_with_the_demo_residents() throws Exception {
        HttpResponse<String> export = get("/api/roster/residents.csv", "demo");
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), export.headers().toString());
        assertTrue(export.body().contains("王秀英"), export.body());
        assertTrue(export.body().startsWith("\uFEFF"), "UTF-8 with a byte order mark, for Excel on Chinese Windows");
        assertTrue(export.body().contains("'+8613900001001"), "a leading + neutralised: " + export.body());
    }

    @Test
    void the_demo_prints_the_desk_and_its_account_which_signs_in_over_http_and_sees_the_demo_ticket() throws Exception {
        Path log = folder.resolve("demo.log");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("/desk/"));
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        assertTrue(printed.contains("The studio desk: http://localhost:" + port + "/desk/  (sign in as 演示站长, password qiaoqiao-demo;"),
                printed);

        HttpResponse<String> signIn = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"演示站长\",\"password\":\"qiaoqiao-demo\"}")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(201, signIn.statusCode(), signIn.body());
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        // Cookie attribute names are case-insensitive (RFC 6265): Vert.x writes HTTPOnly.
        String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
        assertTrue(setCookie.startsWith("qiaoqiao_session=") && attributes.contains("; httponly") && attributes.contains("; samesite=strict"),
                setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/tickets/1001"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body().contains("\"done\""));
        // The timeline the demo printed is the one the desk shows, read with the desk's session.
        List<String> printedTimeline = new ArrayList<>();
        String afterHeading = printed.substring(printed.indexOf("Ticket 1001 as stored"));
        Matcher line = Pattern.compile("(?m)^  [0-9:.]+  (\\S+)  by (.+)$")
                .matcher(afterHeading.substring(0, afterHeading.indexOf("The studio desk:")));
        while (line.find()) {
            printedTimeline.add(line.group(1) + " by " + line.group(2).strip());
        }
        assertTrue(printedTimeline.size() >= 3 && printedTimeline.stream().anyMatch(e -> e.startsWith("accepted by "))
                && printedTimeline.stream().anyMatch(e -> e.startsWith("done by ")), "the demo printed the ticket's timeline: " + printedTimeline);
        HttpResponse<String> events = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/tickets/1001/events"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, events.statusCode(), events.body());
        List<String> deskTimeline = new ArrayList<>();
        new JsonObject(events.body()).getJsonArray("events").forEach(e -> deskTimeline.add(0,
                ((JsonObject) e).getString("type") + " by " + ((JsonObject) e).getString("actor")));
        assertEquals(printedTimeline, deskTimeline.subList(0, printedTimeline.size()), "the desk's timeline of ticket 1001 (oldest first)");
        HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/tickets")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertTrue(new JsonObject(list.body()).getJsonArray("tickets").stream().anyMatch(t -> "1001".equals(((JsonObject) t).getString("code"))),
                "the desk's ticket list holds the demo's ticket: " + list.body());
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/desk/")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, page.statusCode(), "the desk's address answers");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"), page.headers().toString());
    }

    @Test
    void metrics_and_health_answer_as_readme_says() throws Exception {
        assertEquals(401, get("/metrics", null).statusCode(), "the metrics name villages: the demo's token reads them");
        HttpResponse<String> metrics = get("/metrics", "demo");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("qiaoqiao_tickets_opened_total"), "ticket counter in /metrics");
        HttpResponse<String> health = get("/health", null);
        assertEquals(200, health.statusCode(), health.body());
        HttpResponse<String> ready = get("/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().replaceAll("\\s", "").contains("\"database\":\"UP\",\"smpp\":\"BOUND\""), ready.body());
        HttpResponse<String> live = get("/health/live", null);
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(metrics.body().contains("qiaoqiao_build_info{revision=\""), "build info in /metrics");
    }

    @Test
    void the_demo_logs_one_line_per_event_without_library_chatter() throws Exception {
        Path file = folder.resolve("demo.log");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(file, StandardCharsets.UTF_8)
                .contains("ticket 1001 opened by text"));
        String log = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(log.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[.+] "
                + "io\\.qiaoqiao\\.gateway\\.intake\\.TextIntake ticket=1001 - ticket 1001 opened by text from \\+86139\\*\\*\\*\\*1001 .*")),
                "the demo's ticket, with its code in the MDC:\n" + log);
        for (String noise : new String[] {"io.zonky", "LOG:  ", "This Gauge has been already registered", "\tat "}) {
            assertFalse(log.contains(noise), "'" + noise + "' in the demo's log:\n" + log);
        }
        assertTrue(Files.exists(folder.resolve("data").resolve("pg.log")), "the embedded server's own log beside its data");
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int status(String path) {
        try {
            return get(path, null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
