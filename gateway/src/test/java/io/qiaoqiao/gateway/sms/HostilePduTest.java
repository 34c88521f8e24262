package io.qiaoqiao.gateway.sms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.testing.ProcessResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand malformed PDUs from the SMSC side of a bound link ({@link HostilePdus}, seed
 * {@value #SEED}: the same PDUs every run), eight at a time, then PDUs whose command_length cannot
 * be trusted. Every request gets its response PDU with its sequence number (a deliver_sm_resp,
 * which says ESME_ROK for every plausible text, or a generic_nack), nothing is left waiting, the
 * texts a resident sends meanwhile still become tickets, and the process ends with the threads
 * and open files it had before.
 */
@Tag("slow")
class HostilePduTest {
    static final long SEED = 20261201L;
    private static final int PDUS = 10_000;
    private static final int AT_ONCE = 8;
    private static final int BREAKERS = 8;
    private static final Duration WAIT = Duration.ofSeconds(5);

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
    void ten_thousand_malformed_pdus_are_each_answered_and_a_residents_texts_still_become_tickets() throws Exception {
        smsc = RawSmsc.listen();
        Map<String, String> settings = RawSmscGateway.settings(smsc, dir);
        // jsmpp waits this long for the unbind_resp it asks for after a PDU it cannot frame.
        settings.put("smpp.response-timeout-ms", "1000");
        settings.put("smpp.enquire-link-seconds", "30");
        gateway = RawSmscGateway.start(smsc, settings);
        int serial = 0;
        for (; serial < 20; serial++) {
            assertEquals(0, smsc.deliver(residentText(serial, 1 + serial), WAIT).commandStatus(), "warm-up text " + serial);
        }
        ProcessResources before = ProcessResources.now();

        HostilePdus generator = new HostilePdus(SEED);
        List<HostilePdus.Pdu> pdus = new ArrayList<>();
        for (int i = 0; i < PDUS; i++) {
            pdus.add(generator.next(100_000 + i));
        }
        List<String> unanswered = new CopyOnWriteArrayList<>();
        List<String> plausibleRefused = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger residentSerial = new AtomicInteger(serial);
        List<Integer> residentTexts = new CopyOnWriteArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < AT_ONCE; t++) {
            senders.add(Thread.ofVirtual().name("hostile-smsc-" + t).start(() -> {
                for (int i = next.getAndIncrement(); i < PDUS; i = next.getAndIncrement()) {
                    HostilePdus.Pdu pdu = pdus.get(i);
                    try {
                        if (i % 500 == 250) {
                            int n = residentSerial.getAndIncrement();
                            if (smsc.deliver(residentText(n, 200_000 + i), WAIT).commandStatus() == 0) {
                                residentTexts.add(n);
                            }
                        }
                        smsc.write(pdu.octets());
                        if (pdu.expect() == HostilePdus.Expect.ANSWER) {
                            RawSmsc.Pdu resp = smsc.awaitAnswer(pdu.sequence(), WAIT);
                            answers.computeIfAbsent("0x%08x/0x%x".formatted(resp.commandId(), resp.commandStatus()),
                                    k -> new AtomicInteger()).incrementAndGet();
                            if (resp.commandStatus() == SmppStatus.ESME_RX_T_APPN) {
                                // Eight at a time never fill the intake slots: "try again later" would be for ever.
                                plausibleRefused.add(describe(i, pdu) + " was refused for redelivery (ESME_RX_T_APPN)");
                            } else if (pdu.what().startsWith("a plausible text") && resp.commandStatus() != 0) {
                                plausibleRefused.add(describe(i, pdu) + " got status 0x" + Integer.toHexString(resp.commandStatus()));
                            }
                        }
                    } catch (Throwable e) {
                        unanswered.add(describe(i, pdu) + ": " + e.getMessage());
                    }
                }
            }));
        }
        long stormStart = System.nanoTime();
        for (Thread t : senders) {
            t.join();
        }
        System.out.printf("HostilePduTest: %d PDUs in %.1f s%n", PDUS, (System.nanoTime() - stormStart) / 1e9);
        System.out.println("HostilePduTest answers by command_id/command_status: " + new TreeMap<>(answers));
        assertEquals(List.of(), unanswered.stream().limit(20).toList(), unanswered.size() + " PDUs without their answer");
        assertEquals(List.of(), plausibleRefused.stream().limit(20).toList(), plausibleRefused.size()
                + " plausible texts refused, or PDUs refused for a redelivery that could never succeed");

        for (int b = 0; b < BREAKERS; b++) {
            byte[] breaker = generator.framingBreaker(300_000 + b);
            smsc.write(breaker);
            RawSmsc.Pdu nack = smsc.awaitAnswer(0, WAIT);
            assertEquals("0000001080000000000000020000000" + "0", nack.hex(),
                    "generic_nack ESME_RINVCMDLEN for " + HexFormat.of().formatHex(breaker));
            RawSmscGateway.acceptBind(smsc, WAIT);
        }
        int last = residentSerial.getAndIncrement();
        assertEquals(0, smsc.deliver(residentText(last, 400_000), WAIT).commandStatus(), "a text after the last rebind");
        residentTexts.add(last);

        await().atMost(WAIT).untilAsserted(() -> assertEquals(residentTexts.size() + 20L, GatewayHarness.await(gateway.pool()
                .query("SELECT count(*) FROM tickets WHERE text LIKE '第%次：厨房水管漏水了'").execute()).iterator().next().getLong(0)));
        assertEquals(200, ready(), "ready again after it all");
        ProcessResources.awaitBackTo(before, Duration.ofSeconds(30), Math.max(16, gateway.config().integer("smpp.receive-threads")));
    }

    private static String describe(int index, HostilePdus.Pdu pdu) {
        String hex = HexFormat.of().formatHex(pdu.octets());
        return "PDU " + index + " (" + pdu.what() + ") " + (hex.length() > 120 ? hex.substring(0, 120) + "…" : hex);
    }

    /** A resident's text, built octet by octet: 第N次：厨房水管漏水了 in UCS-2 from +8613900001001. */
    private static String residentText(int n, int sequence) {
        byte[] text = ("第" + n + "次：厨房水管漏水了").getBytes(StandardCharsets.UTF_16BE);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(0);                                                          // service_type ""
        body.writeBytes(new byte[] {1, 1});                                     // source TON 1, NPI 1
        // source_addr: a resident of their own per text (a second text of one resident is the open ticket's follow-up)
        body.writeBytes("86139%08d\0".formatted(1001 + n).getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {0, 1});                                     // destination TON 0, NPI 1
        body.writeBytes("12345\0".getBytes(StandardCharsets.US_ASCII));         // destination_addr
        body.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0});                      // esm_class ... replace_if_present
        body.writeBytes(new byte[] {8, 0, (byte) text.length});                 // UCS-2, sm_default_msg_id, sm_length
        body.writeBytes(text);
        byte[] b = body.toByteArray();
        return HexFormat.of().formatHex(HostilePdus.header(16 + b.length, HostilePdus.DELIVER_SM, sequence).put(b).array());
    }

    private int ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
