package io.qiaoqiao.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 办结率 as the studio publishes it: of this month's tickets, duplicates left out, the share the
 * resident confirmed done (on the call, by text, or the studio on their behalf). A volunteer's
 * "done" alone, a studio's close, a "not done" and last month's tickets do not count. A month of
 * tickets is generated and its rate computed here, from the generated rows, not by the gateway.
 */
class CompletionRateTest {
    private static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\neast-1,东村一组志愿小组,东村,一组\nwest-1,西村一组志愿小组,西村,一组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n+8613700000001,赵一,east-1,,是,是\n"
                    + "+8613700000002,钱二,west-1,,是,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n+8613600000001,钱大妈,东村,一组,,是,\n"
                    + "+8613600000002,孙大爷,西村,一组,,否,\n");
    private static final String INSERT = """
            INSERT INTO tickets (code, channel, kind, resident_id, requester_phone, registered, category, urgency, status, text,
                                 created_at, rating_done, rating_channel, close_kind)
            SELECT nextval('ticket_code_seq')::text, 'sms', 'request', r.id, r.phone, true, 'ERRAND', 'NORMAL', $2::text, '代缴电费',
                   CASE WHEN $6::boolean THEN (date_trunc('month', studio_now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')
                                     - interval '1 hour'
                        ELSE studio_now() - make_interval(mins => $3::int) END,
                   $4::boolean, CASE WHEN $4::boolean IS NULL THEN NULL ELSE $7::text END, $5::text
            FROM residents r WHERE r.phone = $1""";

    /** One generated ticket, as the test knows it. */
    private record Generated(String status, Boolean ratingDone, String closeKind, boolean lastMonth) {
        boolean counted() {
            return !lastMonth && !"duplicate".equals(closeKind);
        }

        boolean confirmed() {
            return counted() && Boolean.TRUE.equals(ratingDone);
        }
    }

    @Test
    void the_completion_rate_counts_only_tickets_the_resident_confirmed_and_leaves_out_duplicates() throws Exception {
        try (GatewayHarness h = GatewayHarness.startAt(GatewayHarness.DAYTIME,
                "this month's tickets are generated up to five hours back: at 10:00 they all fall in the studio's month",
                Map.of()).withRoster(ROSTER)) {
            Random random = new Random(20261201);
            List<String> statuses = List.of("open", "offered", "accepted", "done", "done", "closed", "closed", "reopened");
            List<String> channels = List.of("call", "sms", "operator");
            Generated[] east = new Generated[120];
            for (int i = 0; i < east.length; i++) {
                String status = statuses.get(random.nextInt(statuses.size()));
                Boolean ratingDone = switch (status) {
                    case "done", "closed" -> new Boolean[] {null, true, false}[random.nextInt(3)];
                    case "reopened" -> false;
                    default -> null;
                };
                String closeKind = status.equals("closed") ? new String[] {"solved", "duplicate", "withdrawn"}[random.nextInt(3)] : null;
                east[i] = new Generated(status, ratingDone, closeKind, i % 17 == 0);
                h.sql(INSERT, "+8613600000001", status, random.nextInt(300), ratingDone, closeKind, east[i].lastMonth(),
                        channels.get(random.nextInt(channels.size())));
            }
            // West: only duplicates this month. No rate to publish, rather than 0 % or a division by zero.
            for (int i = 0; i < 3; i++) {
                h.sql(INSERT, "+8613600000002", "closed", 10, true, "duplicate", false, "operator");
            }

            long counted = Arrays.stream(east).filter(Generated::counted).count();
            long confirmed = Arrays.stream(east).filter(Generated::confirmed).count();
            double expected = (double) confirmed / counted;
            assertTrue(confirmed > 5 && counted - confirmed > 5, "the generated month has both: " + confirmed + "/" + counted);
            long doneOrClosed = Arrays.stream(east).filter(g -> !g.lastMonth() && List.of("done", "closed").contains(g.status())).count();
            assertTrue(Math.abs((double) doneOrClosed / (east.length - Arrays.stream(east).filter(Generated::lastMonth).count())
                    - expected) > 0.05, "the old rule (done or closed) would give another figure");

            GatewayHarness.await(h.gateway().refreshStatistics());
            String scrape = h.gateway().registry().scrape();
            assertEquals(expected, gauge(scrape, "qiaoqiao_village_completion_ratio", "village", "东村"), 1e-9);
            assertEquals(expected, gauge(scrape, "qiaoqiao_group_completion_ratio", "group", "east-1"), 1e-9);
            assertFalse(scrape.contains("qiaoqiao_village_completion_ratio{village=\"西村\"}"), "nothing counted in 西村: " + scrape);
            assertEquals(east.length - Arrays.stream(east).filter(Generated::lastMonth).count(),
                    gauge(scrape, "qiaoqiao_village_tickets_month", "village", "东村"), 1e-9, "this month's tickets, all of them");
        }
    }

    private static double gauge(String scrape, String name, String label, String value) {
        Matcher m = Pattern.compile("^" + name + "\\{" + label + "=\"" + Pattern.quote(value) + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        if (!m.find()) {
            throw new AssertionError(name + "{" + label + "=" + value + "} not exported");
        }
        return Double.parseDouble(m.group(1));
    }
}
