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
     * Waiting for a slot of the link's own window is not a failure, however long it takes: the
     * text waits, asking {@code guard} now and then whether it is still to be sent.
     *
     * @param to    the recipient in E.164 form, e.g. {@code +8613812345678}
     * @param text  the text, any length
     * @param guard asked before each segment; when it says no, nothing more is submitted and
     *              the send ends with {@link SubmitException.Kind#WITHDRAWN}
     * @return the SMSC message id of each segment, in segment order
     * @throws SubmitException when any segment was refused or the link is down; its
     *                         {@link SubmitException#kind()} says whether to retry
     */
    List<String> send(String to, String text, SubmitGuard guard) throws SubmitException;

    /** {@link #send(String, String, SubmitGuard)} for a sender that owns the text outright. */
    default List<String> send(String to, String text) throws SubmitException {
        return send(to, text, SubmitGuard.ALWAYS);
    }

    /** Is the link bound and able to submit right now? */
    boolean bound();
}
