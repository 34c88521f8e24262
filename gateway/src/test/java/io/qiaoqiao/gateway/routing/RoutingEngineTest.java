package io.qiaoqiao.gateway.routing;

import static io.qiaoqiao.plugin.api.PluginTestKit.snapshot;
import static io.qiaoqiao.plugin.api.PluginTestKit.ticket;
import static io.qiaoqiao.plugin.api.PluginTestKit.volunteer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.Candidate;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.RoutingRule;
import io.qiaoqiao.plugin.api.RoutingSnapshot;
import io.qiaoqiao.plugin.api.TicketView;
import io.qiaoqiao.plugin.api.Urgency;
import io.qiaoqiao.plugins.proximity.ProximityRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingEngineTest {
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    private final List<String> failures = new ArrayList<>();

    private RoutingEngine engine(Map<String, Double> weights, RoutingRule... rules) {
        List<PluginRule> wrapped = new ArrayList<>();
        for (RoutingRule r : rules) {
            wrapped.add(new PluginRule("plugin-" + r.id(), r));
        }
        return new RoutingEngine(wrapped, weights, Duration.ofMillis(300), (plugin, kind) -> failures.add(plugin + ":" + kind));
    }

    /** The engine as it runs the rules shipped in the gateway jar: inline. */
    private RoutingEngine shipped(RoutingRule... rules) {
        List<PluginRule> wrapped = new ArrayList<>();
        for (RoutingRule r : rules) {
            wrapped.add(new PluginRule("plugin-" + r.id(), r, true));
        }
        return new RoutingEngine(wrapped, Map.of(), Duration.ofMillis(300), (plugin, kind) -> failures.add(plugin + ":" + kind));
    }

    private static RoutingSnapshot snap(Candidate... candidates) {
        return snapshot(ticket(Category.REPAIR, Urgency.NORMAL, "电视坏了"), NOW, candidates);
    }

    private static List<Long> order(RoutingDecision d) {
        return d.ranked().stream().map(r -> r.candidate().volunteerId()).toList();
    }

    private static RoutingRule rule(String id, java.util.function.BiPredicate<RoutingSnapshot, Candidate> admits,
                                    java.util.function.ToDoubleBiFunction<RoutingSnapshot, Candidate> score) {
        return new RoutingRule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean admits(RoutingSnapshot s, Candidate c) {
                return admits.test(s, c);
            }

            @Override
            public double score(RoutingSnapshot s, Candidate c) {
                return score.applyAsDouble(s, c);
            }
        };
    }

    @Test
    void the_residents_own_village_group_comes_first() {
        RoutingDecision d = engine(Map.of(), new ProximityRule()).decide(snap(volunteer(1).village("河口村", "一组").build(),
                volunteer(2).village("桥头村", "三组").build(), volunteer(3).build())).join();
        assertEquals(List.of(3L, 2L, 1L), order(d));
    }

    @Test
    void ties_go_to_members_then_fewer_open_tickets_then_lowest_id() {
        RoutingDecision d = engine(Map.of(), new ProximityRule()).decide(snap(volunteer(5).openTickets(2).build(),
                volunteer(7).build(), volunteer(6).build(), volunteer(1).leader().build())).join();
        assertEquals(List.of(6L, 7L, 5L, 1L), order(d));
    }

    @Test
    void a_candidate_must_pass_every_filter_and_the_rejecting_rule_is_named() {
        RoutingRule electricians = rule("skills", (s, c) -> c.skills().contains("electrician"), (s, c) -> 0);
        RoutingDecision d = engine(Map.of(), new ProximityRule(), electricians).decide(snap(volunteer(1).build(),
                volunteer(2).village("河口村", "二组").skills("electrician").build())).join();
        assertEquals(List.of(2L), order(d));
        assertEquals(Map.of(1L, "skills"), d.rejections());
    }

    @Test
    void weights_scale_each_rules_part_of_the_score() {
        RankedCandidate only = engine(Map.of("proximity", 0.5), new ProximityRule()).decide(snap(volunteer(1).build()))
                .join().ranked().get(0);
        assertEquals(50.0, only.score());
        assertEquals(Map.of("proximity", 50.0), only.scoresByRule());
    }

    @Test
    void a_shipped_rule_runs_on_the_deciding_thread_and_a_studios_rule_on_a_thread_of_its_own() {
        List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        RoutingRule recording = rule("recording", (s, c) -> ranOn.add(Thread.currentThread()), (s, c) -> 0);

        RoutingDecision inline = shipped(recording).decide(snap(volunteer(1).build())).join();
        assertEquals(List.of(Thread.currentThread()), ranOn, "shipped: no thread of its own");
        assertEquals(List.of(1L), order(inline));

        ranOn.clear();
        engine(Map.of(), recording).decide(snap(volunteer(1).build())).join();
        assertEquals(1, ranOn.size());
        assertTrue(ranOn.get(0) != Thread.currentThread() && ranOn.get(0).isVirtual(), "a studio's rule: its own virtual thread");
    }

    @Test
    void a_shipped_rule_whose_filter_throws_holds_the_decision_as_a_studios_rule_does() {
        RoutingRule broken = rule("broken", (s, c) -> {
            throw new IllegalStateException("bug in a shipped rule");
        }, (s, c) -> 0);
        RoutingDecision d = shipped(broken, new ProximityRule()).decide(snap(volunteer(1).build())).join();
        assertTrue(d.mustHold());
        assertEquals(List.of("broken"), d.failedFilters());
        assertEquals(Optional.of("exception: java.lang.IllegalStateException: bug in a shipped rule"), d.verdicts().get(0).filterFailure());
        assertEquals(List.of("plugin-broken:exception"), failures);
    }

    @Test
    void a_shipped_rule_whose_score_throws_loses_its_scores_only() {
        RoutingRule broken = rule("broken", (s, c) -> true, (s, c) -> {
            throw new IllegalStateException("bug in a shipped score");
        });
        RoutingDecision d = shipped(broken, new ProximityRule()).decide(snap(volunteer(1).village("河口村", "一组").build(),
                volunteer(2).build())).join();
        assertEquals(false, d.mustHold());
        assertEquals(List.of(2L, 1L), order(d));
        assertEquals(List.of("plugin-broken:exception"), failures);
    }

    @Test
    void nobody_left_when_there_are_no_candidates() {
        assertTrue(engine(Map.of(), new ProximityRule()).decide(snap()).join().nobodyLeft());
    }

    @Test
    void a_rule_whose_filter_throws_holds_the_decision_instead_of_admitting_everyone() {
        RoutingRule broken = rule("broken", (s, c) -> {
            throw new IllegalStateException("bug in a plugin");
        }, (s, c) -> 0);
        RoutingDecision d = engine(Map.of(), broken, new ProximityRule()).decide(snap(volunteer(1).village("河口村", "一组").build(),
                volunteer(2).build())).join();
        assertTrue(d.mustHold(), "a filter that cannot answer must not be read as 'everyone may be asked'");
        assertEquals(List.of("broken"), d.failedFilters());
        assertEquals(Optional.of("exception: java.lang.IllegalStateException: bug in a plugin"), d.verdicts().get(0).filterFailure());
        assertEquals(List.of("plugin-broken:exception"), failures);
    }

    @Test
    void a_rule_whose_score_throws_loses_its_scores_and_the_others_still_rank() {
        RoutingRule broken = rule("broken", (s, c) -> true, (s, c) -> {
            throw new IllegalStateException("bug in a score");
        });
        RoutingDecision d = engine(Map.of(), broken, new ProximityRule()).decide(snap(volunteer(1).village("河口村", "一组").build(),
                volunteer(2).build())).join();
        assertEquals(false, d.mustHold());
        assertEquals(List.of(2L, 1L), order(d));
        assertEquals(Optional.of("exception: java.lang.IllegalStateException: bug in a score"), d.verdicts().get(0).scoreFailure());
        assertEquals(List.of("plugin-broken:exception"), failures);
    }

    private static void waitForever() {
        try {
            // A rule stuck on something that never comes (a hung lookup in a third-party plugin).
            new java.util.concurrent.CountDownLatch(1).await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_filter_that_runs_too_long_holds_the_decision_within_the_budget() {
        RoutingRule slow = rule("slow", (s, c) -> {
            waitForever();
            return true;
        }, (s, c) -> 0);
        long started = System.nanoTime();
        RoutingDecision d = engine(Map.of(), slow, new ProximityRule()).decide(snap(volunteer(1).build())).join();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "the decision did not wait for the slow rule");
        assertTrue(d.mustHold());
        assertTrue(d.verdicts().get(0).filterFailure().orElseThrow().startsWith("timeout"));
        assertEquals(List.of("plugin-slow:timeout"), failures);
    }

    @Test
    void a_score_that_runs_too_long_is_dropped_and_its_filter_still_counts() {
        RoutingRule slow = rule("slow", (s, c) -> c.volunteerId() != 2, (s, c) -> {
            waitForever();
            return 0;
        });
        RoutingDecision d = engine(Map.of(), slow, new ProximityRule()).decide(snap(volunteer(1).build(), volunteer(2).build())).join();
        assertEquals(false, d.mustHold());
        assertEquals(List.of(1L), order(d), "the slow rule's filter answered and is applied");
        assertTrue(d.verdicts().get(0).scoreFailure().orElseThrow().startsWith("timeout"));
    }

    @Test
    void a_score_that_is_not_a_number_drops_the_rules_scores() {
        RoutingRule nan = rule("nan", (s, c) -> true, (s, c) -> Double.NaN);
        RoutingDecision d = engine(Map.of(), nan, new ProximityRule()).decide(snap(volunteer(1).build())).join();
        assertEquals(100.0, d.ranked().get(0).score());
        assertEquals(List.of("plugin-nan:exception"), failures);
    }

    private static RoutingRule holding(String id, Instant until) {
        return new RoutingRule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Optional<Instant> holdUntil(RoutingSnapshot s) {
                return Optional.of(until);
            }
        };
    }

    @Test
    void the_latest_hold_wins_and_a_hold_in_the_past_is_none() {
        RoutingRule morning = holding("morning", NOW.plus(Duration.ofHours(5)));
        RoutingRule past = holding("past", NOW.minusSeconds(1));
        RoutingDecision d = engine(Map.of(), past, morning).decide(snap(volunteer(1).build())).join();
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(5))), d.holdUntil());
        assertEquals(Optional.empty(), engine(Map.of(), past).decide(snap(volunteer(1).build())).join().holdUntil());
    }

    @Test
    void a_confidential_ticket_reaches_leaders_only_even_without_a_confidential_rule() {
        TicketView secret = new TicketView("1001", "sms", Category.ADVICE, Urgency.NORMAL, "说媒", List.of(), true, NOW);
        RoutingDecision d = engine(Map.of(), new ProximityRule()).decide(snapshot(secret, NOW, volunteer(1).build(),
                volunteer(2).leader().build())).join();
        assertEquals(List.of(2L), order(d));
        assertEquals(RoutingEngine.CONFIDENTIAL, d.rejections().get(1L));
        assertTrue(d.confidential());
    }
}
