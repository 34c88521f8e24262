package io.qiaoqiao.plugins.confidential;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import java.util.List;
import java.util.Set;

/**
 * Matchmaking and similar matters are "strictly confidential": only group leaders may be
 * offered them, and the gateway hides the request from the offer text. A ticket once marked
 * confidential stays so, whatever the settings say later.
 */
public final class ConfidentialRule implements RoutingRule {
    private final List<String> words;
    private final Set<Category> categories;

    public ConfidentialRule(List<String> words, Set<Category> categories) {
        this.words = List.copyOf(words);
        this.categories = Set.copyOf(categories);
    }

    @Override
    public String id() {
        return "confidential";
    }

    @Override
    public boolean confidential(RoutingSnapshot snapshot) {
        var ticket = snapshot.ticket();
        return ticket.confidential() || categories.contains(ticket.category())
                || words.stream().anyMatch(ticket.text()::contains);
    }

    @Override
    public boolean admits(RoutingSnapshot snapshot, Candidate candidate) {
        return candidate.leader() || !confidential(snapshot);
    }
}
