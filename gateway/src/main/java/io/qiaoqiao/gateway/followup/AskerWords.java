package io.qiaoqiao.gateway.followup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the few short texts that mean something other than a request: "查询" (where does my
 * request stand), "催一下" (hurry it up), a rating digit after the work, a duty phone's
 * "办结 1234", and "另外一件事…" (this is a new matter). Residents type on old phones, often
 * by voice input, so full-width characters, spaces, punctuation and a trailing particle
 * ("查询一下吗？") are tolerated; anything longer is words, never a command.
 */
public final class AskerWords {
    private static final Set<String> STATUS = Set.of("查询", "查一下", "查询一下", "查查", "查进度", "查询进度", "进度",
            "进展", "怎么样了", "办得怎么样了", "到哪了", "到哪一步了", "有人接吗", "有人接了吗", "状态", "status");
    private static final Set<String> NUDGE = Set.of("还没人来", "还没有人来", "怎么还没来", "怎么还没人来", "怎么还没有人来",
            "还没来", "没人来", "怎么没人来", "催一下", "催催", "催一催", "催办", "快点来", "快来人", "人呢");
    private static final Set<String> CLOSE = Set.of("办结", "已办结", "完成", "已完成", "结", "结案");
    private static final List<String> POLITE_START = List.of("麻烦", "请问", "请", "帮我", "我想", "我要", "再");
    private static final List<String> SUBJECT_START = List.of("我的求助", "我的事情", "我的事", "求助", "事情");
    private static final String PARTICLES = "吗呢啊呀啦吧";
    private static final List<String> OTHER_NEED_START = List.of("另外", "还有一件事", "还有件事", "还有一个事", "还有个事",
            "另一件事");

    private AskerWords() {
    }

    /** What a short text says, if it is one of the few things residents and duty phones text besides requests. */
    public sealed interface Said {
        /** Where does my request stand? With a code, that request. */
        record Status(Optional<String> code) implements Said {
        }

        /** Nobody came yet: hurry it up. */
        record Nudge(Optional<String> code) implements Said {
        }

        /** A rating 1–5 after the work, perhaps with the ticket's code. */
        record Rating(int score, Optional<String> code) implements Said {
        }

        /** A duty phone's 办结: the matter is dealt with; {@code reason} is what followed the code. */
        record Close(Optional<String> code, String reason) implements Said {
        }

        /** The sender says it is another matter ("另外一件事…"): a new request, not more about the open one. */
        record OtherNeed() implements Said {
        }

        /** Anything else: a request, or more words about one. */
        record Words() implements Said {
        }
    }

    public static Said read(String text) {
        List<String> tokens = tokens(text);
        if (tokens.isEmpty()) {
            return new Said.Words();
        }
        Optional<Said> rating = rating(tokens);
        if (rating.isPresent()) {
            return rating.get();
        }
        Optional<Said> close = close(tokens);
        if (close.isPresent()) {
            return close.get();
        }
        Optional<String> code = Optional.empty();
        List<String> words = new ArrayList<>(tokens);
        if (words.size() > 1 && isCode(words.getLast())) {
            code = Optional.of(words.removeLast());
        } else if (words.size() > 1 && isCode(words.getFirst())) {
            code = Optional.of(words.removeFirst());
        }
        if (words.stream().noneMatch(AskerWords::isDigits)) {
            String joined = String.join("", words);
            for (String said : List.of(joined, core(joined))) {
                if (STATUS.contains(said)) {
                    return new Said.Status(code);
                }
                if (NUDGE.contains(said)) {
                    return new Said.Nudge(code);
                }
            }
        }
        String start = String.join("", tokens);
        return OTHER_NEED_START.stream().anyMatch(start::startsWith) ? new Said.OtherNeed() : new Said.Words();
    }

    /** "5", "５分", "4 1234", "1234 4": one digit 1 to 5, perhaps with a code. */
    private static Optional<Said> rating(List<String> tokens) {
        List<String> rest = new ArrayList<>(tokens);
        if (rest.size() > 1 && rest.getLast().equals("分")) {
            rest.removeLast();
        }
        Optional<String> code = Optional.empty();
        if (rest.size() == 2) {
            if (isCode(rest.get(1))) {
                code = Optional.of(rest.remove(1));
            } else if (isCode(rest.get(0))) {
                code = Optional.of(rest.remove(0));
            }
        }
        if (rest.size() == 1 && rest.get(0).length() == 1 && rest.get(0).charAt(0) >= '1' && rest.get(0).charAt(0) <= '5') {
            return Optional.of(new Said.Rating(rest.get(0).charAt(0) - '0', code));
        }
        return Optional.empty();
    }

    /** "办结 1234", "1234 完成", "结 1234 已上门处理": the close word and the code first, the rest is the reason. */
    private static Optional<Said> close(List<String> tokens) {
        if (tokens.size() == 1 && CLOSE.contains(tokens.get(0))) {
            return Optional.of(new Said.Close(Optional.empty(), ""));
        }
        if (tokens.size() >= 2 && CLOSE.contains(tokens.get(0)) && isCode(tokens.get(1))) {
            return Optional.of(new Said.Close(Optional.of(tokens.get(1)), String.join(" ", tokens.subList(2, tokens.size()))));
        }
        if (tokens.size() >= 2 && isCode(tokens.get(0)) && CLOSE.contains(tokens.get(1))) {
            return Optional.of(new Said.Close(Optional.of(tokens.get(0)), String.join(" ", tokens.subList(2, tokens.size()))));
        }
        return Optional.empty();
    }

    /** The words without "请", "我的求助" in front and a particle behind: "请问我的求助怎么样了呢" → "怎么样了". */
    private static String core(String words) {
        String s = words;
        boolean cut = true;
        while (cut) {
            cut = false;
            for (String start : POLITE_START) {
                if (s.startsWith(start) && s.length() > start.length()) {
                    s = s.substring(start.length());
                    cut = true;
                }
            }
        }
        for (String subject : SUBJECT_START) {
            if (s.startsWith(subject) && s.length() > subject.length()) {
                s = s.substring(subject.length());
                break;
            }
        }
        while (s.length() > 1 && PARTICLES.indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean isCode(String token) {
        return isDigits(token) && token.length() >= 3 && token.length() <= 9;
    }

    private static boolean isDigits(String token) {
        return !token.isEmpty() && token.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Runs of digits and runs of other letters, lower case, full-width folded to ASCII; spaces and
     * punctuation only separate: "查 询，１２３４" → [查询, 1234].
     */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        Boolean digits = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '！' && c <= '～') {
                c = (char) (c - '！' + '!');
            }
            if (!Character.isLetterOrDigit(c)) {
                // A space inside words ("查 询") joins them; a space or mark next to a digit ends the run.
                if (digits != null && digits) {
                    flush(out, run);
                    digits = null;
                }
                continue;
            }
            boolean digit = c >= '0' && c <= '9';
            if (digits != null && digits != digit) {
                flush(out, run);
            }
            digits = digit;
            run.append(Character.toLowerCase(c));
        }
        flush(out, run);
        return out;
    }

    private static void flush(List<String> out, StringBuilder run) {
        if (!run.isEmpty()) {
            out.add(run.toString().toLowerCase(Locale.ROOT));
            run.setLength(0);
        }
    }
}
