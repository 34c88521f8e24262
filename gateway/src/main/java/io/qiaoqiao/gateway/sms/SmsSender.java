package io.qiaoqiao.gateway.sms;

import java.util.List;

/**
 * Sends one text to one phone through the SMSC. Implementations block (jsmpp does): call only
 * from a virtual or worker thread, never from a Vert.x event loop.
 */
public interface SmsSender {
    /**
     * Encodes (GSM-7 when the text allows it, else UCS-2), splits into concatenated segments
     * when needed, submits every segment not yet accepted and waits for the responses.
     *
     * Waiting for a slot of the link's own window is not a failure, however long it takes: the
     * text waits, asking {@code guard} now and then whether it is still to be sent.
     *
     * @param to      the recipient in E.164 form, e.g. {@code +8613812345678}
     * @param text    the text, any length
     * @param sofar   where an earlier try stopped: its reference and the parts already accepted,
     *                which are not sent again ({@link PartsSent#NONE} for a first try)
     * @param guard   asked before each segment; when it says no, nothing more is submitted and
     *                the send ends with {@link SubmitException.Kind#WITHDRAWN}
     * @param written runs once every segment is on its way to the SMSC (or the send has ended
     *                without that): the next text to the same phone may then be submitted behind
     *                it and still arrive after it
     * @return the SMSC message id of each segment, in segment order
     * @throws SubmitException when any segment was refused or the link is down; its
     *                         {@link SubmitException#kind()} says whether to retry, and its
     *                         {@link SubmitException#partsSent()} how far a long text got
     */
    List<String> send(String to, String text, PartsSent sofar, SubmitGuard guard, Runnable written) throws SubmitException;

    /** A first try at a text, for a sender that owns it outright. */
    default List<String> send(String to, String text) throws SubmitException {
        return send(to, text, PartsSent.NONE, SubmitGuard.ALWAYS, () -> { });
    }

    /** Is the link bound and able to submit right now? */
    boolean bound();
}
