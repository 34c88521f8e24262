package io.qiaoqiao.gateway.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.testing.CapturedLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery receipt's {@code text:} field carries the first words of the text it is about (a
 * resident's name and address, in an offer). A receipt the gateway cannot read used to be logged
 * whole; now the log says what was wrong and how long it was, and leaves the words out.
 */
class UnreadableReceiptLogTest {
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
    void a_receipt_without_a_message_id_is_acknowledged_and_logged_without_its_text() throws Exception {
        smsc = RawSmsc.listen();
        gateway = RawSmscGateway.start(smsc, RawSmscGateway.settings(smsc, dir));
        try (CapturedLogs logs = new CapturedLogs()) {
            RawSmsc.Pdu resp = smsc.deliver("""
                    0000 00ab  0000 0005  0000 0000  0000 0001   # command_length 171, deliver_sm, sequence 1
                    00 01 01 3836 3133 3930 3030 3031 3030 3100  # service_type "", source +8613900001001
                    02 01 3130 3639 3030 3132 3334 3500          # destination: TON 2, NPI 1, "10690012345"
                    04 00 00 00 00 00 00                         # esm_class 0x04 delivery receipt
                    00 00 72                                     # data_coding 0, sm_length 114; no receipted_message_id
                    7375623a30303120646c7672643a30303120                           # sub:001 dlvrd:001
                    7375626d697420646174653a3236313132333130343020                 # submit date:2611231040
                    646f6e6520646174653a3236313132333130343120                     # done date:2611231041
                    737461743a44454c49565244206572723a30303020                     # stat:DELIVRD err:000
                    746578743a57616e672058697579696e672c2035205169616f746f75205264 # text:Wang Xiuying, 5 Qiaotou Rd
                    """, Duration.ofSeconds(20));
            assertEquals(0, resp.commandStatus(), "acknowledged: sending it again would not make it readable");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !said(logs, "without a message id").isEmpty());
            assertEquals(List.of(), said(logs, "Wang"), "no line shows the receipt's text");
            assertEquals(List.of(), said(logs, "Qiaotou"), "no line shows the receipt's text");
            assertTrue(said(logs, "without a message id").getFirst().contains("114 characters"),
                    said(logs, "without a message id").toString());
        }
    }

    private static List<String> said(CapturedLogs logs, String words) {
        return logs.events().stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(words)).toList();
    }
}
