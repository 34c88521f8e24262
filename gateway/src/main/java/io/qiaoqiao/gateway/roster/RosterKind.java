package io.qiaoqiao.gateway.roster;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The four roster files, in the order one import applies them: a volunteer needs its group and
 * a family contact needs its resident. The columns are the header row every file must have
 * (documented in {@code demo/roster/README.md}); optional columns came later, so files written
 * before them still import (an optional column a file leaves out keeps what the database holds),
 * and the export writes them all.
 */
public enum RosterKind {
    GROUPS("groups", List.of("code", "name", "village", "serves"), List.of()),
    VOLUNTEERS("volunteers", List.of("phone", "name", "group_code", "skills", "leader", "active"), List.of("ring_urgent")),
    RESIDENTS("residents", List.of("phone", "name", "village", "village_group", "grid", "lives_alone", "notes"), List.of()),
    FAMILY("family", List.of("resident_phone", "phone", "name", "relation"), List.of());

    private final String id;
    private final List<String> required;
    private final List<String> columns;

    RosterKind(String id, List<String> required, List<String> optional) {
        this.id = id;
        this.required = required;
        this.columns = java.util.stream.Stream.concat(required.stream(), optional.stream()).toList();
    }

    /** The name used on the command line, in URLs and as the file name ({@code groups.csv}). */
    public String id() {
        return id;
    }

    /** Every column, as the export writes them: the required ones, then the optional ones. */
    public List<String> columns() {
        return columns;
    }

    /** The columns every file of this kind must have. */
    public List<String> required() {
        return required;
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
