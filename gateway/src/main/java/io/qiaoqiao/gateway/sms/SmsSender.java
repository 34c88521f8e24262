package io.qiaoqiao.gateway.sms;

import java.util.List;

/**
 * Sends one text to one phone through the SMSC. Implementations block (jsmpp does): call only
 * from a virtual or worker thread, never from a Vert.x event loop.
 */
public interface SmsSender {
    /**
     * Encodes (GSM-7 when the text allows it, else UCS-2), splits into concatenated segments
     * when needed, submits every segment and waits for the responses.
     *
     * @param to   the recipient in E.164 form, e.g. {@code +8613812345678}
     * @param text the text, any length
     * @return the SMSC message id of each segment, in segment order
     * @throws SubmitException when any segment was refused or the link is down; its
     *                         {@link SubmitException#kind()} says whether to retry
     */
    List<String> send(String to, String text) throws SubmitException;

    /** Is the link bound and able to submit right now? */
    boolean bound();
}
