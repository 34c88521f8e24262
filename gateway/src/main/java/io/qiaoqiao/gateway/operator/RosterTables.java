package io.qiaoqiao.gateway.operator;

import static io.qiaoqiao.gateway.operator.RosterTable.Kind.BOOL;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.CHOICE;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.DATE;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.DAY_OF_WEEK;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.ID;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.INSTANT;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.PHONE;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.TEXT;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.TEXT_LIST;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.TIME;

import io.qiaoqiao.gateway.operator.RosterTable.Field;
import io.qiaoqiao.gateway.roster.RosterValidator;
import java.util.List;
import java.util.Set;

/**
 * The roster tables the operator API edits, with the same limits as the CSV import
 * ({@link RosterValidator}): the four the import knows, and what routing reads besides — weekly
 * on-call shifts, leave and extra duty, holidays (on which weekly shifts do not apply) and the
 * duty phones escalation steps text.
 */
public final class RosterTables {
    private static final int NAME = RosterValidator.NAME_MAX;
    private static final List<RosterTable> ALL = List.of(
            new RosterTable("residents", "residents", "resident", "居民", List.of(
                    new Field("phone", "phone", PHONE, true, 0, true, "电话"),
                    new Field("name", "name", TEXT, true, NAME, false, "姓名"),
                    new Field("village", "village", TEXT, true, NAME, true, "村"),
                    new Field("villageGroup", "village_group", TEXT, true, NAME, true, "村民小组"),
                    new Field("grid", "grid", TEXT, false, NAME, true, "网格"),
                    new Field("livesAlone", "lives_alone", BOOL, false, 0, true, "独居"),
                    new Field("notes", "notes", TEXT, false, RosterValidator.NOTES_MAX, false, "备注")),
                    "这位居民有求助记录，请修改而不要删除"),
            new RosterTable("family", "family_contacts", "family contact", "家属联系人", List.of(
                    new Field("residentId", "resident_id", ID, true, 0, true, "居民编号"),
                    new Field("phone", "phone", PHONE, true, 0, true, "电话"),
                    new Field("name", "name", TEXT, true, NAME, false, "姓名"),
                    new Field("relation", "relation", TEXT, false, RosterValidator.RELATION_MAX, false, "关系")),
                    "请先删除用到它的记录"),
            new RosterTable("groups", "volunteer_groups", "volunteer group", "志愿小组", List.of(
                    new Field("code", "code", TEXT, true, RosterValidator.CODE_MAX, true, "小组代码"),
                    new Field("name", "name", TEXT, true, NAME, false, "名称"),
                    new Field("village", "village", TEXT, true, NAME, true, "村"),
                    new Field("serves", "serves", TEXT_LIST, false, NAME, false, "服务的村民小组")),
                    "请先把小组的志愿者调走或删除"),
            new RosterTable("volunteers", "volunteers", "volunteer", "志愿者", List.of(
                    new Field("phone", "phone", PHONE, true, 0, true, "电话"),
                    new Field("name", "name", TEXT, true, NAME, false, "姓名"),
                    new Field("groupId", "group_id", ID, true, 0, true, "小组编号"),
                    new Field("skills", "skills", TEXT_LIST, false, RosterValidator.SKILL_MAX, false, "技能"),
                    new Field("leader", "is_leader", BOOL, false, 0, true, "组长"),
                    new Field("active", "active", BOOL, false, 0, true, "在岗"),
                    new Field("ringUrgent", "ring_urgent", BOOL, false, 0, true, "紧急求助来电通知")),
                    "这位志愿者接过求助，请把“在岗”改为否"),
            new RosterTable("shifts", "volunteer_shifts", "shift", "值班", List.of(
                    new Field("volunteerId", "volunteer_id", ID, true, 0, true, "志愿者编号"),
                    new Field("dayOfWeek", "day_of_week", DAY_OF_WEEK, true, 0, true, "星期（1=周一）"),
                    new Field("starts", "starts", TIME, true, 0, false, "开始"),
                    new Field("ends", "ends", TIME, true, 0, false, "结束（早于开始：跨到第二天）")),
                    ""),
            new RosterTable("schedule-exceptions", "volunteer_exceptions", "schedule exception", "请假或加班", List.of(
                    new Field("volunteerId", "volunteer_id", ID, true, 0, true, "志愿者编号"),
                    new Field("kind", "kind", CHOICE, true, 0, true, Set.of("leave", "extra_duty"), "请假 leave / 加班 extra_duty"),
                    new Field("startsAt", "starts_at", INSTANT, true, 0, false, "开始"),
                    new Field("endsAt", "ends_at", INSTANT, true, 0, false, "结束"),
                    new Field("reason", "reason", TEXT, false, RosterValidator.NOTES_MAX, false, "原因")),
                    ""),
            new RosterTable("holidays", "holidays", "holiday", "节假日", List.of(
                    new Field("name", "name", TEXT, true, NAME, false, "名称"),
                    new Field("firstDay", "first_day", DATE, true, 0, false, "第一天"),
                    new Field("lastDay", "last_day", DATE, true, 0, false, "最后一天")),
                    ""),
            new RosterTable("duty-phones", "duty_phones", "duty phone", "值班电话", List.of(
                    new Field("kind", "kind", TEXT, true, 40, true, "种类（village-committee 村委会 / township-centre 镇中心）"),
                    new Field("village", "village", TEXT, false, NAME, true, "村（空：全镇）"),
                    new Field("name", "name", TEXT, true, NAME, false, "名称"),
                    new Field("phone", "phone", PHONE, true, 0, false, "电话")),
                    ""));

    private RosterTables() {
    }

    public static List<RosterTable> all() {
        return ALL;
    }

    public static RosterTable named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no roster table " + name));
    }
}
