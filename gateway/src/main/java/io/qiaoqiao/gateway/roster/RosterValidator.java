package io.qiaoqiao.gateway.roster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns roster sheets into a {@link Roster}, or into every reason why not. Pure: what the
 * database already holds comes in as {@link Existing}, so the rules are tested without one.
 * A row with several problems gets one error that lists them all.
 */
public final class RosterValidator {
    public static final int CODE_MAX = 32;
    public static final int NAME_MAX = 50;
    public static final int SKILL_MAX = 32;
    public static final int RELATION_MAX = 20;
    public static final int NOTES_MAX = 500;
    /** Operators type lists with the ASCII or the full-width semicolon, depending on the keyboard mode. */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[;；]");

    private RosterValidator() {
    }

    /**
     * What the database holds among the keys the files refer to.
     *
     * @param groupCodes     volunteer group codes that exist
     * @param residentPhones resident phones (E.164) that exist
     */
    public record Existing(Set<String> groupCodes, Set<String> residentPhones) {
        public static final Existing NONE = new Existing(Set.of(), Set.of());

        public Existing {
            groupCodes = Set.copyOf(groupCodes);
            residentPhones = Set.copyOf(residentPhones);
        }
    }

    /** The valid rows, and an error for each bad one; the roster must not be written unless there are none. */
    public record Result(Roster roster, List<RowError> errors) {
        public Result {
            errors = errors.stream().sorted(RowError.IN_FILE_ORDER).toList();
        }
    }

    /** Group codes the volunteers file refers to: look these up before {@link #validate}. */
    public static Set<String> referencedGroupCodes(Map<RosterKind, RosterSheet> sheets) {
        return collect(sheets.get(RosterKind.VOLUNTEERS), row -> Optional.of(row.get("group_code")).filter(s -> !s.isEmpty()));
    }

    /** Resident phones (E.164) the family file refers to: look these up before {@link #validate}. */
    public static Set<String> referencedResidentPhones(Map<RosterKind, RosterSheet> sheets) {
        return collect(sheets.get(RosterKind.FAMILY), row -> PhoneNumbers.normalize(row.get("resident_phone")));
    }

    public static Result validate(Map<RosterKind, RosterSheet> sheets, Existing existing) {
        List<RowError> errors = new ArrayList<>();
        sheets.values().forEach(sheet -> errors.addAll(sheet.errors()));
        Set<String> groupCodes = new HashSet<>(existing.groupCodes());
        groupCodes.addAll(collect(sheets.get(RosterKind.GROUPS), row -> Optional.of(row.get("code")).filter(s -> !s.isEmpty())));
        Set<String> residentPhones = new HashSet<>(existing.residentPhones());
        residentPhones.addAll(collect(sheets.get(RosterKind.RESIDENTS), row -> PhoneNumbers.normalize(row.get("phone"))));

        List<Roster.Group> groups = new ArrayList<>();
        List<Roster.Volunteer> volunteers = new ArrayList<>();
        List<Roster.Resident> residents = new ArrayList<>();
        List<Roster.FamilyContact> family = new ArrayList<>();
        for (RosterSheet sheet : sheets.values()) {
            Map<String, Integer> firstLineByKey = new HashMap<>();
            for (RosterSheet.Row row : sheet.rows()) {
                RowCheck check = new RowCheck(row);
                switch (sheet.kind()) {
                    case GROUPS -> {
                        var group = new Roster.Group(row.line(), check.text("code", true, CODE_MAX),
                                check.text("name", true, NAME_MAX), check.text("village", true, NAME_MAX),
                                check.list("serves", NAME_MAX));
                        check.unique(firstLineByKey, group.code(), "group code " + group.code());
                        check.ifValid(group, groups);
                    }
                    case VOLUNTEERS -> {
                        var volunteer = new Roster.Volunteer(row.line(), check.phone("phone"), check.text("name", true, NAME_MAX),
                                check.text("group_code", true, CODE_MAX), check.list("skills", SKILL_MAX),
                                check.flag("leader", false), check.flag("active", true), check.optionalFlag("ring_urgent"));
                        check.known(groupCodes, volunteer.groupCode(), "unknown group_code '" + volunteer.groupCode()
                                + "': it is neither in groups.csv nor in the database");
                        check.unique(firstLineByKey, volunteer.phone(), "volunteer phone " + volunteer.phone());
                        check.ifValid(volunteer, volunteers);
                    }
                    case RESIDENTS -> {
                        var resident = new Roster.Resident(row.line(), check.phone("phone"), check.text("name", true, NAME_MAX),
                                check.text("village", true, NAME_MAX), check.text("village_group", true, NAME_MAX),
                                check.text("grid", false, NAME_MAX), check.flag("lives_alone", false),
                                check.text("notes", false, NOTES_MAX));
                        check.unique(firstLineByKey, resident.phone(), "resident phone " + resident.phone());
                        check.ifValid(resident, residents);
                    }
                    case FAMILY -> {
                        var contact = new Roster.FamilyContact(row.line(), check.phone("resident_phone"), check.phone("phone"),
                                check.text("name", true, NAME_MAX), check.text("relation", false, RELATION_MAX));
                        check.known(residentPhones, contact.residentPhone(), "no resident with phone " + contact.residentPhone()
                                + ": it is neither in residents.csv nor in the database");
                        if (contact.phone() != null && contact.phone().equals(contact.residentPhone())) {
                            check.problem("the contact's phone is the resident's own phone");
                        }
                        boolean phonesValid = contact.residentPhone() != null && contact.phone() != null;
                        check.unique(firstLineByKey, phonesValid ? contact.residentPhone() + " " + contact.phone() : null,
                                "family contact " + contact.phone() + " of resident " + contact.residentPhone());
                        check.ifValid(contact, family);
                    }
                }
                check.report(sheet.kind()).ifPresent(errors::add);
            }
        }
        return new Result(new Roster(groups, volunteers, residents, family), errors);
    }

    private static Set<String> collect(RosterSheet sheet, Function<RosterSheet.Row, Optional<String>> key) {
        Set<String> keys = new HashSet<>();
        if (sheet != null) {
            sheet.rows().forEach(row -> key.apply(row).ifPresent(keys::add));
        }
        return keys;
    }

    /** The problems of one row, gathered so the operator sees all of them at once. */
    private static final class RowCheck {
        private final RosterSheet.Row row;
        private final List<String> problems = new ArrayList<>();

        RowCheck(RosterSheet.Row row) {
            this.row = row;
        }

        void problem(String message) {
            problems.add(message);
        }

        String text(String column, boolean required, int max) {
            String value = row.get(column);
            if (required && value.isEmpty()) {
                problem(column + " is missing");
            } else if (value.codePointCount(0, value.length()) > max) {
                problem(column + " is longer than " + max + " characters");
            }
            return value;
        }

        /** The E.164 form, or null (with a problem noted) when missing or not a phone number. */
        String phone(String column) {
            String value = row.get(column);
            if (value.isEmpty()) {
                problem(column + " is missing");
                return null;
            }
            Optional<String> phone = PhoneNumbers.normalize(value);
            if (phone.isEmpty()) {
                problem(column + " '" + value + "' is not a phone number (e.g. 13900001001 or +8613900001001)");
            }
            return phone.orElse(null);
        }

        boolean flag(String column, boolean whenEmpty) {
            String value = row.get(column).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "" -> whenEmpty;
                case "yes", "y", "true", "1", "是" -> true;
                case "no", "n", "false", "0", "否" -> false;
                default -> {
                    problem(column + " must be yes/no (是/否), not '" + row.get(column) + "'");
                    yield whenEmpty;
                }
            };
        }

        /** A yes/no column a file may leave out: null when it is absent or empty. */
        Boolean optionalFlag(String column) {
            return !row.values().containsKey(column) || row.get(column).isEmpty() ? null : flag(column, false);
        }

        List<String> list(String column, int maxEach) {
            List<String> items = LIST_SEPARATOR.splitAsStream(row.get(column)).map(String::strip)
                    .filter(s -> !s.isEmpty()).distinct().toList();
            items.stream().filter(s -> s.codePointCount(0, s.length()) > maxEach).findFirst()
                    .ifPresent(s -> problem(column + " has an entry longer than " + maxEach + " characters: '" + s + "'"));
            return items;
        }

        void known(Set<String> keys, String key, String message) {
            if (key != null && !key.isEmpty() && !keys.contains(key)) {
                problem(message);
            }
        }

        void unique(Map<String, Integer> firstLineByKey, String key, String what) {
            if (key == null || key.isEmpty()) {
                return;
            }
            Integer first = firstLineByKey.putIfAbsent(key, row.line());
            if (first != null) {
                problem(what + " is already on line " + first);
            }
        }

        <T> void ifValid(T value, List<T> into) {
            if (problems.isEmpty()) {
                into.add(value);
            }
        }

        Optional<RowError> report(RosterKind kind) {
            return problems.isEmpty() ? Optional.empty() : Optional.of(new RowError(kind, row.line(), String.join("; ", problems)));
        }
    }
}
