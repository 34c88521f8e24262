package io.qiaoqiao.gateway.sms;

import static io.qiaoqiao.gateway.sms.RawSmsc.hex;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or broken SMSC announces a PDU of nearly 2 GiB. jsmpp allocates command_length octets
 * for any PDU before reading it: the reader thread died of OutOfMemoryError while the session
 * still said BOUND, so /health/ready stayed 200 and nothing was ever read again. The gateway now
 * refuses a PDU longer than {@code smpp.max-pdu-bytes} before allocating (generic_nack
 * ESME_RINVCMDLEN, SMPP 3.4 section 5.1.3, then a new bind), and a reader thread that dies for
 * any other reason is a lost bind too.
 */
@Tag("slow")
class OversizedPduTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private RawSmsc smsc;
    private Gateway gateway;

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
    void a_pdu_longer_than_the_cap_is_refused_with_generic_nack_and_the_link_binds_again_and_takes_texts() throws Exception {
        smsc = RawSmsc.listen();
        gateway = RawSmscGateway.start(smsc, RawSmscGateway.settings(smsc, dir));
        await().atMost(WAIT).until(() -> ready() == 200);

        smsc.write(hex("7fff fff0  0000 0005  0000 0000  0000 0007   # command_length 2147483632, deliver_sm, sequence 7"));

        RawSmsc.Pdu nack = smsc.awaitAnswer(0, WAIT);
        assertEquals(HexFormat.of().formatHex(hex(
                "0000 0010  8000 0000  0000 0002  0000 0000   # generic_nack, ESME_RINVCMDLEN, sequence 0")), nack.hex());
        RawSmscGateway.acceptBind(smsc, WAIT);
        await().atMost(WAIT).until(() -> ready() == 200);
        assertEquals(1.0, limited("smpp.max-pdu-bytes"));
        aTextStillBecomesATicket();
    }

    @Test
    void a_reader_thread_that_dies_is_a_lost_bind_and_the_link_binds_again() throws Exception {
        smsc = RawSmsc.listen();
        Map<String, String> settings = RawSmscGateway.settings(smsc, dir);
        // No cap: the allocation fails with OutOfMemoryError inside jsmpp's reader, as before the cap.
        settings.put("smpp.max-pdu-bytes", String.valueOf(Integer.MAX_VALUE));
        gateway = RawSmscGateway.start(smsc, settings);
        await().atMost(WAIT).until(() -> ready() == 200);

        smsc.write(hex("7fff fff0  0000 0005  0000 0000  0000 0007   # command_length 2147483632, deliver_sm, sequence 7"));

        RawSmscGateway.acceptBind(smsc, WAIT);
        await().atMost(WAIT).until(() -> ready() == 200);
        assertEquals(1.0, gateway.registry().get("qiaoqiao.smpp.reader.deaths").counter().count());
        aTextStillBecomesATicket();
    }

    private void aTextStillBecomesATicket() throws Exception {
        RawSmsc.Pdu resp = smsc.deliver("""
                0000 0045  0000 0005  0000 0000  0000 0001   # command_length 69, deliver_sm, status 0, sequence 1
                00 01 01 3836 3133 3930 3030 3031 3030 3100  # service_type "", source +8613900001001
                00 01 3132 3334 3500                         # destination "12345"
                00 00 00 00 00 00 00  08 00 12               # UCS-2, 18 octets
                6211 5bb6 7535 89c6 9065 63a7 5668 574f 4e86 # 我家电视遥控器坏了
                """, WAIT);
        assertEquals(HexFormat.of().formatHex(hex("0000 0011  8000 0005  0000 0000  0000 0001  00   # deliver_sm_resp, ESME_ROK")),
                resp.hex());
        assertEquals("我家电视遥控器坏了", GatewayHarness.await(gateway.pool().query("SELECT text FROM tickets").execute())
                .iterator().next().getString(0));
    }

    private double limited(String limit) {
        return gateway.registry().get("qiaoqiao.input.limited").tag("limit", limit).counter().count();
    }

    private int ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
