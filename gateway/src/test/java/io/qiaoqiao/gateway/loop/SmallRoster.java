package io.qiaoqiao.gateway.loop;

import io.qiaoqiao.gateway.roster.RosterKind;
import java.util.Map;

/**
 * One village group served by one volunteer group: two members and two leaders, so a ticket
 * can walk the whole group in a few steps.
 */
final class SmallRoster {
    static final String RESIDENT = "+8613900001001";
    static final String MEMBER_A = "+8613900003001";
    static final String MEMBER_B = "+8613900003002";
    static final String LEADER_C = "+8613900003101";
    static final String LEADER_D = "+8613900003102";
    static final String STRANGER = "+8613911112222";

    static final Map<RosterKind, String> CSV = Map.of(
            RosterKind.GROUPS, """
                    code,name,village,serves
                    g1,桥头村一组志愿小组,桥头村,一组
                    """,
            RosterKind.VOLUNTEERS, """
                    phone,name,group_code,skills,leader,active
                    +8613900003001,甲,g1,,否,是
                    +8613900003002,乙,g1,,否,是
                    +8613900003101,丙,g1,,是,是
                    +8613900003102,丁,g1,,是,是
                    +8613900003003,戊,g1,,否,否
                    """,
            RosterKind.RESIDENTS, """
                    phone,name,village,village_group,grid,lives_alone,notes
                    +8613900001001,王秀英,桥头村,一组,,是,
                    """);

    private SmallRoster() {
    }
}
