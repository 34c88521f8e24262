package io.qiaoqiao.gateway.sms;

import static io.qiaoqiao.gateway.sms.RawSmsc.hex;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.TestPostgres;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway against an SMSC that is only a socket ({@link RawSmsc}): every PDU either way
 * is written out here by hand from SMPP 3.4 (bind_transceiver 4.1.5, submit_sm 4.4.1, deliver_sm
 * 4.6.1, optional parameters 5.3) and the user data header of 3GPP TS 23.040 9.2.3.24, octet for
 * octet. Neither jsmpp nor the gateway's codec nor the simulator's produces an expected value, so
 * a bug shared by an encoder and its decoder cannot pass.
 *
 * <p>The characters' UCS-2 octets are their Unicode code points (U+6211 我 is 62 11); GSM 03.38
 * septets are from the specification's table (@ is 00, € is the escape 1B then 65).
 */
@Tag("slow")
class SmppWireBytesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RESIDENT = "+8613900001001";
    private static final String VOLUNTEER = "+8613900003001";
    private static final Map<RosterKind, String> ROSTER = Map.of(
            RosterKind.GROUPS, "code,name,village,serves\ng1,桥头村一组志愿小组,桥头村,一组\n",
            RosterKind.VOLUNTEERS, "phone,name,group_code,skills,leader,active\n" + VOLUNTEER + ",甲,g1,,否,是\n",
            RosterKind.RESIDENTS, "phone,name,village,village_group,grid,lives_alone,notes\n" + RESIDENT + ",王秀英,桥头村,一组,,是,\n");

    @TempDir
    Path dir;
    private RawSmsc smsc;
    private Gateway gateway;
    private RawSmsc.Pdu bind;

    @BeforeEach
    void startTheGatewayAgainstARawSmsc() throws Exception {
        smsc = RawSmsc.listen();
        PgConnectOptions db = TestPostgres.freshDatabase();
        Map<String, String> settings = new HashMap<>();
        settings.put("db.url", TestPostgres.url(db));
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("smpp.host", "127.0.0.1");
        settings.put("smpp.port", String.valueOf(smsc.port()));
        settings.put("smpp.system-id", "qiaoqiao");
        settings.put("smpp.password", "t3stpw");
        settings.put("smpp.system-type", "QQGW");
        settings.put("smpp.source-addr", "10690012345");
        settings.put("smpp.source-ton", "2");
        settings.put("smpp.source-npi", "1");
        settings.put("smpp.dest-ton", "1");
        settings.put("smpp.dest-npi", "1");
        settings.put("smpp.enquire-link-seconds", "1");
        settings.put("smpp.response-timeout-ms", "5000");
        settings.put("outbox.poll-ms", "100");
        settings.put("timers.poll-ms", "100");
        settings.put("agi.enabled", "false");
        settings.put("ami.enabled", "false");
        settings.put("plugins.reload-on-sighup", "false");
        settings.put("plugins.dir", dir.resolve("no-plugins").toString());
        // No quiet hours: what is sent must not depend on the hour the test runs at.
        settings.put("plugins.disabled", "quiet-hours");

        // The gateway binds from its own thread while it starts; this thread plays the SMSC.
        CompletableFuture<Gateway> started = CompletableFuture.supplyAsync(() -> Gateway.start(Config.of(settings)));
        bind = smsc.acceptFirstPdu(Duration.ofSeconds(60));
        assertEquals(RawSmsc.BIND_TRANSCEIVER, bind.commandId(), "the first PDU is bind_transceiver: " + bind.hex());
        smsc.write(hex("""
                0000 0018  8000 0009  0000 0000  %08x   # command_length 24, bind_transceiver_resp, ESME_ROK, the bind's sequence
                5241 5753 4d53 4300                      # system_id "RAWSMSC"
                """.formatted(bind.sequence())));
        smsc.answerFromNowOn();
        gateway = started.get(60, TimeUnit.SECONDS);
        GatewayHarness.await(new RosterImporter(gateway.pool()).importCsv(ROSTER));
        await().atMost(WAIT).until(() -> gateway.registry().scrape().contains("qiaoqiao_smpp_bound 1.0"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            assertEquals(List.of(), smsc.problems(), "PDUs the SMSC did not expect");
        } finally {
            if (gateway != null) {
                gateway.stop();
            }
            smsc.close();
        }
    }

    @Test
    void the_bind_carries_the_configured_system_id_password_system_type_interface_version_and_ton_npi() {
        assertOctets("""
                0000 0029  0000 0009  0000 0000  %08x   # command_length 41, bind_transceiver, status 0, sequence
                7169 616f 7169 616f 00                   # system_id "qiaoqiao" (smpp.system-id)
                7433 7374 7077 00                        # password "t3stpw" (smpp.password)
                5151 4757 00                             # system_type "QQGW" (smpp.system-type)
                34                                       # interface_version: SMPP 3.4
                02 01                                    # addr_ton 2 national, addr_npi 1 ISDN (smpp.source-ton, -npi)
                00                                       # address_range ""
                """, bind);
    }

    @Test
    void an_enquire_link_is_answered_and_the_bind_outlives_it() {
        await().atMost(WAIT).until(() -> smsc.enquireLinks().size() >= 2);
        RawSmsc.Pdu first = smsc.enquireLinks().get(0);
        assertOctets("0000 0010  0000 0015  0000 0000  %08x   # command_length 16, enquire_link, status 0, sequence", first);
        assertEquals(true, gateway.registry().scrape().contains("qiaoqiao_smpp_bound 1.0"), "still bound after the answers");
    }

    @Test
    void a_ucs2_text_is_acknowledged_and_the_reply_and_the_two_part_offer_go_out_as_these_octets() throws Exception {
        RawSmsc.Pdu resp = smsc.deliver("""
                0000 0045  0000 0005  0000 0000  0000 0001   # command_length 69, deliver_sm, status 0, sequence 1
                00                                           # service_type ""
                01 01 3836 3133 3930 3030 3031 3030 3100     # source: TON 1 international, NPI 1 ISDN, "8613900001001"
                00 01 3132 3334 3500                         # destination: TON 0, NPI 1, "12345"
                00 00 00 00 00 00 00                         # esm_class, protocol_id, priority, schedule, validity, registered_delivery, replace
                08 00 12                                     # data_coding 8 UCS-2, sm_default_msg_id, sm_length 18
                6211 5bb6 7535 89c6 9065 63a7 5668 574f 4e86 # 我家电视遥控器坏了
                """, WAIT);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0001  00   # deliver_sm_resp, ESME_ROK, sequence 1, message_id \"\"", resp);
        assertEquals(List.of("1001", "我家电视遥控器坏了", "REPAIR"), ticket());

        await().atMost(WAIT).until(() -> submitsTo("8613900001001").size() == 1 && submitsTo("8613900003001").size() == 2);
        // 【桥桥】已收到您的求助，编号1001。正在为您联系志愿者，请保持电话畅通。
        assertEquals(new SubmitSm("", 2, 1, "10690012345", 1, 1, "8613900001001", 0x00, 0, 0, "", "", 0x01, 0, 8, 0, compact("""
                3010 6865 6865 3011 5df2 6536 5230 60a8 7684 6c42 52a9 ff0c 7f16 53f7 0031 0030 0030 0031 3002
                6b63 5728 4e3a 60a8 8054 7cfb 5fd7 613f 8005 ff0c 8bf7 4fdd 6301 7535 8bdd 7545 901a 3002
                """), ""), SubmitSm.of(submitsTo("8613900001001").get(0)), "the reply to the resident");

        // 【桥桥】新求助1001（维修）：王秀英，桥头村一组，电话13900001001。“我家电视遥控器坏了”。接单回复1 1001，不接回复2 1001。
        // is 74 characters: 67 in the first part beside a 6-octet header, 7 in the second.
        List<RawSmsc.Pdu> offer = submitsTo("8613900003001");
        SubmitSm first = SubmitSm.of(offer.get(0));
        String reference = first.shortMessage().substring(6, 8);
        assertEquals(new SubmitSm("", 2, 1, "10690012345", 1, 1, "8613900003001", 0x40, 0, 0, "", "", 0x01, 0, 8, 0, compact("""
                05 00 03 %s 02 01                            # UDH: IEI 00 concatenation, 8-bit reference, 2 parts, part 1
                3010 6865 6865 3011 65b0 6c42 52a9 0031 0030 0030 0031 ff08 7ef4 4fee ff09 ff1a 738b 79c0 82f1 ff0c
                6865 5934 6751 4e00 7ec4 ff0c 7535 8bdd 0031 0033 0039 0030 0030 0030 0030 0031 0030 0030 0031 3002
                201c 6211 5bb6 7535 89c6 9065 63a7 5668 574f 4e86 201d 3002 63a5 5355 56de 590d 0031 0020 0031 0030
                0030 0031 ff0c 4e0d 63a5 56de 590d
                """.formatted(reference)), ""), first, "part 1 of the offer");
        assertEquals(new SubmitSm("", 2, 1, "10690012345", 1, 1, "8613900003001", 0x40, 0, 0, "", "", 0x01, 0, 8, 0, compact("""
                05 00 03 %s 02 02                            # the same reference, 2 parts, part 2
                0032 0020 0031 0030 0030 0031 3002           # 2 1001。
                """.formatted(reference)), ""), SubmitSm.of(offer.get(1)), "part 2 of the offer");
    }

    @Test
    void a_delivery_receipt_with_tlvs_settles_the_text_whose_message_id_it_names() throws Exception {
        smsc.deliver("""
                0000 0045  0000 0005  0000 0000  0000 0001   # deliver_sm, sequence 1
                00 01 01 3836 3133 3930 3030 3031 3030 3100  # service_type "", source +8613900001001
                00 01 3132 3334 3500                         # destination "12345"
                00 00 00 00 00 00 00  08 00 12               # UCS-2, 18 octets
                6211 5bb6 7535 89c6 9065 63a7 5668 574f 4e86 # 我家电视遥控器坏了
                """, WAIT);
        await().atMost(WAIT).until(() -> submitsTo("8613900001001").size() == 1);
        await().atMost(WAIT).until(() -> "sent".equals(outboxStatusTo(RESIDENT)));

        // This SMSC answered the reply's submit_sm with message id "100101" (hex). Like many SMSCs
        // it writes the id in decimal in the receipt text (0x100101 = 1048833) and as given in
        // receipted_message_id: only the optional parameter names the submit_sm_resp's id.
        RawSmsc.Pdu resp = smsc.deliver("""
                0000 00ac  0000 0005  0000 0000  0000 0002   # command_length 172, deliver_sm, status 0, sequence 2
                00                                           # service_type ""
                01 01 3836 3133 3930 3030 3031 3030 3100     # source: the handset the text went to, "8613900001001"
                02 01 3130 3639 3030 3132 3334 3500          # destination: TON 2, NPI 1, the hotline "10690012345"
                04 00 00 00 00 00 00                         # esm_class 0x04 SMSC delivery receipt, then zeros as above
                00 00 63                                     # data_coding 0, sm_default_msg_id, sm_length 99
                69643a31303438383333 20 7375623a303031 20 646c7672643a303031 20   # id:1048833 sub:001 dlvrd:001
                7375626d697420646174653a32363131323331303430 20                    # submit date:2611231040
                646f6e6520646174653a32363131323331303431 20                        # done date:2611231041
                737461743a44454c49565244 20 6572723a303030 20 746578743a           # stat:DELIVRD err:000 text:
                001e 0007 3130 3031 3031 00                  # receipted_message_id "100101"
                0427 0001 02                                 # message_state 2 DELIVERED
                """, WAIT);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0002  00   # deliver_sm_resp, ESME_ROK, sequence 2", resp);

        await().atMost(WAIT).until(() -> "delivered".equals(outboxStatusTo(RESIDENT)));
        Row receipt = GatewayHarness.await(gateway.pool().query("SELECT message_id, state, error FROM sms_receipts").execute())
                .iterator().next();
        assertEquals(List.of("100101", "DELIVRD", "000"), List.of(receipt.getString(0), receipt.getString(1), receipt.getString(2)));
    }

    @Test
    void two_ucs2_parts_with_an_8bit_reference_header_become_one_ticket() throws Exception {
        // A handset's 85-character text: 67 characters beside the 6-octet header, then 18.
        RawSmsc.Pdu first = smsc.deliver("""
                0000 00bf  0000 0005  0000 0000  0000 0001   # command_length 191, deliver_sm, sequence 1
                00 01 01 3836 3133 3930 3030 3031 3030 3100  # service_type "", source +8613900001001
                00 01 3132 3334 3500                         # destination "12345"
                40 00 00 00 00 00 00                         # esm_class 0x40 UDHI: short_message starts with a header
                08 00 8c                                     # UCS-2, sm_length 140
                05 00 03 2a 02 01                            # UDH length 5: IEI 00, length 3, reference 0x2A, 2 parts, part 1
                6211 662f 6865 5934 6751 4e00 7ec4 7684 738b 79c0 82f1 ff0c   # 我是桥头村一组的王秀英，
                4eca 5e74 516b 5341 4e8c 5c81 ff0c 4e00 4e2a 4eba 4f4f 3002   # 今年八十二岁，一个人住。
                5bb6 91cc 7684 7535 89c6 9065 63a7 5668 524d 51e0 5929 6454 4e86 4e00 4e0b ff0c   # 家里的电视遥控器前几天摔了一下，
                73b0 5728 6309 4ec0 4e48 952e 90fd 6ca1 6709 53cd 5e94 ff0c   # 现在按什么键都没有反应，
                7535 89c6 4e00 76f4 505c 5728 65b0 95fb 53f0 3002             # 电视一直停在新闻台。
                60f3 8bf7 5fd7 613f 8005                                      # 想请志愿者
                """, WAIT);
        RawSmsc.Pdu second = smsc.deliver("""
                0000 005d  0000 0005  0000 0000  0000 0002   # command_length 93, deliver_sm, sequence 2
                00 01 01 3836 3133 3930 3030 3031 3030 3100
                00 01 3132 3334 3500
                40 00 00 00 00 00 00
                08 00 2a                                     # UCS-2, sm_length 42
                05 00 03 2a 02 02                            # reference 0x2A, 2 parts, part 2
                6709 7a7a 7684 65f6 5019 6765 5e2e 6211 770b 4e00 770b ff0c 8c22 8c22 4f60 4eec 4e86 3002   # 有空的时候来帮我看一看，谢谢你们了。
                """, WAIT);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0001  00", first);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0002  00", second);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM tickets") == 1);
        assertEquals(List.of("1001", "我是桥头村一组的王秀英，今年八十二岁，一个人住。家里的电视遥控器前几天摔了一下，现在按什么键都没有反应，"
                + "电视一直停在新闻台。想请志愿者有空的时候来帮我看一看，谢谢你们了。", "REPAIR"), ticket());
    }

    @Test
    void two_parts_with_a_16bit_reference_header_become_one_ticket() throws Exception {
        RawSmsc.Pdu first = smsc.deliver("""
                0000 004c  0000 0005  0000 0000  0000 0001   # command_length 76, deliver_sm, sequence 1
                00 01 01 3836 3133 3930 3030 3031 3030 3100
                00 01 3132 3334 3500
                40 00 00 00 00 00 00                         # UDHI
                08 00 19                                     # UCS-2, sm_length 25
                06 08 04 12 34 02 01                         # UDH length 6: IEI 08, length 4, reference 0x1234, 2 parts, part 1
                53a8 623f 7684 6c34 7ba1 6f0f 6c34 4e86 ff0c # 厨房的水管漏水了，
                """, WAIT);
        RawSmsc.Pdu second = smsc.deliver("""
                0000 004e  0000 0005  0000 0000  0000 0002   # command_length 78, deliver_sm, sequence 2
                00 01 01 3836 3133 3930 3030 3031 3030 3100
                00 01 3132 3334 3500
                40 00 00 00 00 00 00
                08 00 1b                                     # UCS-2, sm_length 27
                06 08 04 12 34 02 02                         # reference 0x1234, part 2 of 2
                8bf7 5e08 5085 660e 5929 6765 4fee 4e00 4e0b 3002   # 请师傅明天来修一下。
                """, WAIT);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0001  00", first);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0002  00", second);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM tickets") == 1);
        assertEquals(List.of("1001", "厨房的水管漏水了，请师傅明天来修一下。", "REPAIR"), ticket());
    }

    @Test
    void two_parts_placed_by_sar_tlvs_become_one_ticket_even_when_the_second_comes_first() throws Exception {
        RawSmsc.Pdu second = smsc.deliver("""
                0000 0051  0000 0005  0000 0000  0000 0001   # command_length 81, deliver_sm, sequence 1
                00 01 01 3836 3133 3930 3030 3031 3030 3100
                00 01 3132 3334 3500
                00 00 00 00 00 00 00                         # no UDHI: the place is in the optional parameters
                08 00 0e                                     # UCS-2, sm_length 14
                8fd9 4e2a 6708 7684 7535 8d39 3002           # 这个月的电费。
                020c 0002 0101                               # sar_msg_ref_num 0x0101
                020e 0001 02                                 # sar_total_segments 2
                020f 0001 02                                 # sar_segment_seqnum 2
                """, WAIT);
        RawSmsc.Pdu first = smsc.deliver("""
                0000 004d  0000 0005  0000 0000  0000 0002   # command_length 77, deliver_sm, sequence 2
                00 01 01 3836 3133 3930 3030 3031 3030 3100
                00 01 3132 3334 3500
                00 00 00 00 00 00 00
                08 00 0a                                     # UCS-2, sm_length 10
                5e2e 6211 4ea4 4e00 4e0b                     # 帮我交一下
                020c 0002 0101  020e 0001 02  020f 0001 01   # reference 0x0101, 2 parts, part 1
                """, WAIT);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0001  00", second);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0002  00", first);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM tickets") == 1);
        assertEquals(List.of("1001", "帮我交一下这个月的电费。", "ERRAND"), ticket());
    }

    @Test
    void a_gsm7_text_with_escaped_characters_becomes_a_ticket_with_those_characters() throws Exception {
        RawSmsc.Pdu resp = smsc.deliver("""
                0000 005b  0000 0005  0000 0000  0000 0001   # command_length 91, deliver_sm, sequence 1
                00 01 01 3836 3133 3930 3030 3031 3030 3100
                00 01 3132 3334 3500
                00 00 00 00 00 00 00
                00 00 28                                     # data_coding 0 GSM 03.38 default alphabet, one septet per octet, 40
                43 61 6c 6c 20 6d 65 20                      # "Call me "
                00                                           # @ is septet 00
                20 68 6f 6d 65 3a 20 54 56 20                # " home: TV "
                72 65 6d 6f 74 65 20 62 72 6f 6b 65 6e 20    # "remote broken "
                1b 3c  35  1b 65  1b 3e                      # [ 5 € ] from the extension table, each after the escape 1B
                """, WAIT);
        assertOctets("0000 0011  8000 0005  0000 0000  0000 0001  00", resp);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM tickets") == 1);
        assertEquals("Call me @ home: TV remote broken [5€]", ticket().get(1));
    }

    // --- reading what came over the wire ---

    /**
     * The mandatory fields of a submit_sm (SMPP 3.4 section 4.4.1) in their order, short_message
     * and the optional parameters that follow it as hex.
     */
    record SubmitSm(String serviceType, int sourceTon, int sourceNpi, String sourceAddr, int destTon, int destNpi,
                    String destinationAddr, int esmClass, int protocolId, int priorityFlag, String scheduleDeliveryTime,
                    String validityPeriod, int registeredDelivery, int replaceIfPresent, int dataCoding, int smDefaultMsgId,
                    String shortMessage, String optionalParameters) {

        static SubmitSm of(RawSmsc.Pdu pdu) {
            assertEquals(RawSmsc.SUBMIT_SM, pdu.commandId(), pdu.hex());
            assertEquals(pdu.octets().length, pdu.commandLength(), "command_length is the PDU's length: " + pdu.hex());
            Fields f = new Fields(pdu.octets());
            // Java evaluates the arguments left to right: the fields in their order on the wire.
            return new SubmitSm(f.cString(), f.octet(), f.octet(), f.cString(), f.octet(), f.octet(), f.cString(),
                    f.octet(), f.octet(), f.octet(), f.cString(), f.cString(), f.octet(), f.octet(), f.octet(), f.octet(),
                    f.hex(f.octet()), f.rest());
        }
    }

    /** A cursor over a PDU's body, after its 16-octet header. */
    private static final class Fields {
        private final byte[] octets;
        private int at = 16;

        Fields(byte[] octets) {
            this.octets = octets;
        }

        int octet() {
            return octets[at++] & 0xFF;
        }

        String cString() {
            int end = RawSmsc.skipCString(octets, at);
            String s = new String(octets, at, end - 1 - at, StandardCharsets.US_ASCII);
            at = end;
            return s;
        }

        String hex(int length) {
            String s = HexFormat.of().formatHex(octets, at, at + length);
            at += length;
            return s;
        }

        String rest() {
            return hex(octets.length - at);
        }
    }

    private static String compact(String annotated) {
        return HexFormat.of().formatHex(hex(annotated));
    }

    /** The PDU is exactly these octets; a {@code %08x} in them stands for its own sequence number. */
    private static void assertOctets(String annotated, RawSmsc.Pdu actual) {
        String expected = annotated.contains("%08x") ? annotated.formatted(actual.sequence()) : annotated;
        assertEquals(compact(expected), actual.hex());
    }

    private List<RawSmsc.Pdu> submitsTo(String destination) {
        return smsc.submits().stream().filter(s -> s.destination().equals(destination)).map(RawSmsc.Submit::pdu).toList();
    }

    /** Code, text and category of the only ticket. */
    private List<String> ticket() {
        Row row = GatewayHarness.await(gateway.pool().query("SELECT code, text, category FROM tickets").execute()).iterator().next();
        return List.of(row.getString(0), row.getString(1), row.getString(2));
    }

    private String outboxStatusTo(String phone) {
        var rows = GatewayHarness.await(gateway.pool().preparedQuery("SELECT status FROM outbox WHERE recipient = $1")
                .execute(Tuple.of(phone)));
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private long count(String sql) {
        return GatewayHarness.await(gateway.pool().query(sql).execute()).iterator().next().getLong(0);
    }
}
