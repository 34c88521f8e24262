package io.qiaoqiao.gateway.sms;

import static io.qiaoqiao.gateway.sms.RawSmsc.hex;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one SMSC may make the gateway store is bounded: a message_payload may carry 64 KB and a
 * long text 255 parts, and every part and the whole text were kept in the database as they came.
 * Now one deliver_sm's text is cut at {@code sms.max-payload-bytes} and a long text keeps its
 * first {@code sms.max-parts} parts (later parts are acknowledged and dropped), each cut counted
 * in qiaoqiao_input_limited_total with the key of its cap. The caps here are tiny so that the
 * octets can be written out by hand.
 */
class InboundCapsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private RawSmsc smsc;
    private Gateway gateway;

    private void start(Map<String, String> caps) throws Exception {
        smsc = RawSmsc.listen();
        Map<String, String> settings = RawSmscGateway.settings(smsc, dir);
        settings.putAll(caps);
        gateway = RawSmscGateway.start(smsc, settings);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    @Test
    void a_message_payload_longer_than_the_cap_is_cut_before_it_becomes_a_ticket() throws Exception {
        start(Map.of("sms.max-payload-bytes", "20"));
        RawSmsc.Pdu resp = smsc.deliver("""
                0000 005f  0000 0005  0000 0000  0000 0001   # command_length 95, deliver_sm, sequence 1
                00 01 01 3836 3133 3930 3030 3031 3030 3100  # service_type "", source +8613900001001
                00 01 3132 3334 3500                         # destination "12345"
                00 00 00 00 00 00 00                         # esm_class 0 ... replace_if_present 0
                08 00 00                                     # UCS-2, sm_length 0: the text is in message_payload
                0424 0028                                    # message_payload, 40 octets:
                8bf7 5e2e 6211 4fee 4e00 4e0b 53a8 623f 7684 6c34   # 请帮我修一下厨房的水
                9f99 5934 ff0c 5b83 4e00 76f4 5728 6ef4 6c34 5462   # 龙头，它一直在滴水呢
                """, WAIT);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0001  00   # deliver_sm_resp, ESME_ROK", resp);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM tickets") == 1);
        assertEquals(List.of("请帮我修一下厨房的水", "请帮我修一下厨房的水"), List.of(
                text("SELECT text FROM tickets"), text("SELECT body FROM inbound_messages")));
        assertEquals(1.0, limited("sms.max-payload-bytes"));
    }

    @Test
    void a_long_text_keeps_its_first_parts_and_a_part_past_the_cap_is_acknowledged_and_dropped() throws Exception {
        start(Map.of("sms.max-parts", "2"));
        for (String part : List.of(
                "0000 0001 # sequence 1\n 05 00 03 2b 03 01 # reference 0x2B, 3 parts, part 1\n 53a8 623f 6c34 7ba1 # 厨房水管",
                "0000 0002 # sequence 2\n 05 00 03 2b 03 02 # part 2\n 6f0f 6c34 4e86 ff0c # 漏水了，",
                "0000 0003 # sequence 3\n 05 00 03 2b 03 03 # part 3\n 8bf7 6765 4fee 3002 # 请来修。")) {
            String[] lines = part.split("\n");
            RawSmsc.Pdu resp = smsc.deliver("""
                    0000 0041  0000 0005  0000 0000  %s
                    00 01 01 3836 3133 3930 3030 3031 3030 3100  # service_type "", source +8613900001001
                    00 01 3132 3334 3500                         # destination "12345"
                    40 00 00 00 00 00 00                         # esm_class 0x40 UDHI
                    08 00 0e                                     # UCS-2, sm_length 14
                    %s
                    %s
                    """.formatted(lines[0], lines[1], lines[2]), WAIT);
            assertEquals(RawSmsc.DELIVER_SM_RESP, resp.commandId());
            assertEquals(0, resp.commandStatus(), "every part is acknowledged, the dropped one too");
        }
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM tickets") == 1);
        assertEquals("厨房水管漏水了，", text("SELECT text FROM tickets"));
        assertEquals(0, count("SELECT count(*) FROM inbound_parts"), "nothing is left waiting for a part");
        assertEquals(1.0, limited("sms.max-parts"));
    }

    private double limited(String key) {
        return gateway.registry().get("qiaoqiao.input.limited").tag("limit", key).counter().count();
    }

    private long count(String sql) {
        return GatewayHarness.await(gateway.pool().query(sql).execute()).iterator().next().getLong(0);
    }

    private String text(String sql) {
        return GatewayHarness.await(gateway.pool().query(sql).execute()).iterator().next().getString(0);
    }

    private static void assertOctets(String annotated, RawSmsc.Pdu actual) {
        assertEquals(HexFormat.of().formatHex(hex(annotated)), actual.hex());
    }
}
