package io.qiaoqiao.plugins.schedules;

import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ships {@link OnCallRule}. Settings ({@code plugin.schedules.*}):
 * {@code zone} (default: the studio's), {@code holidays} (dates and ranges such as
 * {@code 2026-10-01..2026-10-07}, comma separated), {@code unscheduled} ({@code on-call} or
 * {@code off-call}: what a volunteer without any shift is).
 */
public final class SchedulesPlugin implements QiaoqiaoPlugin {
    private static final String ON_CALL = "on-call";

    @Override
    public String id() {
        return "schedules";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.of("zone", SettingType.ZONE, "", "the zone shifts are in (empty: the studio's zone)"),
                Setting.of("holidays", SettingType.LIST, "", "dates and ranges without weekly shifts, e.g. 2026-10-01..2026-10-07"),
                Setting.of("unscheduled", SettingType.STRING, ON_CALL, "what a volunteer without any shift is: on-call or off-call"));
    }

    @Override
    public List<RoutingRule> routingRules(PluginSettings settings) {
        Optional<ZoneId> zone;
        try {
            zone = settings.get("zone").map(ZoneId::of);
        } catch (DateTimeException e) {
            throw settings.invalid("zone", "unknown time zone '" + settings.get("zone", "") + "'");
        }
        String unscheduled = settings.get("unscheduled", ON_CALL);
        if (!unscheduled.equals("on-call") && !unscheduled.equals("off-call")) {
            throw settings.invalid("unscheduled", "must be on-call or off-call, got '" + unscheduled + "'");
        }
        return List.of(new OnCallRule(zone, holidays(settings), unscheduled.equals("on-call")));
    }

    static Set<LocalDate> holidays(PluginSettings settings) {
        Set<LocalDate> out = new HashSet<>();
        for (String item : settings.list("holidays", "")) {
            try {
                int dots = item.indexOf("..");
                LocalDate from = LocalDate.parse(dots < 0 ? item : item.substring(0, dots).strip());
                LocalDate to = dots < 0 ? from : LocalDate.parse(item.substring(dots + 2).strip());
                if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
                    throw settings.invalid("holidays", "range '" + item + "' is backwards or longer than a year");
                }
                from.datesUntil(to.plusDays(1)).forEach(out::add);
            } catch (DateTimeException e) {
                throw settings.invalid("holidays", "'" + item + "' is not a date (2026-10-01) or range (2026-10-01..2026-10-07)");
            }
        }
        return out;
    }
}
