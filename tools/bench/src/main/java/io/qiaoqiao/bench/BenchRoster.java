package io.qiaoqiao.bench;

import io.qiaoqiao.gateway.Gateway;
import io.qiaoqiao.gateway.roster.ImportReport;
import io.qiaoqiao.gateway.roster.RosterImporter;
import io.qiaoqiao.gateway.roster.RosterKind;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fictional township for the benchmark: ten village groups of one village, each served by a
 * volunteer group of five members and a leader, and {@code residents} registered residents
 * spread over the groups. Imported through the real roster importer.
 */
final class BenchRoster {
    static final int GROUPS = 10;
    private static final String[] GROUP_NAMES = {"一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组"};
    private static final int MEMBERS = 5;

    private final List<String> residentPhones = new ArrayList<>();
    private final Map<RosterKind, String> csv;

    BenchRoster(int residents) {
        StringBuilder groups = new StringBuilder("code,name,village,serves\n");
        StringBuilder volunteers = new StringBuilder("phone,name,group_code,skills,leader,active\n");
        StringBuilder people = new StringBuilder("phone,name,village,village_group,grid,lives_alone,notes\n");
        for (int g = 0; g < GROUPS; g++) {
            groups.append("g").append(g).append(",桥头村").append(GROUP_NAMES[g]).append("志愿小组,桥头村,")
                    .append(GROUP_NAMES[g]).append('\n');
            for (int m = 0; m <= MEMBERS; m++) {
                boolean leader = m == MEMBERS;
                volunteers.append(phone(7, g * 100 + m)).append(",志愿者").append(g).append('-').append(m).append(",g")
                        .append(g).append(",,").append(leader ? "是" : "否").append(",是\n");
            }
        }
        for (int r = 0; r < residents; r++) {
            String phone = phone(1, r);
            residentPhones.add(phone);
            people.append(phone).append(",居民").append(r).append(",桥头村,").append(GROUP_NAMES[r % GROUPS])
                    .append(",,").append(r % 3 == 0 ? "是" : "否").append(",\n");
        }
        csv = Map.of(RosterKind.GROUPS, groups.toString(), RosterKind.VOLUNTEERS, volunteers.toString(),
                RosterKind.RESIDENTS, people.toString());
    }

    /** +86139{kind}{seven digits}: residents and volunteers never share a number. */
    private static String phone(int kind, int n) {
        return String.format("+86139%d%07d", kind, n);
    }

    List<String> residentPhones() {
        return residentPhones;
    }

    void importInto(Pool pool) {
        ImportReport report = Gateway.await(new RosterImporter(pool).importCsv(csv));
        if (!report.ok()) {
            throw new IllegalStateException("benchmark roster did not import: " + report);
        }
    }
}
