package io.qiaoqiao.gateway.roster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one import did: either counts per kind (it was applied), or every bad row (nothing was
 * applied). Never both.
 *
 * @param counts per kind that was in the import, how its rows changed the database
 * @param errors every bad row, in file and line order; empty when the import was applied
 */
public record ImportReport(Map<RosterKind, Counts> counts, List<RowError> errors) {
    public ImportReport {
        EnumMap<RosterKind, Counts> ordered = new EnumMap<>(RosterKind.class);
        ordered.putAll(counts);
        counts = Collections.unmodifiableMap(ordered);
        errors = errors.stream().sorted(RowError.IN_FILE_ORDER).toList();
    }

    /**
     * @param inserted  rows that did not exist before
     * @param updated   rows whose values changed
     * @param unchanged rows already exactly as in the file
     */
    public record Counts(int inserted, int updated, int unchanged) {
        public Counts plus(Counts other) {
            return new Counts(inserted + other.inserted, updated + other.updated, unchanged + other.unchanged);
        }

        public boolean changedAnything() {
            return inserted > 0 || updated > 0;
        }
    }

    public static ImportReport applied(Map<RosterKind, Counts> counts) {
        return new ImportReport(counts, List.of());
    }

    public static ImportReport rejected(List<RowError> errors) {
        return new ImportReport(Map.of(), errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public boolean changedAnything() {
        return counts.values().stream().anyMatch(Counts::changedAnything);
    }

    /** Counts for one kind; zero when the kind was not in the import. */
    public Counts counts(RosterKind kind) {
        return counts.getOrDefault(kind, new Counts(0, 0, 0));
    }

    public JsonObject toJson() {
        JsonObject byKind = new JsonObject();
        counts.forEach((kind, c) -> byKind.put(kind.id(), new JsonObject()
                .put("inserted", c.inserted()).put("updated", c.updated()).put("unchanged", c.unchanged())));
        JsonArray rows = new JsonArray();
        errors.forEach(e -> rows.add(new JsonObject().put("kind", e.kind().id()).put("line", e.line()).put("message", e.message())));
        return ok() ? new JsonObject().put("imported", byKind)
                : new JsonObject().put("error", errors.size() + " bad row(s); nothing was imported").put("rows", rows);
    }

    /** For people: one line per kind, or one line per bad row. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (ok()) {
            counts.forEach((kind, c) -> out.append(kind.id()).append(": ").append(c.inserted())
                    .append(" inserted, ").append(c.updated()).append(" updated, ").append(c.unchanged())
                    .append(" unchanged\n"));
        } else {
            out.append(errors.size()).append(" bad row(s); nothing was imported:\n");
            errors.forEach(e -> out.append("  ").append(e).append('\n'));
        }
        return out.toString();
    }
}
