package io.qiaoqiao.gateway.recurring;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schedules in the words the studios write in their ledgers, both ways: {@code 每月5日},
 * {@code 每月31号}, {@code 每月底}, {@code 每周二上午}, {@code 每周一、三、五}, {@code 每星期二和周五下午3点},
 * {@code 每天}, {@code 每两周}, {@code 每隔一周周三}, {@code 隔周}, {@code 每3周} … with Arabic, full-width
 * or Chinese numerals. {@link #words} writes a schedule back in one canonical form.
 */
public final class ScheduleText {
    private static final String NUMBER = "([0-9]+|[一二两三四五六七八九十]+)";
    private static final String WEEK = "(?:周|星期|礼拜)";
    private static final String WEEKDAY = "[一二三四五六日天1-7]";
    private static final Pattern CLOCK = Pattern.compile("([0-9]{1,2})[:：]([0-9]{2})");
    private static final Pattern HOUR = Pattern.compile(NUMBER + "点(半|" + NUMBER + "分?)?");
    private static final Pattern DAILY = Pattern.compile("每天|每日|天天");
    private static final Pattern MONTH_END = Pattern.compile("每个?月(?:的)?(?:底|末|最后一天)");
    private static final Pattern MONTHLY = Pattern.compile("每个?月(?:的)?" + NUMBER + "(?:日|号)?");
    private static final Pattern WEEKLY = Pattern.compile("每?个?" + WEEK + "((?:" + WEEKDAY + "|[、,，和及与/]|" + WEEK + ")+)");
    private static final Pattern EVERY_OTHER = Pattern.compile("(?:每隔一|隔)" + WEEK + "(?:的)?(?:" + WEEK + "(" + WEEKDAY + "))?");
    private static final Pattern EVERY_N = Pattern.compile("每(隔)?" + NUMBER + "个?" + WEEK + "(?:的)?(?:" + WEEK + "(" + WEEKDAY + "))?");
    private static final List<String> DAY_WORDS = List.of("一", "二", "三", "四", "五", "六", "日");

    private ScheduleText() {
    }

    /**
     * Reads a schedule; throws {@link IllegalArgumentException} with a message the studio can act
     * on when the words are not one of the forms above.
     */
    public static Schedule parse(String words) {
        String text = normalize(words);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the schedule is empty; write it as 每月5日, 每周二上午 or 每两周");
        }
        StringBuilder rest = new StringBuilder(text);
        TimeOfDay at = timeOfDay(rest);
        String date = rest.toString();
        Matcher m;
        if (DAILY.matcher(date).matches()) {
            return new Schedule.Weekly(EnumSet.allOf(DayOfWeek.class), at);
        }
        if (MONTH_END.matcher(date).matches()) {
            return new Schedule.MonthlyOn(31, at);
        }
        if ((m = MONTHLY.matcher(date)).matches()) {
            int day = number(m.group(1));
            if (day < 1 || day > 31) {
                throw new IllegalArgumentException("'" + words + "': a month has days 1 to 31");
            }
            return new Schedule.MonthlyOn(day, at);
        }
        if ((m = EVERY_OTHER.matcher(date)).matches()) {
            return new Schedule.EveryWeeks(2, Optional.ofNullable(m.group(1)).map(ScheduleText::weekday), at);
        }
        if ((m = EVERY_N.matcher(date)).matches()) {
            // 每隔一周 is every other week: "skip one week" means every two.
            int weeks = number(m.group(2)) + (m.group(1) != null ? 1 : 0);
            return new Schedule.EveryWeeks(weeks, Optional.ofNullable(m.group(3)).map(ScheduleText::weekday), at);
        }
        if (date.matches("每个?" + WEEK)) {
            return new Schedule.EveryWeeks(1, Optional.empty(), at);
        }
        if ((m = WEEKLY.matcher(date)).matches()) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (char c : m.group(1).replaceAll(WEEK, "").toCharArray()) {
                if (String.valueOf(c).matches(WEEKDAY)) {
                    days.add(weekday(String.valueOf(c)));
                }
            }
            if (!days.isEmpty()) {
                return new Schedule.Weekly(days, at);
            }
        }
        throw new IllegalArgumentException("'" + words + "' is not a schedule this ledger knows; write it as 每月5日, "
                + "每月底, 每周二上午, 每周一、三、五, 每天, 每两周 or 每两周周三 (a time may follow: 上午, 下午3点, 9:30)");
    }

    /** The canonical words: 每月5日, 每周二上午, 每周一、三、五, 每天, 每两周周三, 每周 9:30. */
    public static String words(Schedule schedule) {
        String date = switch (schedule) {
            case Schedule.MonthlyOn m -> "每月" + m.day() + "日";
            case Schedule.Weekly w -> w.days().size() == 7 ? "每天"
                    : "每周" + String.join("、", EnumSet.copyOf(w.days()).stream().map(ScheduleText::dayWord).toList());
            case Schedule.EveryWeeks e -> (e.weeks() == 1 ? "每周" : "每" + chinese(e.weeks()) + "周")
                    + e.day().map(d -> (e.weeks() == 1 ? "" : "周") + dayWord(d)).orElse("");
        };
        String at = schedule.at().words();
        boolean clock = schedule.at().clock().isPresent();
        return at.isEmpty() ? date : date + (clock ? " " : "") + at;
    }

    /** 一 for Monday … 日 for Sunday. */
    public static String dayWord(DayOfWeek day) {
        return DAY_WORDS.get(day.getValue() - 1);
    }

    /** Takes the time of day out of {@code text} and returns it. */
    private static TimeOfDay timeOfDay(StringBuilder text) {
        Optional<PartOfDay> part = Optional.empty();
        for (String[] alias : new String[][] {{"上午", "MORNING"}, {"早上", "MORNING"}, {"早晨", "MORNING"}, {"中午", "NOON"},
                {"下午", "AFTERNOON"}, {"午后", "AFTERNOON"}, {"傍晚", "EVENING"}, {"晚上", "EVENING"}}) {
            int at = text.indexOf(alias[0]);
            if (at >= 0) {
                part = Optional.of(PartOfDay.valueOf(alias[1]));
                text.delete(at, at + alias[0].length());
                break;
            }
        }
        Optional<LocalTime> clock = Optional.empty();
        Matcher m = CLOCK.matcher(text);
        if (m.find()) {
            clock = Optional.of(clock(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), part));
            text.delete(m.start(), m.end());
        } else if ((m = HOUR.matcher(text)).find()) {
            int minute = m.group(2) == null ? 0 : m.group(2).equals("半") ? 30 : number(m.group(3));
            clock = Optional.of(clock(number(m.group(1)), minute, part));
            text.delete(m.start(), m.end());
        }
        return new TimeOfDay(part, clock);
    }

    private static LocalTime clock(int hour, int minute, Optional<PartOfDay> part) {
        int h = part.filter(PartOfDay::afterNoon).isPresent() && hour < 12 ? hour + 12 : hour;
        if (h > 23 || minute > 59) {
            throw new IllegalArgumentException(hour + "点" + minute + "分 is not a time of day");
        }
        return LocalTime.of(h, minute);
    }

    /** Full-width digits and punctuation to ASCII, blanks and the filler words 一次, 的 out. */
    private static String normalize(String words) {
        StringBuilder out = new StringBuilder();
        for (char c : (words == null ? "" : words).toCharArray()) {
            if (c >= '０' && c <= '９') {
                out.append((char) (c - '０' + '0'));
            } else if (c == '：') {
                out.append(':');
            } else if (!Character.isWhitespace(c) && c != '　') {
                out.append(c);
            }
        }
        return out.toString().replace("一次", "").replaceAll("[。.;；]$", "");
    }

    private static DayOfWeek weekday(String c) {
        return switch (c) {
            case "一", "1" -> DayOfWeek.MONDAY;
            case "二", "2" -> DayOfWeek.TUESDAY;
            case "三", "3" -> DayOfWeek.WEDNESDAY;
            case "四", "4" -> DayOfWeek.THURSDAY;
            case "五", "5" -> DayOfWeek.FRIDAY;
            case "六", "6" -> DayOfWeek.SATURDAY;
            case "日", "天", "7" -> DayOfWeek.SUNDAY;
            default -> throw new IllegalArgumentException("not a day of the week: " + c);
        };
    }

    /** 5, 五, 十五, 二十一, 两 → the number. */
    static int number(String s) {
        if (s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        String digits = "零一二三四五六七八九";
        int ten = s.indexOf('十');
        if (ten < 0) {
            return s.equals("两") ? 2 : digits.indexOf(s.charAt(0));
        }
        int tens = ten == 0 ? 1 : digit(s.charAt(0));
        int ones = ten == s.length() - 1 ? 0 : digit(s.charAt(ten + 1));
        return tens * 10 + ones;
    }

    private static int digit(char c) {
        int d = c == '两' ? 2 : "零一二三四五六七八九".indexOf(c);
        if (d < 0) {
            throw new IllegalArgumentException("not a number: " + c);
        }
        return d;
    }

    /** 2 → 两, 3 → 三 …, 10 and more in digits. */
    private static String chinese(int n) {
        return n == 2 ? "两" : n < 10 ? "零一二三四五六七八九".substring(n, n + 1) : String.valueOf(n);
    }
}
