package io.qiaoqiao.plugins.classifier;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Classification;
import io.qiaoqiao.plugin.api.Classifier;
import io.qiaoqiao.plugin.api.Urgency;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies a request by the words in it. The category with the most matched words wins;
 * ties go to the category listed first (errands are the most common request, so an ambiguous
 * text lands where most texts belong). Any urgency word makes the ticket urgent, whatever its
 * category.
 */
public final class KeywordClassifier implements Classifier {
    private final Map<Category, List<String>> categoryWords;
    private final List<String> urgentWords;

    public KeywordClassifier(Map<Category, List<String>> categoryWords, List<String> urgentWords) {
        this.categoryWords = new EnumMap<>(categoryWords);
        this.urgentWords = List.copyOf(urgentWords);
    }

    @Override
    public Classification classify(String text) {
        String normalized = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        List<String> matched = new ArrayList<>();
        Category best = Category.UNKNOWN;
        int bestCount = 0;
        for (Map.Entry<Category, List<String>> entry : categoryWords.entrySet()) {
            int count = 0;
            for (String word : entry.getValue()) {
                if (normalized.contains(word)) {
                    count++;
                    matched.add(word);
                }
            }
            if (count > bestCount) {
                best = entry.getKey();
                bestCount = count;
            }
        }
        Urgency urgency = Urgency.NORMAL;
        for (String word : urgentWords) {
            if (normalized.contains(word)) {
                urgency = Urgency.URGENT;
                matched.add(word);
            }
        }
        return new Classification(best, urgency, matched);
    }
}
