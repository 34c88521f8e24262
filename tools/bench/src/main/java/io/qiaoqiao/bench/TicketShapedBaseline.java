package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical limit for the work a ticket is: pgbench writing, in one transaction per ticket,
 * exactly the rows one text that becomes a ticket and its first offer writes in the gateway's own
 * schema — the inbound message, the ticket and its state changes, its events, the offer, its two
 * timers and the two texts in the outbox — with 16 clients and durable commits. The gateway's
 * tickets per second are reported as a share of it.
 */
final class TicketShapedBaseline {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final String SEED = """
            INSERT INTO volunteer_groups (code, name, village, serves) VALUES ('bench-1', '基准小组', '基准村', '{一组}');
            INSERT INTO volunteers (phone, name, group_id) VALUES ('+8613900002001', '基准志愿者', 1);
            INSERT INTO residents (phone, name, village, village_group) VALUES ('+8613900001001', '基准居民', '基准村', '一组');
            """;
    /** pgbench's script: the rows of one ticket, in the order the gateway writes them. */
    static final String SCRIPT = """
            \\set sender random(1, 999999999)
            BEGIN;
            INSERT INTO tickets (code, channel, kind, resident_id, requester_phone, on_behalf, registered, category, urgency, status, text)
              VALUES (nextval('ticket_code_seq')::text, 'sms', 'request', 1, '+8613900001001', false, true, 'REPAIR', 'NORMAL', 'open',
                      '我家电视遥控器坏了，看不了戏曲频道') RETURNING id AS ticket \\gset
            INSERT INTO ticket_events (ticket_id, type, actor, detail) VALUES (:ticket, 'created', 'sms:+8613900001001',
              jsonb_build_object('channel', 'sms', 'kind', 'request', 'category', 'REPAIR', 'urgency', 'NORMAL', 'registered', true));
            INSERT INTO inbound_messages (sender, body, parts, incomplete, handled_as, ticket_id)
              VALUES ('+86139' || :sender, '我家电视遥控器坏了，看不了戏曲频道', 1, false, 'ticket', :ticket);
            INSERT INTO outbox (recipient, body, purpose, ticket_id)
              VALUES ('+8613900001001', '【桥桥】已收到您的求助，编号1001。正在为您联系志愿者，请保持电话畅通。', 'received', :ticket);
            UPDATE tickets SET status = 'offered', escalation_step = 'neighbours', level = 'private', step_started_at = now() WHERE id = :ticket;
            INSERT INTO ticket_events (ticket_id, type, actor, detail) VALUES (:ticket, 'routed', 'routing', jsonb_build_object('step', 'neighbours', 'budgetSeconds', 1200));
            INSERT INTO timers (kind, ticket_id, ref, due_at) VALUES ('escalation_step', :ticket, 'escalation:' || :ticket, now() + interval '20 minutes');
            INSERT INTO offers (ticket_id, volunteer_id, status, expires_at, step)
              VALUES (:ticket, 1, 'pending', now() + interval '10 minutes', 'neighbours') RETURNING id AS offer \\gset
            INSERT INTO timers (kind, ticket_id, offer_id, due_at) VALUES ('offer_expiry', :ticket, :offer, now() + interval '10 minutes');
            INSERT INTO outbox (recipient, body, purpose, ticket_id)
              VALUES ('+8613900002001', '【桥桥】新求助1001（维修）：基准居民，基准村一组，电话13900001001。“我家电视遥控器坏了，看不了戏曲频道”。接单回复1 1001，不接回复2 1001。', 'offer', :ticket);
            INSERT INTO ticket_events (ticket_id, type, actor, detail) VALUES (:ticket, 'offered', 'routing',
              jsonb_build_object('step', 'neighbours', 'offers', jsonb_build_array(jsonb_build_object('volunteerId', 1)), 'timeoutSeconds', 600));
            COMMIT;
            """;

    private static final Pattern INSERT_INTO = Pattern.compile("INSERT INTO (\\w+)");

    private final BenchDatabase db;
    private final BenchSettings settings;

    TicketShapedBaseline(BenchDatabase db, BenchSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    /** How many rows the script inserts into each table, for the test that holds it to the gateway's. */
    static Map<String, Long> rowsInserted() {
        Map<String, Long> rows = new TreeMap<>();
        Matcher m = INSERT_INTO.matcher(SCRIPT);
        while (m.find()) {
            rows.merge(m.group(1), 1L, Long::sum);
        }
        return rows;
    }

    Result run(int clients) throws Exception {
        PgConnectOptions target = db.fresh("baseline_ticket_" + clients);
        Pool pool = db.pool(target, 1);
        try {
            for (String statement : SEED.strip().split(";\n")) {
                Gateway.await(pool.query(statement).execute());
            }
        } finally {
            pool.close();
        }
        if (!BaselineScenario.pgbenchAvailable()) {
            return new Result("baseline_ticket_shaped_" + clients + "clients").put("skipped", "pgbench is not installed");
        }
        Path script = Files.createTempFile("qiaoqiao-ticket", ".sql");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        try {
            pgbench(target, clients, script, settings.warmupSeconds());
            double tps = pgbench(target, clients, script, settings.baselineSeconds());
            return new Result("baseline_ticket_shaped_" + clients + "clients")
                    .put("tool", "pgbench")
                    .put("clients", clients)
                    .put("rows_per_ticket", rowsInserted().values().stream().mapToLong(Long::longValue).sum())
                    .put("tickets_per_s", tps);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static double pgbench(PgConnectOptions target, int clients, Path script, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-c", String.valueOf(clients),
                "-j", String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(seconds), "-f", script.toString(),
                "-h", target.getHost(), "-p", String.valueOf(target.getPort()), "-U", target.getUser(), target.getDatabase());
        pb.environment().put("PGPASSWORD", target.getPassword());
        pb.environment().put("PGCLIENTENCODING", "UTF8");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + out);
        }
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no tps in pgbench output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
