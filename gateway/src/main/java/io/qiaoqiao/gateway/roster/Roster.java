package io.qiaoqiao.gateway.roster;

import java.util.List;

/**
 * Validated roster rows, ready to be written. Phones are E.164; every row keeps the line it
 * came from.
 */
public record Roster(List<Group> groups, List<Volunteer> volunteers, List<Resident> residents,
                     List<FamilyContact> family) {
    public Roster {
        groups = List.copyOf(groups);
        volunteers = List.copyOf(volunteers);
        residents = List.copyOf(residents);
        family = List.copyOf(family);
    }

    /** A volunteer group and the village groups (村民小组) of its village that it serves. */
    public record Group(int line, String code, String name, String village, List<String> serves) {
    }

    /** @param ringUrgent rung, not only texted, for urgent offers; null when the file has no such column (kept as stored) */
    public record Volunteer(int line, String phone, String name, String groupCode, List<String> skills,
                            boolean leader, boolean active, Boolean ringUrgent) {
    }

    public record Resident(int line, String phone, String name, String village, String villageGroup,
                           String grid, boolean livesAlone, String notes) {
    }

    /** Someone (usually working away from home) who may ask for help on a resident's behalf. */
    public record FamilyContact(int line, String residentPhone, String phone, String name, String relation) {
    }
}
