package io.qiaoqiao.gateway.loop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.outbox.Outbox;
import io.qiaoqiao.simulator.ReceivedSubmit;
import io.qiaoqiao.simulator.SubmitDecision;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A dead or throttling SMSC delays texts; it never loses or doubles them. */
class SmscOutageTest {
    private GatewayHarness h;

    @BeforeEach
    void start() throws Exception {
        h = GatewayHarness.start(Map.of()).withRoster(SmallRoster.CSV);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** The notices {@link #queue} puts in the outbox, as the phones must show them. */
    private static Set<String> notices(int count, String prefix) {
        Set<String> out = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            out.add(prefix + i + "号通知：明天上午九点村委会发放防汛物资。");
        }
        return out;
    }

    private void queue(int count, String prefix) {
        GatewayHarness.await(h.gateway().pool().withTransaction(db -> {
            Future<Void> chain = Future.succeededFuture();
            for (String body : notices(count, prefix)) {
                chain = chain.compose(v -> Outbox.text(db, "+86139000050" + String.format("%02d", body.hashCode() & 63),
                        body, "notice", null));
            }
            return chain;
        }));
    }

    private Map<String, Long> acceptedBodies() {
        List<String> all = new ArrayList<>();
        for (ReceivedSubmit s : h.smsc.submits()) {
            if (s.accepted()) {
                all.add(new String(s.shortMessage(), java.nio.charset.StandardCharsets.UTF_16BE));
            }
        }
        return all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void fifty_texts_queued_while_the_smsc_link_is_down_all_arrive_once_after_rebind() throws Exception {
        h.smsc.dropConnections();
        h.smsc.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !h.gateway().registry().scrape().contains("qiaoqiao_smpp_bound 1.0"));

        queue(50, "第");
        assertEquals(50, h.count("SELECT count(*) FROM outbox WHERE status = 'pending'"));

        h.smsc.start();
        h.awaitBound();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.count("SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered')") == 50);
        Map<String, Long> bodies = acceptedBodies();
        assertEquals(notices(50, "第"), bodies.keySet(), "every text arrived");
        assertEquals(List.of(1L), bodies.values().stream().distinct().toList(), "and each exactly once");
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count("SELECT count(*) FROM outbox WHERE status = 'delivered'") == 50);
    }

    @Test
    void throttled_texts_are_retried_with_backoff_until_the_smsc_takes_them() {
        int[] refusals = {0};
        h.smsc.policy(submit -> refusals[0]++ < 20 ? SubmitDecision.throttle() : SubmitDecision.accept());
        queue(10, "限流");
        await().atMost(Duration.ofSeconds(30)).until(() -> h.count("SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered')") == 10);
        Map<String, Long> bodies = acceptedBodies();
        assertEquals(notices(10, "限流"), bodies.keySet());
        assertEquals(List.of(1L), bodies.values().stream().distinct().toList());
        assertEquals(0, h.count("SELECT count(*) FROM outbox WHERE status = 'failed'"));
    }

    @Test
    void a_long_text_throttled_part_way_goes_on_from_that_part_under_its_own_reference() {
        String phone = "+8613900005077";
        String text = "【桥桥】新求助1001（维修）：" + "王秀英家的电视遥控器坏了，看不了戏曲频道，请志愿者上门看一看。".repeat(4);
        assertEquals(3, (text.length() + 66) / 67, "three UCS-2 parts of at most 67 characters");
        // The SMSC turns the first part 2 it sees away (ESME_RTHROTTLED, 0x58) and takes everything else.
        java.util.concurrent.atomic.AtomicBoolean refused = new java.util.concurrent.atomic.AtomicBoolean();
        h.smsc.policy(submit -> (submit.shortMessage()[5] & 0xff) == 2 && refused.compareAndSet(false, true)
                ? SubmitDecision.throttle() : SubmitDecision.accept());
        GatewayHarness.await(h.gateway().pool().withTransaction(db -> Outbox.text(db, phone, text, "notice", null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> h.count("SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered')") == 1);

        List<ReceivedSubmit> accepted = h.smsc.submits().stream()
                .filter(s -> s.accepted() && s.destination().equals("8613900005077")).toList();
        // Octets 4 and 6 of the header 05 00 03 ref total seq: one reference, each part once.
        assertEquals(Set.of(accepted.getFirst().shortMessage()[3]),
                accepted.stream().map(s -> s.shortMessage()[3]).collect(Collectors.toSet()), "one reference for the whole text");
        assertEquals(Map.of(1, 1L, 2, 1L, 3, 1L), accepted.stream().collect(Collectors.groupingBy(
                s -> s.shortMessage()[5] & 0xff, Collectors.counting())), "parts 1 and 3 are not sent again");
        h.assertUcs2Delivered(phone, 1, text);
        assertEquals(3, h.count("SELECT parts FROM outbox"));
        // Being asked to slow down is not the text's fault: it costs no attempt.
        assertEquals(1, h.count("SELECT attempts FROM outbox"));
    }

    @Test
    void two_long_texts_to_one_phone_under_one_reference_reach_it_whole_when_the_first_is_throttled_part_way() {
        String phone = "+8613900005078";
        String first = "【桥桥】新求助1001（维修）：" + "王秀英家的电视遥控器坏了，看不了戏曲频道，请志愿者上门看一看。".repeat(3);
        String second = "【桥桥】新求助1002（代办）：" + "李桂兰想请人帮忙去镇上买药，她腿脚不方便，明天上午在家等着。".repeat(3);
        // The SMSC turns the first part 2 it sees away (ESME_RTHROTTLED) and takes everything else.
        java.util.concurrent.atomic.AtomicBoolean refused = new java.util.concurrent.atomic.AtomicBoolean();
        h.smsc.policy(submit -> (submit.shortMessage()[5] & 0xff) == 2 && refused.compareAndSet(false, true)
                ? SubmitDecision.throttle() : SubmitDecision.accept());
        // Two rows 256 ids apart: their concatenation references (the ids' low 8 bits) are the same.
        GatewayHarness.await(h.gateway().pool().withTransaction(db -> Outbox.text(db, phone, first, "notice", null)
                .compose(v -> db.query("SELECT setval('outbox_id_seq', (SELECT max(id) FROM outbox) + 255)").execute())
                .compose(v -> Outbox.text(db, phone, second, "notice", null))));
        assertEquals(256, h.count("SELECT max(id) - min(id) FROM outbox"));
        await().atMost(Duration.ofSeconds(30)).until(() -> h.count("SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered')") == 2);

        // What the phone shows: it keeps the parts of each reference until the set is whole (05 00 03 ref total seq,
        // then UCS-2), and a set once shown is gone.
        List<String> shown = new ArrayList<>();
        Map<Integer, String[]> waiting = new HashMap<>();
        for (ReceivedSubmit s : h.smsc.submits()) {
            if (!s.accepted() || !s.destination().equals("8613900005078")) {
                continue;
            }
            byte[] pdu = s.shortMessage();
            String[] set = waiting.computeIfAbsent(pdu[3] & 0xff, ref -> new String[pdu[4] & 0xff]);
            set[(pdu[5] & 0xff) - 1] = new String(pdu, 6, pdu.length - 6, java.nio.charset.StandardCharsets.UTF_16BE);
            if (java.util.Arrays.stream(set).allMatch(java.util.Objects::nonNull)) {
                shown.add(String.join("", set));
                waiting.remove(pdu[3] & 0xff);
            }
        }
        assertEquals(List.of(first, second), shown, "each text whole, neither mixed with the other");
    }

    @Test
    void a_permanently_refused_text_is_marked_failed_and_the_others_still_go() {
        h.smsc.policy(submit -> submit.destination().endsWith("5099") ? SubmitDecision.fail(0x0B) : SubmitDecision.accept());
        GatewayHarness.await(h.gateway().pool().withTransaction(db -> Outbox.text(db, "+8613900005099", "坏号码", "notice", null)
                .compose(v -> Outbox.text(db, "+8613900005098", "好号码", "notice", null))));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count("SELECT count(*) FROM outbox WHERE status = 'failed'") == 1
                && h.count("SELECT count(*) FROM outbox WHERE status IN ('sent', 'delivered')") == 1);
        assertEquals("PERMANENT", h.sql("SELECT split_part(last_error, ':', 1) FROM outbox WHERE recipient = '+8613900005099'")
                .iterator().next().getString(0));
    }
}
