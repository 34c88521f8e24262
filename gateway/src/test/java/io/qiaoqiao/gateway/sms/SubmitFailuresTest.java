package io.qiaoqiao.gateway.sms;

import org.jsmpp.PDUStringException;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.util.StringParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static io.qiaoqiao.gateway.sms.SubmitException.Kind.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SubmitFailuresTest {
    @ParameterizedTest(name = "status {0} is {1}")
    @CsvSource({
            "0x58, THROTTLED",  // ESME_RTHROTTLED
            "0x14, THROTTLED",  // ESME_RMSGQFUL
            "0x0B, PERMANENT",  // ESME_RINVDSTADR
            "0x0A, PERMANENT",  // ESME_RINVSRCADR
            "0x50, PERMANENT",  // ESME_RINVDSTTON
            "0x65, PERMANENT",  // ESME_RX_P_APPN
            "0x45, TRANSIENT",  // ESME_RSUBMITFAIL: the SMSC's catch-all
            "0x08, TRANSIENT",  // ESME_RSYSERR
            "0x400, TRANSIENT", // vendor-specific
    })
    void smsc_status_decides_whether_a_retry_can_help(String status, SubmitException.Kind kind) {
        int code = Integer.decode(status);
        SubmitException e = SubmitFailures.classify(new NegativeResponseException(code), true);

        assertEquals(kind, e.kind());
        assertEquals(code, e.commandStatus());
    }

    @Test
    void timeouts_and_io_errors_are_transient_or_not_bound() {
        assertEquals(TRANSIENT, SubmitFailures.classify(new ResponseTimeoutException("slow"), true).kind());
        assertEquals(TRANSIENT, SubmitFailures.classify(new IOException("reset"), true).kind());
        assertEquals(NOT_BOUND, SubmitFailures.classify(new IOException("closed"), false).kind());
    }

    @Test
    void request_that_cannot_be_encoded_is_permanent() {
        PDUStringException tooLong = new PDUStringException("too long", StringParameter.DESTINATION_ADDR);

        assertEquals(PERMANENT, SubmitFailures.classify(tooLong, true).kind());
    }
}
