package io.qiaoqiao.gateway.sms;

import static io.qiaoqiao.gateway.sms.RawSmsc.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole gateway bound to a {@link RawSmsc} on a fresh database: the settings SmppWireBytesTest
 * writes its octets against (system_id qiaoqiao, password t3stpw, system_type QQGW, source
 * 10690012345 TON 2 NPI 1), quick rebinds, no voice, no quiet hours. The SMSC side answers the
 * bind_transceiver by hand, as a test would.
 */
final class RawSmscGateway {
    private RawSmscGateway() {
    }

    static Map<String, String> settings(RawSmsc smsc, Path dir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("db.url", TestPostgres.url(TestPostgres.freshDatabase()));
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
        settings.put("smpp.reconnect-min-ms", "100");
        settings.put("smpp.reconnect-max-ms", "200");
        settings.put("outbox.poll-ms", "100");
        settings.put("timers.poll-ms", "100");
        settings.put("agi.enabled", "false");
        settings.put("ami.enabled", "false");
        settings.put("plugins.reload-on-sighup", "false");
        settings.put("plugins.dir", dir.resolve("no-plugins").toString());
        settings.put("plugins.disabled", "quiet-hours");
        return settings;
    }

    /** Starts the gateway on its own thread while this one plays the SMSC through the first bind. */
    static Gateway start(RawSmsc smsc, Map<String, String> settings) throws Exception {
        CompletableFuture<Gateway> started = CompletableFuture.supplyAsync(() -> Gateway.start(Config.of(settings)));
        for (int second = 0; ; second++) {
            try {
                acceptBind(smsc, Duration.ofSeconds(1));
                return started.get(60, TimeUnit.SECONDS);
            } catch (java.net.SocketTimeoutException notYet) {
                if (started.isCompletedExceptionally() || second >= 60) {
                    return started.get(1, TimeUnit.SECONDS); // throws why it did not start
                }
            }
        }
    }

    /** Takes the ESME's next connection, answers its bind_transceiver with ESME_ROK, and answers from then on. */
    static void acceptBind(RawSmsc smsc, Duration within) throws IOException {
        RawSmsc.Pdu bind = smsc.acceptFirstPdu(within);
        assertEquals(RawSmsc.BIND_TRANSCEIVER, bind.commandId(), "the first PDU is bind_transceiver: " + bind.hex());
        smsc.write(hex("""
                0000 0018  8000 0009  0000 0000  %08x   # command_length 24, bind_transceiver_resp, ESME_ROK, the bind's sequence
                5241 5753 4d53 4300                      # system_id "RAWSMSC"
                """.formatted(bind.sequence())));
        smsc.answerFromNowOn();
    }
}
