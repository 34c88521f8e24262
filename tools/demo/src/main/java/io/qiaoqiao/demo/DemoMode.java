package io.qiaoqiao.demo;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.desk.OperatorAccounts;
import io.qiaoqiao.gateway.desk.PasswordHash;
import io.qiaoqiao.gateway.roster.ImportReport;
import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Demo mode: the real gateway on the embedded database, with the fictional roster of 桥头村
 * and a SIMULATED SMSC whose simulated phones play one request end to end. Everything between
 * the phones and the database is the production code path; only the SMSC and the phones are
 * pretend.
 */
public final class DemoMode implements AutoCloseable {
    static final String RESIDENT = "+8613900001001"; // 王秀英
    static final String SON = "+8613900009001";      // 李建国
    static final String REQUEST = "我家电视遥控器坏了，看不了戏曲频道";
    private static final String DEMO_SMSC_PASSWORD = "demo";
    /** The demo's operator API token, printed with the curl examples: demo data only, never a real gateway. */
    static final String DEMO_API_TOKEN = "demo";
    /** The demo's desk account, printed with the desk's address: demo data only, never a real gateway. */
    static final String DESK_NAME = "演示站长";
    static final String DESK_PASSWORD = "qiaoqiao-demo";
    private static final Pattern CODE = Pattern.compile("(\\d{4,})");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final SimulatedSmsc smsc;
    private final Gateway gateway;
    private final PrintStream out;

    private DemoMode(SimulatedSmsc smsc, Gateway gateway, PrintStream out) {
        this.smsc = smsc;
        this.gateway = gateway;
        this.out = out;
    }

    /** Starts the simulated SMSC and the gateway bound to it, and imports the demo roster. */
    public static DemoMode start(Config config) throws IOException {
        SimulatedSmsc smsc = new SimulatedSmsc(0, "qiaoqiao", DEMO_SMSC_PASSWORD, "12345").start();
        Map<String, String> demoTokens = config.secret("api.tokens").isEmpty()
                ? Map.of("api.tokens", "demo:*:" + DEMO_API_TOKEN) : Map.of();
        Config demo = config.with(demoTokens).with(Map.of(
                "smpp.enabled", "true",
                "smpp.host", "127.0.0.1",
                "smpp.port", String.valueOf(smsc.port()),
                "smpp.system-id", "qiaoqiao",
                "smpp.password", DEMO_SMSC_PASSWORD,
                "smpp.source-addr", "12345",
                "outbox.poll-ms", "200",
                // No Asterisk in the demo: confirmation and rating calls are not placed.
                "ami.enabled", "false",
                // The scenario plays whenever it is started; at night quiet hours would hold it until morning.
                "plugins.disabled", String.join(",", config.string("plugins.disabled"), "quiet-hours")));
        Gateway gateway = Gateway.start(demo);
        PrintStream out = System.out;
        ImportReport report = await(DemoRoster.importWith(new RosterImporter(gateway.pool())));
        out.println();
        out.println("=== Qiaoqiao demo — SIMULATED SMSC on 127.0.0.1:" + smsc.port() + ", simulated phones, fictional roster of 桥头村 ===");
        out.println("roster: " + report.describe().replace('\n', ' '));
        deskAccount(gateway);
        return new DemoMode(smsc, gateway, out);
    }

    /** 王秀英 texts about her TV remote; the volunteer who gets the offer accepts and finishes. */
    public void playScenario() {
        waitFor(smsc::hasBoundSession);
        say("王秀英 " + PhoneNumbers.mask(RESIDENT) + " texts the hotline: 「" + REQUEST + "」");
        smsc.deliverText(RESIDENT, REQUEST);
        String received = awaitNewText(RESIDENT, 0);
        String code = code(received);
        say("→ 王秀英 receives: " + received);

        String[] volunteer = awaitOffer(code);
        String volunteerPhone = volunteer[0];
        say("→ volunteer " + volunteer[1] + " " + PhoneNumbers.mask(volunteerPhone) + " receives the offer: " + volunteer[2]);

        int before = smsc.textsTo(volunteerPhone).size();
        say(volunteer[1] + " replies: 接 " + code);
        smsc.deliverText(volunteerPhone, "接 " + code);
        say("→ " + volunteer[1] + " receives: " + awaitNewText(volunteerPhone, before));
        say("→ 王秀英 receives: " + awaitNewText(RESIDENT, 1));
        say("→ her son 李建国 " + PhoneNumbers.mask(SON) + " receives: " + awaitNewText(SON, 0));

        before = smsc.textsTo(volunteerPhone).size();
        say(volunteer[1] + " fixes the remote and replies: 完成 " + code);
        smsc.deliverText(volunteerPhone, "完成 " + code);
        say("→ 王秀英 receives: " + awaitNewText(RESIDENT, 2));
        say("→ " + volunteer[1] + " receives: " + awaitNewText(volunteerPhone, before));

        out.println();
        out.println("Ticket " + code + " as stored (GET /api/tickets/" + code + "):");
        for (Row r : await(gateway.pool().preparedQuery("""
                SELECT e.at, e.type, e.actor FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                WHERE t.code = $1 ORDER BY e.id""").execute(Tuple.of(code)))) {
            out.println("  " + r.getOffsetDateTime("at").atZoneSameInstant(ZoneId.systemDefault()).toLocalTime().format(CLOCK)
                    + "  " + r.getString("type") + "  by " + r.getString("actor"));
        }
        int port = gateway.httpPort();
        out.println();
        out.println("The studio desk: http://localhost:" + port + "/desk/  (sign in as " + DESK_NAME + ", password " + DESK_PASSWORD
                + "; demo data only)");
        out.println();
        out.println("The gateway keeps running. Try:");
        String auth = gateway.config().string("api.tokens").equals("demo:*:" + DEMO_API_TOKEN)
                ? "-H 'Authorization: Bearer " + DEMO_API_TOKEN + "' " : "-H 'Authorization: Bearer <your token>' ";
        out.println("  curl -s " + auth + "localhost:" + port + "/api/tickets");
        out.println("  curl -s " + auth + "localhost:" + port + "/api/tickets/" + code);
        out.println("  curl -s " + auth + "localhost:" + port + "/api/points/ranking");
        out.println("  curl -s localhost:" + port + "/metrics | grep qiaoqiao_");
        out.println("  curl -s localhost:" + port + "/health");
        out.println("Ctrl-C stops it; the data stays in " + gateway.config().string("db.embedded.dir") + ".");
    }

    /** The demo's desk account; a demo started again on the same data keeps the one it made before. */
    private static void deskAccount(Gateway gateway) {
        String hash = PasswordHash.hash(DESK_PASSWORD);
        await(gateway.pool().withTransaction(db -> db.preparedQuery("SELECT 1 FROM operators WHERE name = $1").execute(Tuple.of(DESK_NAME))
                .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
                        : OperatorAccounts.create(db, DESK_NAME, hash, List.of("*"), "demo").mapEmpty())));
    }

    /** Finds the volunteer whose offer carries this ticket code: {phone, name, text}. */
    private String[] awaitOffer(String code) {
        String[] found = new String[3];
        waitFor(() -> {
            for (Row r : await(gateway.pool().query("SELECT phone, name FROM volunteers ORDER BY id").execute())) {
                for (String text : smsc.textsTo(r.getString("phone"))) {
                    if (text.contains("新求助" + code)) {
                        found[0] = r.getString("phone");
                        found[1] = r.getString("name");
                        found[2] = text;
                        return true;
                    }
                }
            }
            return false;
        });
        return found;
    }

    private String awaitNewText(String phone, int alreadySeen) {
        waitFor(() -> smsc.textsTo(phone).size() > alreadySeen);
        List<String> texts = smsc.textsTo(phone);
        return texts.get(texts.size() - 1);
    }

    private static void waitFor(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the demo scenario did not complete in 30 s; see the log above");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void say(String line) {
        out.println(LocalTime.now().format(CLOCK) + "  " + line);
    }

    private static String code(String text) {
        Matcher m = CODE.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no ticket code in " + text);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        gateway.stop();
        smsc.close();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
