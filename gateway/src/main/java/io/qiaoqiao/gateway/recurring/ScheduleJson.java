package io.qiaoqiao.gateway.recurring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The structured form of a schedule, as stored ({@code help_items.schedule},
 * {@code checkin_plans.schedule}) and as the API shows it:
 * {@code {"kind":"monthly","day":5}}, {@code {"kind":"weekly","days":["tuesday"],"part":"morning"}},
 * {@code {"kind":"every-weeks","weeks":2,"day":"wednesday","time":"09:30"}}.
 */
public final class ScheduleJson {
    private ScheduleJson() {
    }

    public static JsonObject of(Schedule schedule) {
        JsonObject json = switch (schedule) {
            case Schedule.MonthlyOn m -> new JsonObject().put("kind", "monthly").put("day", m.day());
            case Schedule.Weekly w -> {
                JsonArray days = new JsonArray();
                EnumSet.copyOf(w.days()).forEach(d -> days.add(name(d)));
                yield new JsonObject().put("kind", "weekly").put("days", days);
            }
            case Schedule.EveryWeeks e -> {
                JsonObject j = new JsonObject().put("kind", "every-weeks").put("weeks", e.weeks());
                e.day().ifPresent(d -> j.put("day", name(d)));
                yield j;
            }
        };
        schedule.at().part().ifPresent(p -> json.put("part", p.id()));
        schedule.at().clock().ifPresent(c -> json.put("time", c.toString()));
        return json;
    }

    /**
     * A schedule as a request gives it: the words ({@code "每周二上午"}) or the structured form; throws
     * {@link IllegalArgumentException} saying what is wrong.
     */
    public static Schedule fromInput(Object value) {
        if (value instanceof String words) {
            return ScheduleText.parse(words);
        }
        if (value instanceof JsonObject json) {
            return from(json);
        }
        throw new IllegalArgumentException("a schedule is its words, e.g. \"每月5日\", or an object such as {\"kind\":\"monthly\",\"day\":5}");
    }

    /** Reads the structured form; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Schedule from(JsonObject json) {
        TimeOfDay at = new TimeOfDay(
                Optional.ofNullable(json.getString("part")).map(p -> PartOfDay.fromId(p)
                        .orElseThrow(() -> new IllegalArgumentException("part must be morning, noon, afternoon or evening, not " + p))),
                Optional.ofNullable(json.getString("time")).map(ScheduleJson::time));
        String kind = String.valueOf(json.getValue("kind"));
        return switch (kind) {
            case "monthly" -> new Schedule.MonthlyOn(integer(json, "day"), at);
            case "weekly" -> {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                JsonArray list = json.getJsonArray("days", new JsonArray());
                for (Object d : list) {
                    days.add(day(String.valueOf(d)));
                }
                yield new Schedule.Weekly(days, at);
            }
            case "every-weeks" -> new Schedule.EveryWeeks(integer(json, "weeks"),
                    Optional.ofNullable(json.getString("day")).map(ScheduleJson::day), at);
            default -> throw new IllegalArgumentException("kind must be monthly, weekly or every-weeks, not " + kind);
        };
    }

    private static int integer(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return n.intValue();
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time must look like 09:30, not " + text);
        }
    }

    private static String name(DayOfWeek day) {
        return day.name().toLowerCase(Locale.ROOT);
    }

    private static DayOfWeek day(String name) {
        try {
            return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a day is monday … sunday, not " + name);
        }
    }
}
