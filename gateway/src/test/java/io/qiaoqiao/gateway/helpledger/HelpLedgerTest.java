package io.qiaoqiao.gateway.helpledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.ApiClient;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.StudioTime;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one-to-one help ledger on a simulated studio clock set to early February of a year that is
 * not a leap year: a monthly bill opens its ticket on the 5th, and on the 28th when the item says
 * the 31st; each is offered first to the volunteer paired with the resident and, declined, routed
 * as usual; the ledger shows every occurrence with its outcome and counts the month.
 */
class HelpLedgerTest {
    static final String RESIDENT = "+8613960000001";
    static final String SON = "+8613960009001";
    static final String PAIRED = "+8613970000001";
    static final String MEMBER_B = "+8613970000002";
    static final String MEMBER_C = "+8613970000003";
    static final String LEADER = "+8613970000011";
    static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\nnanpo-1,南坡村一组志愿小组,南坡村,一组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + PAIRED + ",林志强,nanpo-1,,否,是\n"
                    + MEMBER_B + ",黄丽,nanpo-1,,否,是\n" + MEMBER_C + ",何军,nanpo-1,,否,是\n" + LEADER + ",郑组长,nanpo-1,,是,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n" + RESIDENT + ",陈玉珍,南坡村,一组,,是,85岁\n",
            RosterKind.FAMILY, "resident_phone,phone,name,relation\n" + RESIDENT + "," + SON + ",陈军,儿子\n");

    private GatewayHarness h;
    private ApiClient api;
    private int year;

    @BeforeEach
    void start() throws Exception {
        // The next February 3rd, 10:00 in the studio, of a year whose February has 28 days.
        LocalDateTime studio = StudioTime.nextInCommonYear(MonthDay.of(2, 3), LocalTime.of(10, 0));
        year = studio.getYear();
        Duration offset = StudioTime.offsetTo(studio);
        System.out.println("gateway set to " + studio + " studio time: February of a year that is not a leap year");
        h = GatewayHarness.start(Map.of("clock.offset", offset.toString(),
                "api.tokens", "studio:help-ledger.read+help-ledger.write+roster.write:studio-token,viewer:help-ledger.read:viewer-token,"
                        + "monthly:ledger.read+ledger.send:monthly-token")).withRoster(ROSTER);
        api = new ApiClient(h.gateway().httpPort(), "studio-token");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private long id(String table, String phone) {
        return h.count("SELECT id FROM " + table + " WHERE phone = $1", phone);
    }

    private JsonObject post(String path, String body) {
        HttpResponse<String> response = api.post(path, body);
        assertEquals(201, response.statusCode(), response.body());
        return ApiClient.json(response);
    }

    private record Opened(String code, ZonedDateTime at) {
    }

    private List<Opened> scheduleTickets() {
        List<Opened> out = new ArrayList<>();
        for (Row r : h.sql("SELECT code, created_at FROM tickets WHERE channel = 'schedule' ORDER BY id")) {
            out.add(new Opened(r.getString("code"), r.getOffsetDateTime("created_at").atZoneSameInstant(StudioTime.STUDIO)));
        }
        return out;
    }

    @Test
    void a_monthly_bill_opens_on_the_5th_and_the_31st_on_the_28th_offered_first_to_the_paired_volunteer() {
        long resident = id("residents", RESIDENT);
        long paired = id("volunteers", PAIRED);
        JsonObject power = post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"电费 每月5日\",\"volunteerId\":" + paired + "}");
        assertEquals("电费", power.getString("label"));
        assertEquals("每月5日", power.getString("scheduleText"));
        assertEquals(new JsonObject().put("kind", "monthly").put("day", 5), power.getJsonObject("schedule"));
        assertEquals(year + "-02-05T01:00:00Z", power.getJsonObject("next").getString("at"), "09:00 in the studio on the 5th");
        JsonObject water = post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"label\":\"水费\",\"schedule\":\"每月31号\","
                + "\"volunteerId\":" + paired + "}");
        assertEquals(year + "-02-28", water.getJsonObject("next").getString("opensOn"), "February has no 31st: its last day");

        h.letTimePass(Duration.ofDays(3), () -> scheduleTickets().size() == 1);
        Opened fifth = scheduleTickets().getFirst();
        assertEquals(LocalDate.of(year, 2, 5), fifth.at().toLocalDate());
        assertEquals(9, fifth.at().getHour());
        assertEquals(List.of(PAIRED), h.offeredTo(fifth.code()), "the paired volunteer first, alone");
        h.awaitTexts(PAIRED, 1);
        h.assertUcs2Delivered(PAIRED, 1, "【桥桥】新求助" + fifth.code() + "（代办）：陈玉珍，南坡村一组，电话13960000001。"
                + "“一对一帮扶：电费（每月5日）”。接单回复1 " + fifth.code() + "，不接回复2 " + fifth.code() + "。");
        assertEquals(List.of(), h.smsc.textsTo(RESIDENT), "the resident asked for nothing: no text about a new request");
        h.text(PAIRED, "1 " + fifth.code());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.ticketStatus(fifth.code()).equals("accepted"));
        h.text(PAIRED, "D " + fifth.code());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.ticketStatus(fifth.code()).equals("done"));

        h.letTimePass(Duration.ofDays(30), () -> scheduleTickets().size() == 2);
        Opened last = scheduleTickets().get(1);
        assertEquals(LocalDate.of(year, 2, 28), last.at().toLocalDate(), "the 31st falls on February's last day");
        assertEquals(List.of(PAIRED), h.offeredTo(last.code()));
        int before = h.smsc.textsTo(PAIRED).size();
        h.text(PAIRED, "2 " + last.code());
        h.awaitTexts(PAIRED, before + 1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.offeredTo(last.code()).size() >= 2);
        List<String> offered = h.offeredTo(last.code());
        assertEquals(PAIRED, offered.get(0));
        assertTrue(List.of(MEMBER_B, MEMBER_C).contains(offered.get(1)), "then routed as usual, to a neighbour: " + offered);
        List<String> steps = new ArrayList<>();
        h.sql("SELECT e.type || ' ' || (e.detail->>'step') FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                + "WHERE t.code = $1 AND e.type IN ('routed', 'escalated') ORDER BY e.id", last.code()).forEach(r -> steps.add(r.getString(0)));
        assertEquals(List.of("routed one-to-one", "routed neighbours"), steps, "both begin the chain: no hand-over to tell the resident of");

        JsonObject ledger = ApiClient.json(api.get("/api/help-ledger/residents/" + resident));
        assertEquals(2, ledger.getJsonArray("items").size());
        List<String> rows = ledger.getJsonArray("occurrences").stream().map(o -> (JsonObject) o)
                .map(o -> o.getString("label") + " " + o.getString("nominalOn") + " " + o.getString("pairedAnswer") + " "
                        + o.getString("outcome")).toList();
        assertEquals(List.of("水费 " + year + "-02-28 declined in_progress", "电费 " + year + "-02-05 accepted done"), rows);

        h.advance(Duration.ofDays(3));
        JsonObject month = ApiClient.json(api.as("viewer-token").get("/api/help-ledger/occurrences?month=" + year + "-02"));
        assertEquals(new JsonObject().put("occurrences", 2).put("opened", 2).put("done", 1).put("inProgress", 0).put("missed", 1)
                .put("skipped", 0).put("declined", 1).put("doneByPaired", 1), month.getJsonObject("counts"),
                "not done two days after it fell due: missed, and the 晒单 counts it");
        assertEquals(1, h.count("SELECT count(*) FROM help_ledger WHERE month = $1 AND outcome = 'missed'", year + "-02"));
        HttpResponse<String> readOnly = api.as("viewer-token").post("/api/help-ledger/items", "{\"residentId\":" + resident
                + ",\"entry\":\"购物 每周二上午\"}");
        assertEquals(403, readOnly.statusCode());
        assertEquals("https://qiaoqiao.io/problems/scope-missing", ApiClient.json(readOnly).getString("type"));
        assertEquals("help-ledger.write", ApiClient.json(readOnly).getString("scope"));
        HttpResponse<String> monthly = api.as("monthly-token").get("/api/help-ledger/items");
        assertEquals(403, monthly.statusCode(), "the 晒单's ledger.* scopes are not the help ledger's: " + monthly.body());
        assertEquals("help-ledger.read", ApiClient.json(monthly).getString("scope"));
        assertEquals(2, h.count("SELECT count(*) FROM operator_audit WHERE action = 'help-ledger.item.create'"));
    }

    @Test
    void a_holiday_entered_at_the_desk_after_a_bill_was_planned_moves_it_to_the_next_working_day() {
        long resident = id("residents", RESIDENT);
        JsonObject power = post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"电费 每月5日\"}");
        assertEquals(year + "-02-05", power.getJsonObject("next").getString("opensOn"), "planned before the desk knew of a holiday");

        post("/api/holidays", "{\"name\":\"调休\",\"firstDay\":\"" + year + "-02-05\",\"lastDay\":\"" + year + "-02-05\"}");
        h.letTimePass(Duration.ofDays(4), () -> scheduleTickets().size() == 1);
        Opened moved = scheduleTickets().getFirst();
        assertEquals(LocalDate.of(year, 2, 6), moved.at().toLocalDate(), "ledger.on-holiday=after: the next working day");
        assertEquals(9, moved.at().getHour());
        Row row = h.sql("SELECT nominal_on, opens_on, reason FROM help_occurrences").iterator().next();
        assertEquals(LocalDate.of(year, 2, 5), row.getLocalDate("nominal_on"));
        assertEquals(LocalDate.of(year, 2, 6), row.getLocalDate("opens_on"));
        assertEquals("holiday: moved to " + year + "-02-06", row.getString("reason"));

        JsonObject water = post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"水费 每月5日\"}");
        assertEquals(year + "-03-05", water.getJsonObject("next").getString("opensOn"), "a holiday already past moves nothing");
        post("/api/holidays", "{\"name\":\"调休\",\"firstDay\":\"" + year + "-03-05\",\"lastDay\":\"" + year + "-03-06\"}");
        JsonObject planned = post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"购物 每月5日\"}");
        assertEquals(year + "-03-07", planned.getJsonObject("next").getString("opensOn"), "planned against the desk's holidays");
    }

    @Test
    void ledger_holidays_seeds_the_desks_table_which_the_ledger_then_reads() throws Exception {
        h.close();
        Duration offset = StudioTime.offsetTo(StudioTime.nextInCommonYear(MonthDay.of(2, 3), LocalTime.of(10, 0)));
        Map<String, String> settings = Map.of("clock.offset", offset.toString(), "ledger.holidays", year + "-02-05",
                "ledger.on-holiday", "skip", "api.tokens", "studio:help-ledger.read+help-ledger.write:studio-token");
        h = GatewayHarness.start(settings).withRoster(ROSTER);
        api = new ApiClient(h.gateway().httpPort(), "studio-token");
        assertEquals(1, h.count("SELECT count(*) FROM holidays WHERE name = '配置 ledger.holidays' AND first_day = $1",
                LocalDate.of(year, 2, 5)));
        JsonObject power = post("/api/help-ledger/items", "{\"residentId\":" + id("residents", RESIDENT) + ",\"entry\":\"电费 每月5日\"}");
        assertNull(power.getJsonObject("next").getString("opensOn"), "ledger.on-holiday=skip: " + power);
        assertEquals("holiday", power.getJsonObject("next").getString("reason"));
    }

    @Test
    void a_weekly_item_and_a_visit_every_two_weeks_open_at_their_part_of_the_day() {
        long resident = id("residents", RESIDENT);
        JsonObject shopping = post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"购物 每周二上午\"}");
        assertEquals("每周二上午", shopping.getString("scheduleText"));
        LocalDate tuesday = LocalDate.of(year, 2, 3).with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.TUESDAY));
        assertEquals(tuesday.toString(), shopping.getJsonObject("next").getString("opensOn"));
        JsonObject visit = post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"探访 每两周\",\"category\":\"advice\"}");
        assertEquals("每两周", visit.getString("scheduleText"));
        assertEquals(LocalDate.of(year, 2, 17).toString(), visit.getJsonObject("next").getString("opensOn"),
                "every two weeks from the day it began (the 3rd, already past 09:00): the 17th");

        HttpResponse<String> bad = api.post("/api/help-ledger/items", "{\"residentId\":" + resident + ",\"entry\":\"电费 有空再说\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("电费 每月5日"), bad.body());
        assertEquals("https://qiaoqiao.io/problems/invalid-field", ApiClient.json(bad).getString("type"));
        assertEquals("entry", ApiClient.json(bad).getString("field"));
        assertTrue(bad.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"), bad.headers().toString());

        // Newest first, one a page, and the link to the next page as written out here.
        JsonObject first = ApiClient.json(api.get("/api/help-ledger/items?limit=1"));
        assertEquals(List.of(visit.getLong("id")), first.getJsonArray("items").stream().map(i -> ((JsonObject) i).getLong("id")).toList());
        assertEquals("/api/help-ledger/items?limit=1&before=" + visit.getLong("id"), first.getString("next"));
        JsonObject second = ApiClient.json(api.get(first.getString("next")));
        assertEquals(List.of(shopping.getLong("id")), second.getJsonArray("items").stream().map(i -> ((JsonObject) i).getLong("id")).toList());
        assertNull(second.getString("next"), "two items: no third page");
        HttpResponse<String> missing = api.get("/api/help-ledger/items/999999");
        assertEquals(404, missing.statusCode());
        assertEquals("https://qiaoqiao.io/problems/help-item-not-found", ApiClient.json(missing).getString("type"));
        HttpResponse<String> stopped = api.patch("/api/help-ledger/items/" + shopping.getLong("id"), "{\"active\":false}");
        assertEquals(200, stopped.statusCode(), stopped.body());
        assertEquals(0, h.count("SELECT count(*) FROM timers WHERE kind = 'help_due' AND status = 'pending' AND ref LIKE $1",
                "help:" + shopping.getLong("id") + ":%"), "a stopped item has no timer");
        assertEquals(1, h.count("SELECT count(*) FROM timers WHERE kind = 'help_due' AND status = 'pending'"));
    }
}
