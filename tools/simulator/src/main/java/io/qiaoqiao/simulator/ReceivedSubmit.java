package io.qiaoqiao.simulator;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One submit_sm as the simulated SMSC received it.
 *
 * @param tlvs          optional parameters by tag, value octets as received
 * @param commandStatus what the SMSC answered: 0 when accepted, else the error status
 * @param messageId     the id given in submit_sm_resp (assigned before the policy decides; unused when refused)
 * @param sequence      the PDU's sequence_number: the ESME numbers its PDUs in the order it writes them
 */
public record ReceivedSubmit(String source, String destination, byte dataCoding, byte esmClass,
                             byte[] shortMessage, Map<Integer, byte[]> tlvs, String messageId, int commandStatus,
                             Instant receivedAt, int sequence) {

    public ReceivedSubmit {
        shortMessage = shortMessage.clone();
        Map<Integer, byte[]> copy = new HashMap<>();
        tlvs.forEach((tag, value) -> copy.put(tag, value.clone()));
        tlvs = Map.copyOf(copy);
    }

    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    /** This segment as a handset shows it, read with the simulator's own decoder. */
    public SubmittedPart part() {
        return SubmitReader.read(dataCoding & 0xFF, esmClass & 0xFF, shortMessage, tlvs);
    }

    public boolean accepted() {
        return commandStatus == 0;
    }

    ReceivedSubmit withStatus(int status) {
        return new ReceivedSubmit(source, destination, dataCoding, esmClass, shortMessage, tlvs, messageId, status, receivedAt, sequence);
    }
}
