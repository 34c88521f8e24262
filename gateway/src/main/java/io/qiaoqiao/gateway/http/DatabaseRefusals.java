package io.qiaoqiao.gateway.http;

import io.vertx.pgclient.PgException;
import java.util.Map;

/**
 * What the database refused, in the console's words. PostgreSQL's own message and detail name
 * tables and columns and repeat the values (a resident's phone, say): they go neither into an
 * answer nor into a problem document. The constraint's name, which is ours, picks the words.
 */
final class DatabaseRefusals {
    private static final String UNIQUE = "23505";
    private static final String FOREIGN_KEY = "23503";
    private static final String CHECK = "23514";

    /** Chinese, then English, by constraint name. */
    private static final Map<String, String[]> WORDS = Map.ofEntries(
            Map.entry("residents_phone_key", new String[] {"这个电话号码已经登记为居民", "a resident with this phone exists"}),
            Map.entry("volunteers_phone_key", new String[] {"这个电话号码已经登记为志愿者", "a volunteer with this phone exists"}),
            Map.entry("volunteer_groups_code_key", new String[] {"这个小组代码已经有了", "a volunteer group with this code exists"}),
            Map.entry("family_contacts_resident_id_phone_key", new String[] {"这位居民已经登记了这个家属电话",
                    "this resident already has a family contact with this phone"}),
            Map.entry("duty_phones_kind_village_key", new String[] {"这个村已经有这种值班电话", "this village has a duty phone of this kind"}),
            Map.entry("operators_name_key", new String[] {"已有同名的工作人员账号", "an operator account with this name exists"}),
            Map.entry("volunteer_exceptions_check", new String[] {"结束时间要晚于开始时间", "the end must come after the start"}),
            Map.entry("holidays_check", new String[] {"最后一天不能早于第一天", "the last day cannot come before the first"}),
            Map.entry("volunteer_shifts_day_of_week_check", new String[] {"星期要在 1（周一）到 7（周日）之间",
                    "day of week must be 1 (Monday) to 7 (Sunday)"}));

    private DatabaseRefusals() {
    }

    static boolean known(PgException e) {
        return UNIQUE.equals(e.getSqlState()) || FOREIGN_KEY.equals(e.getSqlState()) || CHECK.equals(e.getSqlState());
    }

    /** @param deleting the request deletes something (a foreign key then means "still in use") */
    static ApiError toError(PgException e, boolean deleting) {
        String[] words = e.getConstraint() == null ? null : WORDS.get(e.getConstraint());
        return switch (e.getSqlState()) {
            case UNIQUE -> new ApiError(Problem.ALREADY_EXISTS, words != null ? words[0] : "已经有相同的记录",
                    "already exists" + (words != null ? ": " + words[1] : ""));
            case FOREIGN_KEY -> deleting
                    ? new ApiError(Problem.STILL_REFERENCED, "还有别的记录用到它，不能删除", "still referenced by other records")
                    : new ApiError(Problem.REFERENCE_MISSING, "引用的记录不存在（例如居民、小组或志愿者的编号不对）",
                    "refers to something missing (a resident, group or volunteer id)");
            default -> new ApiError(Problem.INVALID_FIELD, words != null ? words[0] : "有数值不符合要求",
                    words != null ? words[1] : "a value is out of range");
        };
    }
}
