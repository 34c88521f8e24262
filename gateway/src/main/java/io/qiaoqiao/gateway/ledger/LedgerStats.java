package io.qiaoqiao.gateway.ledger;

import io.qiaoqiao.plugin.api.Category;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's numbers for one set of tickets (the township, a village, a volunteer group).
 * Duplicates are counted apart and left out of everything else.
 *
 * @param requests         tickets that are not duplicates
 * @param byCategory       of those, per category (every category, zeros included)
 * @param completed        of those, confirmed done by the resident or the studio (rating_done)
 * @param completionRate   completed / requests, to 4 decimals (办结率); empty without requests
 * @param accepted         of the requests, those a volunteer accepted
 * @param avgAcceptSeconds their mean time from creation to the accept, whole seconds
 * @param finished         of the requests, those a volunteer reported done
 * @param avgFinishSeconds their mean time from creation to done, whole seconds
 * @param rated            of the requests, those with a satisfaction score
 * @param satisfaction     the mean score (1-5), to 2 decimals
 * @param overdue          of the requests, those not done by their deadline
 * @param duplicates       tickets closed as duplicates
 */
public record LedgerStats(int requests, Map<Category, Integer> byCategory, int completed, Optional<Double> completionRate,
                          int accepted, Optional<Long> avgAcceptSeconds, int finished, Optional<Long> avgFinishSeconds,
                          int rated, Optional<Double> satisfaction, int overdue, int duplicates) {

    public static LedgerStats of(List<LedgerTicket> tickets) {
        Map<Category, Integer> byCategory = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            byCategory.put(c, 0);
        }
        int requests = 0;
        int duplicates = 0;
        int completed = 0;
        int accepted = 0;
        long acceptMillis = 0;
        int finished = 0;
        long finishMillis = 0;
        int rated = 0;
        long scores = 0;
        int overdue = 0;
        for (LedgerTicket t : tickets) {
            if (t.duplicate()) {
                duplicates++;
                continue;
            }
            requests++;
            byCategory.merge(Category.valueOf(t.category()), 1, Integer::sum);
            if (t.confirmed()) {
                completed++;
            }
            if (t.acceptedAt().isPresent()) {
                accepted++;
                acceptMillis += Duration.between(t.createdAt(), t.acceptedAt().get()).toMillis();
            }
            if (t.doneAt().isPresent()) {
                finished++;
                finishMillis += Duration.between(t.createdAt(), t.doneAt().get()).toMillis();
            }
            if (t.satisfaction().isPresent()) {
                rated++;
                scores += t.satisfaction().get();
            }
            if (t.overdue()) {
                overdue++;
            }
        }
        return new LedgerStats(requests, Map.copyOf(byCategory), completed,
                requests == 0 ? Optional.empty() : Optional.of(round((double) completed / requests, 4)),
                accepted, accepted == 0 ? Optional.empty() : Optional.of(Math.round(acceptMillis / 1000.0 / accepted)),
                finished, finished == 0 ? Optional.empty() : Optional.of(Math.round(finishMillis / 1000.0 / finished)),
                rated, rated == 0 ? Optional.empty() : Optional.of(round((double) scores / rated, 2)), overdue, duplicates);
    }

    static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    public JsonObject toJson() {
        JsonObject categories = new JsonObject();
        byCategory.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> categories.put(e.getKey().name(), e.getValue()));
        return new JsonObject().put("requests", requests).put("byCategory", categories).put("completed", completed)
                .put("completionRate", completionRate.orElse(null)).put("accepted", accepted)
                .put("avgAcceptSeconds", avgAcceptSeconds.orElse(null)).put("finished", finished)
                .put("avgFinishSeconds", avgFinishSeconds.orElse(null)).put("rated", rated)
                .put("satisfaction", satisfaction.orElse(null)).put("overdue", overdue).put("duplicates", duplicates);
    }
}
