package io.qiaoqiao.gateway.routing;

import io.qiaoqiao.gateway.logging.LogContext;
import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Combines routing rules: a candidate must be admitted by every rule; the admitted ones are
 * ranked by the weighted sum of the rules' scores. Ties go to members before group leaders
 * (leaders are where escalations land, so they are kept free for those), then to the volunteer
 * with fewer open tickets, then to the longest-registered one (lowest id), so a decision is
 * reproducible.
 *
 * <p>A rule shipped in the gateway jar runs inline, on the deciding thread (they are pure and
 * take microseconds); a rule from a studio's jar runs on its own virtual thread with a time
 * budget, never on the event loop. Either fails closed, as a scheduler fails the cycle rather than skip a filter: when a rule's filter
 * part (who may be asked, whether to hold, whether it is confidential) throws or overruns, the
 * decision holds the ticket for a retry; when only its score part fails, its scores are dropped
 * and the others still rank. Either way it is logged and counted. {@link #combine} is the pure part.
 */
public final class RoutingEngine {
    private static final Logger log = LoggerFactory.getLogger(RoutingEngine.class);
    static final String CONFIDENTIAL = "confidential: group leaders only";
    private static final Comparator<RankedCandidate> BEST_FIRST = Comparator
            .comparingDouble(RankedCandidate::score).reversed()
            .thenComparing(r -> r.candidate().leader())
            .thenComparingInt(r -> r.candidate().openTickets())
            .thenComparingLong(r -> r.candidate().volunteerId());

    /** Told about every rule that was skipped: plugin id and kind ({@code exception} or {@code timeout}). */
    public interface FailureSink {
        void ruleFailed(String pluginId, String kind);
    }

    private final List<PluginRule> rules;
    private final Map<String, Double> weights;
    private final Duration budget;
    private final FailureSink failures;

    /** @param weights rule id → weight; a rule without a weight counts 1.0 */
    public RoutingEngine(List<PluginRule> rules, Map<String, Double> weights, Duration budget, FailureSink failures) {
        this.rules = List.copyOf(rules);
        this.weights = Map.copyOf(weights);
        this.budget = budget;
        this.failures = failures;
    }

    public List<PluginRule> rules() {
        return rules;
    }

    public Map<String, Double> weights() {
        return weights;
    }

    public double weight(String ruleId) {
        return weights.getOrDefault(ruleId, 1.0);
    }

    /** Runs every rule (shipped ones inline, the others in parallel within the budget) and combines their verdicts. */
    public CompletableFuture<RoutingDecision> decide(RoutingSnapshot snapshot) {
        List<CompletableFuture<RuleVerdict>> parts = rules.stream().map(r -> evaluate(r, snapshot)).toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> combine(snapshot, parts.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<RuleVerdict> evaluate(PluginRule rule, RoutingSnapshot snapshot) {
        return rule.inline() ? CompletableFuture.completedFuture(inline(rule, snapshot)) : onItsOwnThread(rule, snapshot);
    }

    /**
     * A shipped rule on the deciding thread: no thread to start and no timer to arm per ticket.
     * It still fails closed, as any rule does, if it throws.
     */
    private RuleVerdict inline(PluginRule rule, RoutingSnapshot snapshot) {
        RuleVerdict filtered;
        try {
            filtered = RuleVerdict.filters(rule, snapshot);
        } catch (Throwable e) {
            return failed(rule, snapshot, Optional.empty(), "exception: " + e, "exception");
        }
        try {
            return filtered.withScores(snapshot);
        } catch (Throwable e) {
            return failed(rule, snapshot, Optional.of(filtered), "exception: " + e, "exception");
        }
    }

    /** A studio's rule on a virtual thread of its own, within the budget, never on the event loop. */
    private CompletableFuture<RuleVerdict> onItsOwnThread(PluginRule rule, RoutingSnapshot snapshot) {
        CompletableFuture<RuleVerdict> filtered = new CompletableFuture<>();
        CompletableFuture<RuleVerdict> scored = new CompletableFuture<>();
        Thread.ofVirtual().name("rule-" + rule.id() + "-" + snapshot.ticket().code()).start(() -> {
            RuleVerdict verdict;
            try {
                verdict = RuleVerdict.filters(rule, snapshot);
                filtered.complete(verdict);
            } catch (Throwable e) {
                filtered.completeExceptionally(e);
                scored.completeExceptionally(e);
                return;
            }
            try {
                scored.complete(verdict.withScores(snapshot));
            } catch (Throwable e) {
                scored.completeExceptionally(e);
            }
        });
        return scored.orTimeout(budget.toMillis(), TimeUnit.MILLISECONDS).handle((verdict, error) -> {
            if (error == null) {
                return verdict;
            }
            Throwable cause = unwrap(error);
            boolean timeout = cause instanceof TimeoutException;
            String why = timeout ? "timeout: no answer within " + budget.toMillis() + " ms" : "exception: " + cause;
            Optional<RuleVerdict> filters = filtered.isDone() && !filtered.isCompletedExceptionally()
                    ? Optional.of(filtered.join()) : Optional.empty();
            return failed(rule, snapshot, filters, why, timeout ? "timeout" : "exception");
        });
    }

    /** Counted and logged; with its filters answered only the scores are dropped, else the ticket is held. */
    private RuleVerdict failed(PluginRule rule, RoutingSnapshot snapshot, Optional<RuleVerdict> filtered, String why, String kind) {
        failures.ruleFailed(rule.pluginId(), kind);
        if (filtered.isPresent()) {
            LogContext.withTicket(snapshot.ticket().code(), () -> log.warn("ticket {}: scores of rule {} of plugin {} dropped"
                    + " for this decision ({})", snapshot.ticket().code(), rule.id(), rule.pluginId(), why));
            return filtered.get().scoresFailed(why);
        }
        LogContext.withTicket(snapshot.ticket().code(), () -> log.warn("ticket {}: rule {} of plugin {} could not filter ({});"
                + " the ticket is held and routed again later", snapshot.ticket().code(), rule.id(), rule.pluginId(), why));
        return RuleVerdict.filterFailed(rule, why);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** The pure part: filters, weighted scores, ranking, hold and confidentiality from the verdicts. */
    public RoutingDecision combine(RoutingSnapshot snapshot, List<RuleVerdict> verdicts) {
        List<RuleVerdict> answered = verdicts.stream().filter(RuleVerdict::filtersAnswered).toList();
        List<String> failedFilters = verdicts.stream().filter(v -> !v.filtersAnswered()).map(v -> v.rule().id()).toList();
        boolean confidential = snapshot.ticket().confidential() || answered.stream().anyMatch(RuleVerdict::confidential);
        List<RankedCandidate> ranked = new ArrayList<>();
        Map<Long, String> rejections = new LinkedHashMap<>();
        for (Candidate candidate : snapshot.candidates()) {
            long id = candidate.volunteerId();
            Optional<String> rejectedBy = answered.stream()
                    .filter(v -> !v.admitted().getOrDefault(id, true)).map(v -> v.rule().id()).findFirst();
            if (rejectedBy.isEmpty() && confidential && !candidate.leader()) {
                // Enforced here as well as by any rule: a skipped rule must not leak a confidential ticket.
                rejectedBy = Optional.of(CONFIDENTIAL);
            }
            if (rejectedBy.isPresent()) {
                rejections.put(id, rejectedBy.get());
                continue;
            }
            Map<String, Double> parts = new LinkedHashMap<>();
            double total = 0;
            for (RuleVerdict v : answered) {
                if (!v.scoresAnswered()) {
                    continue;
                }
                double part = weight(v.rule().id()) * v.scores().getOrDefault(id, 0.0);
                parts.put(v.rule().id(), part);
                total += part;
            }
            ranked.add(new RankedCandidate(candidate, total, parts));
        }
        ranked.sort(BEST_FIRST);
        Optional<Instant> hold = answered.stream().flatMap(v -> v.holdUntil().stream())
                .filter(until -> until.isAfter(snapshot.now())).max(Comparator.naturalOrder());
        return new RoutingDecision(ranked, rejections, verdicts, hold, failedFilters, confidential);
    }
}
