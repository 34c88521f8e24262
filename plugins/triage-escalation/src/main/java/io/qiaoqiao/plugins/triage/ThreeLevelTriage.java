package io.qiaoqiao.plugins.triage;

import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.EscalationContext;
import io.qiaoqiao.plugin.api.EscalationPolicy;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.EscalationStep.Recipients;
import io.qiaoqiao.plugin.api.TriageLevel;
import io.qiaoqiao.plugin.api.Urgency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The townships' three-level triage ("三级分流") as a chain over time: the resident's own
 * neighbours first (the volunteers routing ranks best in their village group, a few of them), then
 * the local liaison (private matters, "琐事不出门"), the village group leaders and then the village
 * committee's duty phone (village matters, "小事不出村"), and finally the township centre's duty
 * phone ("大事不出镇"). A ticket enters at the level its category starts at and climbs one step when
 * a step's budget runs out or it has nobody left to ask. Confidential tickets skip the liaison:
 * only group leaders may see them. Each step's numbers depend on the urgency ({@link StepDefaults}).
 */
public final class ThreeLevelTriage implements EscalationPolicy {
    static final String NEIGHBOURS = "neighbours";
    static final String LIAISON = "liaison";
    static final String LEADERS = "village-leaders";
    static final String COMMITTEE = "village-committee";
    static final String TOWNSHIP = "township-centre";
    static final List<String> STEPS = List.of(NEIGHBOURS, LIAISON, LEADERS, COMMITTEE, TOWNSHIP);

    private final Map<Category, TriageLevel> start;
    private final Map<Urgency, List<EscalationStep>> chains = new EnumMap<>(Urgency.class);

    ThreeLevelTriage(Map<Category, TriageLevel> start, Map<Urgency, Map<String, StepDefaults>> numbers) {
        this.start = Map.copyOf(start);
        for (Urgency urgency : Urgency.values()) {
            Map<String, StepDefaults> n = numbers.get(urgency);
            chains.put(urgency, List.of(
                    step(NEIGHBOURS, TriageLevel.PRIVATE, new Recipients.Neighbours(), n.get(NEIGHBOURS)),
                    step(LIAISON, TriageLevel.PRIVATE, new Recipients.VolunteersWithSkill("liaison"), n.get(LIAISON)),
                    step(LEADERS, TriageLevel.VILLAGE, new Recipients.GroupLeaders(), n.get(LEADERS)),
                    step(COMMITTEE, TriageLevel.VILLAGE, new Recipients.DutyPhone(COMMITTEE), n.get(COMMITTEE)),
                    step(TOWNSHIP, TriageLevel.TOWNSHIP, new Recipients.DutyPhone(TOWNSHIP), n.get(TOWNSHIP))));
        }
    }

    private static EscalationStep step(String id, TriageLevel level, Recipients to, StepDefaults n) {
        return new EscalationStep(id, level, to, n.budget(), n.asked(), n.atOnce(), n.offerTimeout(), n.ring());
    }

    @Override
    public String id() {
        return "triage";
    }

    @Override
    public Optional<EscalationStep> next(EscalationContext context) {
        List<EscalationStep> chain = chains.get(context.ticket().urgency());
        int from = context.previous().map(p -> indexOf(chain, p)).filter(i -> i >= 0).map(i -> i + 1)
                .orElseGet(() -> entry(context));
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
            case VILLAGE -> 2;
            case TOWNSHIP -> 4;
        };
    }

    private static int indexOf(List<EscalationStep> chain, String stepId) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }
}
