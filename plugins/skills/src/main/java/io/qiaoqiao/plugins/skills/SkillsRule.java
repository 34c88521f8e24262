package io.qiaoqiao.plugins.skills;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches the skills a request needs (from its category and its words) against the
 * volunteers' skill cards. Scores the share of needed skills a volunteer has; a request that
 * needs nothing special scores everyone 0, so it changes no ranking. Strict mode filters out
 * volunteers who lack any needed skill: for studios that would rather escalate than send the
 * wrong person.
 */
public final class SkillsRule implements RoutingRule {
    private final Map<String, String> wordToSkill;
    private final Map<Category, Set<String>> byCategory;
    private final boolean strict;

    public SkillsRule(Map<String, String> wordToSkill, Map<Category, Set<String>> byCategory, boolean strict) {
        this.wordToSkill = Map.copyOf(wordToSkill);
        this.byCategory = Map.copyOf(byCategory);
        this.strict = strict;
    }

    @Override
    public String id() {
        return "skills";
    }

    /** The skills this ticket needs, sorted. */
    public Set<String> needed(RoutingSnapshot snapshot) {
        Set<String> needed = new TreeSet<>(byCategory.getOrDefault(snapshot.ticket().category(), Set.of()));
        String text = snapshot.ticket().text();
        wordToSkill.forEach((word, skill) -> {
            if (text.contains(word)) {
                needed.add(skill);
            }
        });
        return needed;
    }

    @Override
    public boolean admits(RoutingSnapshot snapshot, Candidate candidate) {
        return !strict || candidate.skills().containsAll(needed(snapshot));
    }

    @Override
    public double score(RoutingSnapshot snapshot, Candidate candidate) {
        Set<String> needed = needed(snapshot);
        if (needed.isEmpty()) {
            return 0;
        }
        long has = needed.stream().filter(candidate.skills()::contains).count();
        return 100.0 * has / needed.size();
    }
}
