package io.qiaoqiao.gateway.roster;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The four roster files, in the order one import applies them: a volunteer needs its group and
 * a family contact needs its resident. The columns are the header row every file must have
 * (documented in {@code demo/roster/README.md}).
 */
public enum RosterKind {
    GROUPS("groups", List.of("code", "name", "village", "serves")),
    VOLUNTEERS("volunteers", List.of("phone", "name", "group_code", "skills", "leader", "active")),
    RESIDENTS("residents", List.of("phone", "name", "village", "village_group", "grid", "lives_alone", "notes")),
    FAMILY("family", List.of("resident_phone", "phone", "name", "relation"));

    private final String id;
    private final List<String> columns;

    RosterKind(String id, List<String> columns) {
        this.id = id;
        this.columns = columns;
    }

    /** The name used on the command line, in URLs and as the file name ({@code groups.csv}). */
    public String id() {
        return id;
    }

    public List<String> columns() {
        return columns;
    }

    public static Optional<RosterKind> fromId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (RosterKind kind : values()) {
            if (kind.id.equals(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
