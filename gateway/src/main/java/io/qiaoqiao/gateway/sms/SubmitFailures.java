package io.qiaoqiao.gateway.sms;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;

import java.io.IOException;
import java.util.Set;

import static io.qiaoqiao.gateway.sms.SmppStatus.*;

/**
 * Decides what a failed submit_sm means for the outbox.
 * <ul>
 *   <li>ESME_RTHROTTLED, ESME_RMSGQFUL: THROTTLED (slow down and retry).</li>
 *   <li>Statuses that describe the message itself (bad destination or source address, TON/NPI,
 *   length, esm_class, a permanent or rejecting application error): PERMANENT, retrying the same
 *   bytes cannot help.</li>
 *   <li>ESME_RSUBMITFAIL and every other status: TRANSIENT. RSUBMITFAIL is the SMSC's catch-all,
 *   used for overload as often as for refusals, so it is retried; the outbox's retry limit ends
 *   a message that keeps failing.</li>
 *   <li>Timeouts, I/O errors and unreadable responses: TRANSIENT; NOT_BOUND when the session went
 *   away meanwhile.</li>
 *   <li>A request jsmpp cannot even encode (PDUException, e.g. an address too long): PERMANENT,
 *   because the same request will never encode.</li>
 * </ul>
 */
final class SubmitFailures {
    private static final Set<Integer> THROTTLING = Set.of(ESME_RTHROTTLED, ESME_RMSGQFUL);
    private static final Set<Integer> PERMANENT = Set.of(ESME_RINVMSGLEN, ESME_RINVSRCADR, ESME_RINVDSTADR,
            ESME_RINVESMCLASS, ESME_RINVSRCTON, ESME_RINVSRCNPI, ESME_RINVDSTTON, ESME_RINVDSTNPI,
            ESME_RX_P_APPN, ESME_RX_R_APPN);

    private SubmitFailures() {
    }

    static SubmitException classify(Exception e, boolean stillBound) {
        return switch (e) {
            case NegativeResponseException n -> {
                int status = n.getCommandStatus();
                SubmitException.Kind kind = THROTTLING.contains(status) ? SubmitException.Kind.THROTTLED
                        : PERMANENT.contains(status) ? SubmitException.Kind.PERMANENT
                        : SubmitException.Kind.TRANSIENT;
                yield new SubmitException(kind, status, "SMSC refused submit_sm: " + describe(status), e);
            }
            case ResponseTimeoutException t ->
                    new SubmitException(SubmitException.Kind.TRANSIENT, 0, "no submit_sm_resp in time", e);
            case InvalidResponseException r ->
                    new SubmitException(SubmitException.Kind.TRANSIENT, 0, "unreadable submit_sm_resp: " + r.getMessage(), e);
            case PDUException p ->
                    new SubmitException(SubmitException.Kind.PERMANENT, 0, "submit_sm cannot be encoded: " + p.getMessage(), e);
            case IOException io -> stillBound
                    ? new SubmitException(SubmitException.Kind.TRANSIENT, 0, "I/O error: " + io.getMessage(), e)
                    : new SubmitException(SubmitException.Kind.NOT_BOUND, 0, "link went down: " + io.getMessage(), e);
            default -> new SubmitException(SubmitException.Kind.TRANSIENT, 0, "submit failed: " + e, e);
        };
    }
}
