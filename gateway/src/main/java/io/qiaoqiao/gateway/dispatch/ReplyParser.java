package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.dispatch.VolunteerReply.LeaveLength;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.MonthDay;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a volunteer's text: a command word or digit, optionally followed by the ticket code.
 * Volunteers type on old phones and Chinese keyboards, so full-width digits and letters,
 * spaces, punctuation and either order ("1 1234", "Y1234", "接 1234", "1234接") are accepted.
 * Three commands carry free words after them, kept as written: "上报 [place] what",
 * "转 1234 [reason]" and "请假 3天" (also 2小时, 一周, 到12月5日).
 */
public final class ReplyParser {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("1", "accept"), Map.entry("y", "accept"), Map.entry("yes", "accept"), Map.entry("ok", "accept"),
            Map.entry("接", "accept"), Map.entry("接单", "accept"), Map.entry("好", "accept"), Map.entry("可以", "accept"),
            Map.entry("2", "decline"), Map.entry("n", "decline"), Map.entry("no", "decline"),
            Map.entry("拒", "decline"), Map.entry("不接", "decline"), Map.entry("拒绝", "decline"), Map.entry("没空", "decline"),
            Map.entry("d", "done"), Map.entry("done", "done"), Map.entry("完成", "done"), Map.entry("办结", "done"),
            Map.entry("好了", "done"), Map.entry("已完成", "done"),
            Map.entry("在办", "progress"), Map.entry("正在办", "progress"), Map.entry("在办理", "progress"),
            Map.entry("办理中", "progress"), Map.entry("working", "progress"),
            Map.entry("我的", "mine"), Map.entry("我的单", "mine"), Map.entry("我的求助", "mine"), Map.entry("mine", "mine"));

    // command then optional code, or code then command
    private static final Pattern COMMAND_FIRST = Pattern.compile("^([a-z]+|[\\p{IsHan}]+|[12])\\s*(\\d{3,9})?$");
    private static final Pattern CODE_FIRST = Pattern.compile("^(\\d{3,9})\\s*([a-z]+|[\\p{IsHan}]+)$");

    /** Spaces (the ideographic one too) and punctuation of either width between the words of a command. */
    private static final String GAP = "[\\s\\u3000\\p{IsPunctuation}]";
    private static final Pattern REPORT = Pattern.compile("^(?:上报|(?i:report)(?=$|" + GAP + "))" + GAP + "*(.*)$", Pattern.DOTALL);
    // 转 must stand alone (转账 is not a command); 转交 may run on into its reason.
    private static final Pattern HAND_ON = Pattern.compile(
            "^(?:转交|转(?=$|" + GAP + "|[0-9０-９])|(?i:pass)(?=$|" + GAP + "|[0-9０-９]))" + GAP + "*"
                    + "(?:([0-9０-９]{3,9})(?![0-9０-９]))?" + GAP + "*(.*)$", Pattern.DOTALL);
    private static final Pattern LEAVE = Pattern.compile("^(?:请假|(?i:leave)(?=$|" + GAP + "))" + GAP + "*(.*)$", Pattern.DOTALL);
    private static final Pattern LEAVE_FOR = Pattern.compile("^(\\d{1,3}|[一二两三四五六七八九十]{1,3})个?(天|日|小时|钟头|周|星期|礼拜)$");
    private static final Pattern LEAVE_FOR_EN = Pattern.compile("^(\\d{1,3})(d|days?|h|hours?|w|weeks?)$");
    private static final Pattern LEAVE_THROUGH = Pattern.compile("^(?:到|至|until)?(\\d{1,2})月(\\d{1,2})[日号]?$");
    private static final Duration LONGEST_LEAVE = Duration.ofDays(366);

    private ReplyParser() {
    }

    public static VolunteerReply parse(String text) {
        String raw = text.strip().replace('\u3000', ' ').strip();
        Matcher m = REPORT.matcher(raw);
        if (m.matches()) {
            String what = m.group(1).strip();
            return what.isEmpty() ? new VolunteerReply.Unrecognised(text) : new VolunteerReply.Report(what);
        }
        m = HAND_ON.matcher(raw);
        if (m.matches()) {
            return new VolunteerReply.HandOn(Optional.ofNullable(m.group(1)).map(ReplyParser::normalize), m.group(2).strip());
        }
        m = LEAVE.matcher(raw);
        if (m.matches()) {
            return leaveLength(normalize(m.group(1)).replace(" ", ""))
                    .<VolunteerReply>map(VolunteerReply.Leave::new).orElse(new VolunteerReply.Unrecognised(text));
        }
        String s = normalize(text);
        m = COMMAND_FIRST.matcher(s);
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
            case "progress" -> new VolunteerReply.InProgress(code);
            case "mine" -> new VolunteerReply.Mine();
            default -> new VolunteerReply.Done(code);
        };
    }

    /** 3天, 两个小时, 一周, 2 days, 到12月5日; empty when it is none of these or longer than a year. */
    static Optional<LeaveLength> leaveLength(String words) {
        Matcher m = LEAVE_THROUGH.matcher(words);
        if (m.matches()) {
            try {
                return Optional.of(new LeaveLength.Through(MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))));
            } catch (DateTimeException e) {
                return Optional.empty(); // 13月 or 2月30日
            }
        }
        m = LEAVE_FOR.matcher(words);
        Duration length;
        if (m.matches()) {
            int n = number(m.group(1));
            length = switch (m.group(2)) {
                case "小时", "钟头" -> Duration.ofHours(n);
                case "周", "星期", "礼拜" -> Duration.ofDays(7L * n);
                default -> Duration.ofDays(n);
            };
        } else if ((m = LEAVE_FOR_EN.matcher(words)).matches()) {
            int n = Integer.parseInt(m.group(1));
            length = switch (m.group(2).charAt(0)) {
                case 'h' -> Duration.ofHours(n);
                case 'w' -> Duration.ofDays(7L * n);
                default -> Duration.ofDays(n);
            };
        } else {
            return Optional.empty();
        }
        return length.isNegative() || length.isZero() || length.compareTo(LONGEST_LEAVE) > 0 ? Optional.empty() : Optional.of(new LeaveLength.Lasting(length));
    }

    /** 3, 两, 十, 十五, 二十, 二十三: the numbers people write for a few days or weeks; -1 when it is not one. */
    static int number(String digits) {
        if (Character.isDigit(digits.charAt(0))) {
            return Integer.parseInt(digits);
        }
        int ten = digits.indexOf('十');
        if (ten < 0) {
            return digits.length() == 1 ? unit(digits.charAt(0)) : -1;
        }
        int tens = ten == 0 ? 1 : ten == 1 ? unit(digits.charAt(0)) : -1;
        int ones = ten == digits.length() - 1 ? 0 : ten == digits.length() - 2 ? unit(digits.charAt(ten + 1)) : -1;
        return tens < 1 || ones < 0 ? -1 : tens * 10 + ones;
    }

    private static int unit(char c) {
        return "零一二三四五六七八九".indexOf(c) >= 0 ? "零一二三四五六七八九".indexOf(c) : c == '两' ? 2 : -1;
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
