package io.qiaoqiao.gateway.sms;

import org.jsmpp.PDUStringException;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.util.StringParameter;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.qiaoqiao.gateway.sms.SubmitException.Kind.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SubmitFailuresTest {
    private static SubmitException.Kind kindOf(int status) {
        return SubmitFailures.classify(new NegativeResponseException(status), true).kind();
    }

    @Test
    void throttling_statuses_ask_to_slow_down() {
        assertEquals(THROTTLED, kindOf(SmppStatus.ESME_RTHROTTLED));
        assertEquals(THROTTLED, kindOf(SmppStatus.ESME_RMSGQFUL));
    }

    @Test
    void statuses_about_the_message_itself_are_permanent() {
        assertEquals(PERMANENT, kindOf(SmppStatus.ESME_RINVDSTADR));
        assertEquals(PERMANENT, kindOf(SmppStatus.ESME_RINVSRCADR));
        assertEquals(PERMANENT, kindOf(SmppStatus.ESME_RINVDSTTON));
        assertEquals(PERMANENT, kindOf(SmppStatus.ESME_RX_P_APPN));
    }

    @Test
    void catch_all_and_system_errors_are_retried() {
        assertEquals(TRANSIENT, kindOf(SmppStatus.ESME_RSUBMITFAIL));
        assertEquals(TRANSIENT, kindOf(SmppStatus.ESME_RSYSERR));
        assertEquals(TRANSIENT, kindOf(0x400));
    }

    @Test
    void timeouts_and_io_errors_are_transient_or_not_bound() {
        assertEquals(TRANSIENT, SubmitFailures.classify(new ResponseTimeoutException("slow"), true).kind());
        assertEquals(TRANSIENT, SubmitFailures.classify(new IOException("reset"), true).kind());
        assertEquals(NOT_BOUND, SubmitFailures.classify(new IOException("closed"), false).kind());
    }

    @Test
    void request_that_cannot_be_encoded_is_permanent() {
        assertEquals(PERMANENT, SubmitFailures.classify(new PDUStringException("too long", StringParameter.DESTINATION_ADDR), true).kind());
    }
}
