package io.qiaoqiao.gateway.dispatch;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a volunteer's text: a command word or digit, optionally followed by the ticket code.
 * Volunteers type on old phones and Chinese keyboards, so full-width digits and letters,
 * spaces, punctuation and either order ("1 1234", "Y1234", "接 1234", "1234接") are accepted.
 */
public final class ReplyParser {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("1", "accept"), Map.entry("y", "accept"), Map.entry("yes", "accept"), Map.entry("ok", "accept"),
            Map.entry("接", "accept"), Map.entry("接单", "accept"), Map.entry("好", "accept"), Map.entry("可以", "accept"),
            Map.entry("2", "decline"), Map.entry("n", "decline"), Map.entry("no", "decline"),
            Map.entry("拒", "decline"), Map.entry("不接", "decline"), Map.entry("拒绝", "decline"), Map.entry("没空", "decline"),
            Map.entry("d", "done"), Map.entry("done", "done"), Map.entry("完成", "done"), Map.entry("办结", "done"),
            Map.entry("好了", "done"), Map.entry("已完成", "done"));

    // command then optional code, or code then command
    private static final Pattern COMMAND_FIRST = Pattern.compile("^([a-z]+|[\\p{IsHan}]+|[12])\\s*(\\d{3,9})?$");
    private static final Pattern CODE_FIRST = Pattern.compile("^(\\d{3,9})\\s*([a-z]+|[\\p{IsHan}]+)$");

    private ReplyParser() {
    }

    public static VolunteerReply parse(String text) {
        String s = normalize(text);
        Matcher m = COMMAND_FIRST.matcher(s);
        if (m.matches()) {
            return build(m.group(1), Optional.ofNullable(m.group(2)), text);
        }
        m = CODE_FIRST.matcher(s);
        if (m.matches()) {
            return build(m.group(2), Optional.of(m.group(1)), text);
        }
        return new VolunteerReply.Unrecognised(text);
    }

    private static VolunteerReply build(String word, Optional<String> code, String original) {
        String kind = WORDS.get(word);
        if (kind == null) {
            return new VolunteerReply.Unrecognised(original);
        }
        return switch (kind) {
            case "accept" -> new VolunteerReply.Accept(code);
            case "decline" -> new VolunteerReply.Decline(code);
            default -> new VolunteerReply.Done(code);
        };
    }

    /** Full-width to ASCII, lower case, punctuation to spaces, runs of space collapsed. */
    static String normalize(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '！' && c <= '～') {
                c = (char) (c - '！' + '!');
            } else if (c == '\u3000') {
                c = ' ';
            }
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        return out.toString().strip().toLowerCase(Locale.ROOT);
    }
}
