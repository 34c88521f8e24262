package io.qiaoqiao.gateway.operator;

import static io.qiaoqiao.gateway.operator.RosterTable.Kind.BOOL;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.ID;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.PHONE;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.TEXT;
import static io.qiaoqiao.gateway.operator.RosterTable.Kind.TEXT_LIST;

import io.qiaoqiao.gateway.operator.RosterTable.Field;
import io.qiaoqiao.gateway.roster.RosterValidator;
import java.util.List;

/** The roster tables the operator API edits, with the same limits as the CSV import ({@link RosterValidator}). */
public final class RosterTables {
    private static final int NAME = RosterValidator.NAME_MAX;

    private RosterTables() {
    }

    public static List<RosterTable> all() {
        return List.of(
                new RosterTable("residents", "residents", "resident", List.of(
                        new Field("phone", "phone", PHONE, true, 0, true),
                        new Field("name", "name", TEXT, true, NAME, false),
                        new Field("village", "village", TEXT, true, NAME, true),
                        new Field("villageGroup", "village_group", TEXT, true, NAME, true),
                        new Field("grid", "grid", TEXT, false, NAME, true),
                        new Field("livesAlone", "lives_alone", BOOL, false, 0, true),
                        new Field("notes", "notes", TEXT, false, RosterValidator.NOTES_MAX, false)),
                        "the resident has tickets; keep the row (tickets need it) and correct it instead"),
                new RosterTable("family", "family_contacts", "family contact", List.of(
                        new Field("residentId", "resident_id", ID, true, 0, true),
                        new Field("phone", "phone", PHONE, true, 0, true),
                        new Field("name", "name", TEXT, true, NAME, false),
                        new Field("relation", "relation", TEXT, false, RosterValidator.RELATION_MAX, false)),
                        "remove what refers to it first"),
                new RosterTable("groups", "volunteer_groups", "volunteer group", List.of(
                        new Field("code", "code", TEXT, true, RosterValidator.CODE_MAX, true),
                        new Field("name", "name", TEXT, true, NAME, false),
                        new Field("village", "village", TEXT, true, NAME, true),
                        new Field("serves", "serves", TEXT_LIST, false, NAME, false)),
                        "move or delete its volunteers first"),
                new RosterTable("volunteers", "volunteers", "volunteer", List.of(
                        new Field("phone", "phone", PHONE, true, 0, true),
                        new Field("name", "name", TEXT, true, NAME, false),
                        new Field("groupId", "group_id", ID, true, 0, true),
                        new Field("skills", "skills", TEXT_LIST, false, RosterValidator.SKILL_MAX, false),
                        new Field("leader", "is_leader", BOOL, false, 0, true),
                        new Field("active", "active", BOOL, false, 0, true),
                        new Field("ringUrgent", "ring_urgent", BOOL, false, 0, true)),
                        "the volunteer has offers or tickets; set active to false instead"));
    }
}
