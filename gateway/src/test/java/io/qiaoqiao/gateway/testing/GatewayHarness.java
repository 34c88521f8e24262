package io.qiaoqiao.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.roster.DemoRoster;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.timer.StudioClock;
import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SimulatedSmsc;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole gateway for a test: a fresh database on the shared embedded PostgreSQL, a simulated
 * SMSC on a loopback port, and the gateway bound to it. Phones "text" through the SMSC exactly
 * as a handset's message would arrive.
 */
public final class GatewayHarness implements AutoCloseable {
    public static final String SMSC_PASSWORD = "t3stpw";
    private static final Pattern CODE = Pattern.compile("(\\d{4,})");

    /**
     * Mid-morning in the studio, for tests whose subject happens only outside quiet hours (a
     * normal request offered to a volunteer at once).
     */
    public static final LocalTime DAYTIME = LocalTime.of(10, 0);

    public final SimulatedSmsc smsc;
    public final PgConnectOptions db;
    private Gateway gateway;
    private final Map<String, String> overrides;
    private final Path configFile;
    private final DatabaseOutage relay;

    private GatewayHarness(Map<String, String> overrides, Path configFile) throws Exception {
        this(overrides, configFile, null);
    }

    private GatewayHarness(Map<String, String> overrides, Path configFile, DatabaseOutage relay) throws Exception {
        this.smsc = new SimulatedSmsc(0, "qiaoqiao", SMSC_PASSWORD, "12345").start();
        this.db = TestPostgres.freshDatabase();
        this.overrides = StudioTime.withSuiteClock(overrides);
        this.configFile = configFile;
        this.relay = relay;
        this.gateway = Gateway.start(config());
        awaitBound();
    }

    /** Waits until the gateway has bound to the simulated SMSC. */
    public void awaitBound() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(smsc::hasBoundSession);
    }

    /**
     * A gateway with test-friendly pacing; {@code overrides} replace any key. Its clock is the
     * suite's ({@link StudioTime}): the real hour, or the studio time the suite runs at, unless
     * {@code overrides} pin one with {@link StudioTime#pinnedAt}.
     */
    public static GatewayHarness start(Map<String, String> overrides) throws Exception {
        return new GatewayHarness(overrides, null);
    }

    /**
     * A gateway with test-friendly pacing whose clock reads {@code local} studio time now;
     * {@code why} is the reason the test needs that hour (printed to the test's output).
     */
    public static GatewayHarness startAt(LocalTime local, String why, Map<String, String> overrides) throws Exception {
        return startAt(local, why, overrides, null);
    }

    /**
     * As {@link #startAt(LocalTime, String, Map)}, with the gateway reaching its database through
     * {@code relay}, so that the test can take the database away ({@link DatabaseOutage#begin()}).
     */
    public static GatewayHarness startThrough(DatabaseOutage relay, LocalTime local, String why, Map<String, String> overrides)
            throws Exception {
        Map<String, String> pinned = new HashMap<>(overrides);
        pinned.putAll(StudioTime.pinnedAt(local));
        System.out.println("gateway pinned at " + local + " studio time: " + why);
        return new GatewayHarness(pinned, null, relay);
    }

    /** As {@link #startAt(LocalTime, String, Map)}, also reading {@code configFile}, which a test may rewrite before a reload. */
    public static GatewayHarness startAt(LocalTime local, String why, Map<String, String> overrides, Path configFile)
            throws Exception {
        Map<String, String> pinned = new HashMap<>(overrides);
        pinned.putAll(StudioTime.pinnedAt(local));
        System.out.println("gateway pinned at " + local + " studio time: " + why);
        return new GatewayHarness(pinned, configFile);
    }

    /**
     * Lets {@code by} pass on the studio clock at once, for every node on this database (the clock
     * is the database's): the timers that fall due fire at their next poll.
     */
    public void advance(Duration by) {
        await(StudioClock.advance(gateway.pool(), by));
    }

    /** Moves the studio clock on to the next {@code local} time (Asia/Shanghai). */
    public void advanceTo(LocalTime local) {
        ZonedDateTime now = studioNow().atZone(StudioTime.STUDIO);
        ZonedDateTime target = now.with(local);
        if (!target.isAfter(now)) {
            target = target.plusDays(1);
        }
        advance(Duration.between(now, target));
    }

    /**
     * Lets studio time pass timer by timer, up to {@code most} from now or until {@code done}:
     * the clock jumps to the next pending timer, the gateway fires it, and the next jump waits
     * until nothing is due any more (timers fired, texts and calls handed to the SMSC and AMI).
     * Nothing waits for real minutes; the gateway's own timers and outbox do the work.
     */
    public void letTimePass(Duration most, java.util.function.BooleanSupplier done) {
        new StudioDatabase(gateway.pool()).letTimePass(most, done);
    }

    /** Waits until no timer is due and no text or call is waiting to go out. */
    public void awaitNothingDue() {
        new StudioDatabase(gateway.pool()).awaitNothingDue();
    }

    /** What the studio clock reads now. */
    public Instant studioNow() {
        return await(StudioClock.now(gateway.pool()));
    }

    public Config config() {
        Map<String, String> c = new HashMap<>();
        c.put("db.url", relay == null ? TestPostgres.url(db) : relay.url(db));
        c.put("http.port", "0");
        c.put("http.host", "127.0.0.1");
        c.put("smpp.host", "127.0.0.1");
        c.put("smpp.port", String.valueOf(smsc.port()));
        c.put("smpp.password", SMSC_PASSWORD);
        c.put("smpp.reconnect-min-ms", "100");
        c.put("smpp.reconnect-max-ms", "500");
        c.put("outbox.poll-ms", "100");
        c.put("outbox.retry-min-ms", "200");
        c.put("outbox.retry-max-ms", "1000");
        c.put("timers.poll-ms", "100");
        c.put("agi.port", "0");
        c.put("ami.enabled", "false");
        c.put("plugins.reload-on-sighup", "false");
        c.put("plugins.dir", db.getDatabase() + "-no-plugins");
        // Calls this gateway could not open are its own: never replayed into another test's database.
        c.put("voice.spool-dir", Path.of(System.getProperty("java.io.tmpdir"), "qiaoqiao-voice-spool-" + db.getDatabase()).toString());
        c.putAll(overrides);
        return configFile == null ? Config.of(c) : Config.load(configFile, Map.of()).with(c);
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Stops the gateway cleanly and starts a new one on the same database and SMSC. */
    public void restartGateway() {
        gateway.stop();
        gateway = Gateway.start(config());
        awaitBound();
    }

    public GatewayHarness withDemoRoster() {
        GatewayHarness.await(DemoRoster.importWith(new RosterImporter(gateway.pool())));
        return this;
    }

    public GatewayHarness withRoster(Map<RosterKind, String> csv) {
        var report = GatewayHarness.await(new RosterImporter(gateway.pool()).importCsv(csv));
        if (!report.ok()) {
            throw new IllegalStateException("test roster did not import: " + report);
        }
        return this;
    }

    /** Sends a text from a phone to the hotline; returns the gateway's deliver_sm_resp status. */
    public int text(String from, String body) {
        return smsc.deliverText(from, body);
    }

    /** Waits until the phone has received {@code count} whole texts and returns them all. */
    public List<String> awaitTexts(String phone, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> smsc.textsTo(phone).size() >= count);
        return smsc.textsTo(phone);
    }

    /** The newest whole text the phone received once it has at least {@code count}. */
    public String awaitText(String phone, int count) {
        List<String> texts = awaitTexts(phone, count);
        return texts.get(count - 1);
    }

    public static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no ticket code in: " + text);
        }
        return m.group(1);
    }

    /**
     * Asserts that the {@code nth} whole text (from 1, in the order its first part arrived) the
     * SMSC accepted for {@code phone} is {@code expected} in UCS-2, octet for octet: every part
     * has data_coding 8; a text of several parts carries the user data header 05 00 03 ref total
     * seq (3GPP TS 23.040 9.2.3.24.1) with one reference and its parts numbered 1, 2, ... in
     * order; and the user data after the headers is exactly the UTF-16BE of {@code expected}.
     */
    public void assertUcs2Delivered(String phone, int nth, String expected) {
        List<ReceivedSubmit> accepted = smsc.submits().stream()
                .filter(s -> s.accepted() && s.destination().equals(phone.replace("+", ""))).toList();
        List<List<ReceivedSubmit>> messages = messages(accepted);
        assertTrue(messages.size() >= nth, "only " + messages.size() + " whole text(s) to " + phone + ", wanted text " + nth
                + ": " + smsc.textsTo(phone));
        List<ReceivedSubmit> message = messages.get(nth - 1);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (int i = 0; i < message.size(); i++) {
            ReceivedSubmit part = message.get(i);
            byte[] sm = part.shortMessage();
            assertEquals(8, part.dataCoding(), "Chinese text must be UCS-2 (data_coding 8)");
            int skip = 0;
            if (message.size() > 1) {
                assertEquals(0x40, part.esmClass() & 0x40, "a part of a long text says it has a header (UDHI)");
                assertArrayEquals(new byte[] {0x05, 0x00, 0x03, message.get(0).shortMessage()[3], (byte) message.size(), (byte) (i + 1)},
                        Arrays.copyOf(sm, 6), "header of part " + (i + 1));
                skip = 6;
            } else {
                assertEquals(0, part.esmClass() & 0x40, "a text of one part has no header");
            }
            payload.write(sm, skip, sm.length - skip);
        }
        assertEquals(expected, new String(payload.toByteArray(), StandardCharsets.UTF_16BE), "text " + nth + " to " + phone);
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_16BE), payload.toByteArray(), "text " + nth + " to " + phone);
    }

    /**
     * Groups segments into whole messages, in the order their first segment arrived: a segment
     * with a header joins the others of its 8-bit reference until all {@code total} are there;
     * a segment without one is a message alone. Messages with a part missing are left out.
     */
    static List<List<ReceivedSubmit>> messages(List<ReceivedSubmit> submits) {
        Map<Object, List<ReceivedSubmit>> byFirstArrival = new LinkedHashMap<>();
        Map<Integer, Object> openByRef = new HashMap<>();
        for (ReceivedSubmit s : submits) {
            byte[] sm = s.shortMessage();
            if ((s.esmClass() & 0x40) != 0 && sm.length >= 6 && sm[1] == 0x00) {
                int ref = sm[3] & 0xff;
                int total = sm[4] & 0xff;
                Object key = openByRef.computeIfAbsent(ref, r -> new Object());
                List<ReceivedSubmit> parts = byFirstArrival.computeIfAbsent(key, k -> new ArrayList<>());
                parts.add(s);
                if (parts.size() == total) {
                    parts.sort(Comparator.comparingInt(p -> p.shortMessage()[5] & 0xff));
                    openByRef.remove(ref);
                }
            } else {
                byFirstArrival.put(new Object(), new ArrayList<>(List.of(s)));
            }
        }
        List<List<ReceivedSubmit>> whole = new ArrayList<>();
        for (List<ReceivedSubmit> parts : byFirstArrival.values()) {
            boolean single = (parts.get(0).esmClass() & 0x40) == 0;
            if (single || parts.size() == (parts.get(0).shortMessage()[4] & 0xff)) {
                whole.add(parts);
            }
        }
        return whole;
    }

    public RowSet<Row> sql(String sql, Object... params) {
        return await(gateway.pool().preparedQuery(sql).execute(Tuple.from(params)));
    }

    public long count(String sql, Object... params) {
        return sql(sql, params).iterator().next().getLong(0);
    }

    public String ticketStatus(String code) {
        return sql("SELECT status FROM tickets WHERE code = $1", code).iterator().next().getString(0);
    }

    /** The phones of the volunteers a ticket was offered to, in the order of the offers. */
    public List<String> offeredTo(String code) {
        List<String> out = new ArrayList<>();
        sql("SELECT v.phone FROM offers o JOIN volunteers v ON v.id = o.volunteer_id JOIN tickets t ON t.id = o.ticket_id "
                + "WHERE t.code = $1 ORDER BY o.id", code).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    public List<String> eventTypes(String code) {
        List<String> out = new ArrayList<>();
        sql("SELECT e.type FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 ORDER BY e.id", code)
                .forEach(r -> out.add(r.getString(0)));
        return out;
    }

    public static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            gateway.stop();
        } finally {
            smsc.close();
        }
    }
}
