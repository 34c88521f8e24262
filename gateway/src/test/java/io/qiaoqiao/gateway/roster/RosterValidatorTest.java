package io.qiaoqiao.gateway.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RosterValidatorTest {
    private static final String GROUPS = "code,name,village,serves\nq-1,一组志愿小组,桥头村,一组；二组\n";

    private static RosterValidator.Result validate(RosterValidator.Existing existing, Object... kindAndText) {
        Map<RosterKind, RosterSheet> sheets = new EnumMap<>(RosterKind.class);
        for (int i = 0; i < kindAndText.length; i += 2) {
            RosterKind kind = (RosterKind) kindAndText[i];
            sheets.put(kind, RosterSheet.read(kind, (String) kindAndText[i + 1]));
        }
        return RosterValidator.validate(sheets, existing);
    }

    private static List<Integer> lines(RosterValidator.Result result) {
        return result.errors().stream().map(RowError::line).toList();
    }

    @Test
    void good_rows_become_normalised_roster_entries() {
        var result = validate(RosterValidator.Existing.NONE, RosterKind.GROUPS, GROUPS, RosterKind.VOLUNTEERS,
                "phone,name,group_code,skills,leader,active\n139 0000 2001,张伟,q-1,tv-repair；electrician,否,\n");
        assertEquals(List.of(), result.errors());
        assertEquals(List.of("一组", "二组"), result.roster().groups().getFirst().serves());
        assertEquals(new Roster.Volunteer(2, "+8613900002001", "张伟", "q-1", List.of("tv-repair", "electrician"), false, true, null),
                result.roster().volunteers().getFirst());
    }

    @Test
    void every_bad_row_is_reported_with_its_line_and_the_good_rows_are_not_enough() {
        var result = validate(RosterValidator.Existing.NONE, RosterKind.GROUPS, GROUPS, RosterKind.VOLUNTEERS, """
                phone,name,group_code,skills,leader,active
                +8613900002001,张伟,q-1,tv-repair,no,yes
                12345,李强,q-1,driver,no,yes
                +8613900002003,王芳,q-9,bank-papers,no,yes
                +8613900002004,,q-1,,no,yes
                """);
        assertEquals(List.of(3, 4, 5), lines(result));
        assertTrue(result.errors().get(0).message().contains("not a phone number"), result.errors().get(0).message());
        assertTrue(result.errors().get(1).message().contains("unknown group_code 'q-9'"), result.errors().get(1).message());
        assertEquals("name is missing", result.errors().get(2).message());
    }

    @Test
    void a_group_already_in_the_database_is_known() {
        var result = validate(new RosterValidator.Existing(Set.of("q-7"), Set.of()), RosterKind.VOLUNTEERS,
                "phone,name,group_code,skills,leader,active\n13900002001,张伟,q-7,,是,是\n");
        assertEquals(List.of(), result.errors());
        assertTrue(result.roster().volunteers().getFirst().leader());
    }

    @Test
    void a_family_contact_needs_a_resident_in_the_file_or_the_database() {
        String family = "resident_phone,phone,name,relation\n13900001001,13900009001,李建国,儿子\n13900001099,13900009002,某人,女儿\n";
        var alone = validate(RosterValidator.Existing.NONE, RosterKind.FAMILY, family);
        assertEquals(List.of(2, 3), lines(alone));
        assertTrue(alone.errors().get(1).message().startsWith("no resident with phone +8613900001099"));

        var known = validate(new RosterValidator.Existing(Set.of(), Set.of("+8613900001001")), RosterKind.FAMILY, family);
        assertEquals(List.of(3), lines(known));
    }

    @Test
    void duplicates_inside_a_file_point_at_the_first_occurrence() {
        var result = validate(RosterValidator.Existing.NONE, RosterKind.RESIDENTS, """
                phone,name,village,village_group,grid,lives_alone,notes
                13900001001,王秀英,桥头村,一组,,是,
                +86 139-0000-1001,王秀英,桥头村,一组,,是,
                """);
        assertEquals(List.of(3), lines(result));
        assertEquals("resident phone +8613900001001 is already on line 2", result.errors().getFirst().message());
    }

    @Test
    void bad_yes_no_values_and_overlong_names_are_reported_together() {
        var result = validate(RosterValidator.Existing.NONE, RosterKind.RESIDENTS,
                "phone,name,village,village_group,grid,lives_alone,notes\n13900001001," + "长".repeat(51) + ",桥头村,一组,,maybe,\n");
        assertEquals("name is longer than 50 characters; lives_alone must be yes/no (是/否), not 'maybe'",
                result.errors().getFirst().message());
    }

    @Test
    void a_header_without_the_expected_columns_is_reported_on_its_line() {
        var result = validate(RosterValidator.Existing.NONE, RosterKind.GROUPS, "\ncode,name,villages\nq-1,x,y\n");
        assertEquals(List.of(2), lines(result));
        assertTrue(result.errors().getFirst().message().contains("missing: village,serves; unknown: villages"));
    }

    @Test
    void a_row_with_the_wrong_number_of_fields_is_reported() {
        var result = validate(RosterValidator.Existing.NONE, RosterKind.GROUPS, GROUPS + "q-2,二组,桥头村,二组,extra\n");
        assertEquals(List.of(3), lines(result));
    }

    @Test
    void a_family_contact_cannot_be_the_resident_themself() {
        var result = validate(new RosterValidator.Existing(Set.of(), Set.of("+8613900001001")), RosterKind.FAMILY,
                "resident_phone,phone,name,relation\n13900001001,+8613900001001,王秀英,本人\n");
        assertEquals("the contact's phone is the resident's own phone", result.errors().getFirst().message());
    }
}
