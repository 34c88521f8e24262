package io.qiaoqiao.plugins.triage;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.EscalationContext;
import io.qiaoqiao.plugin.api.EscalationPolicy;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.EscalationStep.Recipients;
import io.qiaoqiao.plugin.api.TriageLevel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The townships' three-level triage as a chain: the local liaison (private matters), the
 * village group leaders and then the village committee's duty phone (village matters), and
 * finally the township centre's duty phone. A ticket enters at the level its category starts
 * at and climbs one step each time a step times out with nobody taking it. Confidential
 * tickets skip the liaison: only group leaders may see them.
 */
public final class ThreeLevelTriage implements EscalationPolicy {
    static final String LIAISON = "liaison";
    static final String LEADERS = "village-leaders";
    static final String COMMITTEE = "village-committee";
    static final String TOWNSHIP = "township-centre";

    private final Map<Category, TriageLevel> start;
    private final List<EscalationStep> chain;

    public ThreeLevelTriage(Map<Category, TriageLevel> start, Map<String, Duration> timeouts) {
        this.start = Map.copyOf(start);
        this.chain = List.of(
                new EscalationStep(LIAISON, TriageLevel.PRIVATE, new Recipients.VolunteersWithSkill("liaison"), timeouts.get(LIAISON)),
                new EscalationStep(LEADERS, TriageLevel.VILLAGE, new Recipients.GroupLeaders(), timeouts.get(LEADERS)),
                new EscalationStep(COMMITTEE, TriageLevel.VILLAGE, new Recipients.DutyPhone(COMMITTEE), timeouts.get(COMMITTEE)),
                new EscalationStep(TOWNSHIP, TriageLevel.TOWNSHIP, new Recipients.DutyPhone(TOWNSHIP), timeouts.get(TOWNSHIP)));
    }

    @Override
    public String id() {
        return "triage";
    }

    @Override
    public Optional<EscalationStep> next(EscalationContext context) {
        int from = context.previous().map(this::indexOf).filter(i -> i >= 0).map(i -> i + 1).orElseGet(() -> entry(context));
        for (int i = from; i < chain.size(); i++) {
            EscalationStep step = chain.get(i);
            if (!(context.ticket().confidential() && step.id().equals(LIAISON))) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    private int entry(EscalationContext context) {
        return switch (start.getOrDefault(context.ticket().category(), TriageLevel.PRIVATE)) {
            case PRIVATE -> 0;
            case VILLAGE -> 1;
            case TOWNSHIP -> 3;
        };
    }

    private int indexOf(String stepId) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }
}
