package io.qiaoqiao.plugin.api;

import java.util.Set;

/**
 * A volunteer who might receive an offer, with what the rules need to judge them.
 *
 * @param volunteerId         stable roster id
 * @param groupCode           the volunteer group they belong to
 * @param village             the village their group is based in
 * @param servedVillageGroups the village groups (in {@code village}) their group serves
 * @param skills              skill tags, e.g. {@code electrician}, {@code phone-repair}, {@code liaison}
 * @param leader              a named leader of their group
 * @param openTickets         tickets they accepted and have not finished
 * @param pointsThisMonth     points earned this calendar month
 * @param history             what they did recently
 * @param schedule            when they are on call
 */
public record Candidate(long volunteerId, String groupCode, String village, Set<String> servedVillageGroups,
                        Set<String> skills, boolean leader, int openTickets, int pointsThisMonth,
                        ServiceHistory history, OnCallSchedule schedule) {
    public Candidate {
        servedVillageGroups = Set.copyOf(servedVillageGroups);
        skills = Set.copyOf(skills);
    }
}
