package io.qiaoqiao.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * The result of classifying a request.
 *
 * @param category     what kind of help is asked for
 * @param urgency      how soon it is needed
 * @param matchedWords the words that led to the decision, kept in the ticket's audit trail
 */
public record Classification(Category category, Urgency urgency, List<String> matchedWords) {
    public Classification {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        matchedWords = List.copyOf(matchedWords);
    }

    /** A classification that recognised nothing. */
    public static Classification unknown() {
        return new Classification(Category.UNKNOWN, Urgency.NORMAL, List.of());
    }
}
