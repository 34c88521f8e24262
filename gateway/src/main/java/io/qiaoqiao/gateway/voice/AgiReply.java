package io.qiaoqiao.gateway.voice;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code 200} reply to an AGI command: {@code 200 result=0 endpos=3520},
 * {@code 200 result= (timeout)}, {@code 200 result=1 (1234)},
 * {@code 200 result=35 (dtmf) endpos=16000}. Other status codes never become a reply: they end
 * the call (see {@link AgiCall}), and so does a number too long for its field (no Asterisk writes
 * one; reading it would throw inside the script instead of ending the call cleanly).
 *
 * @param result the text after {@code result=}, possibly empty
 * @param extra  the text in parentheses, or empty
 * @param endpos the {@code endpos=} value, or -1 when absent
 */
record AgiReply(String result, String extra, long endpos) {
    private static final Pattern SUCCESS =
            Pattern.compile("200 result=(-?[0-9]{0,9})(?: \\((.*)\\))?(?: endpos=(-?[0-9]{1,18}))?\\s*");

    /** The reply, or null when the line is not a well-formed {@code 200} reply. */
    static AgiReply parse(String line) {
        Matcher m = SUCCESS.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new AgiReply(m.group(1), m.group(2) == null ? "" : m.group(2),
                m.group(3) == null ? -1 : Long.parseLong(m.group(3)));
    }

    /** Asterisk's -1: the channel hung up (or the command failed on it). */
    boolean failed() {
        return result.equals("-1");
    }

    /** The answer as Asterisk wrote it (for logs). */
    String line() {
        return "200 result=" + result + (extra.isEmpty() ? "" : " (" + extra + ")") + (endpos < 0 ? "" : " endpos=" + endpos);
    }

    /** The result as a number; 0 when empty. */
    int code() {
        return result.isEmpty() ? 0 : Integer.parseInt(result);
    }
}
