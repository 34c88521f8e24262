package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.plugin.api.EscalationContext;
import io.qiaoqiao.plugin.api.EscalationPolicy;
import io.qiaoqiao.plugin.api.EscalationStep;
import io.qiaoqiao.plugin.api.EscalationStep.Recipients;
import io.qiaoqiao.plugin.api.TriageLevel;
import java.time.Duration;
import java.util.Optional;

/**
 * The chain of a ticket opened by the one-to-one help ledger (channel {@code schedule}): first
 * the volunteer paired with the resident for that work, with {@code ledger.paired-offer-timeout}
 * to take it, then the policy's own chain from its first step. A paired volunteer who declines,
 * lets the offer pass, is inactive or missing hands the ticket on like any step with nobody left,
 * so an occurrence is always routed as usual after its own volunteer, never dropped. Both the
 * paired step and the policy's first step begin the chain: neither is an escalation, and the
 * resident (who asked for nothing) is not told of a hand-over between them.
 */
final class PairedFirst {
    /** The step's id in events and offers. */
    static final String STEP = "one-to-one";
    /** Tickets opened by a schedule: the ledger's. */
    static final String CHANNEL = "schedule";

    private final EscalationStep step;

    PairedFirst(Duration offerTimeout) {
        this.step = new EscalationStep(STEP, TriageLevel.PRIVATE, new Recipients.PairedVolunteer(), offerTimeout, 1, 1, offerTimeout,
                false);
    }

    /** The next step of the ticket's chain: the policy's, with the paired step in front for the ledger's tickets. */
    Optional<EscalationStep> next(EscalationPolicy policy, EscalationContext context) {
        if (!CHANNEL.equals(context.ticket().channel())) {
            return policy.next(context);
        }
        if (context.previous().isEmpty()) {
            return Optional.of(step);
        }
        if (context.previous().get().equals(STEP)) {
            return policy.next(new EscalationContext(context.ticket(), context.resident(), Optional.empty(), context.now()));
        }
        return policy.next(context);
    }

    /** Whether {@code candidate} begins the chain: the first step, or the policy's first after the paired one. */
    boolean beginsChain(EscalationPolicy policy, EscalationContext start, EscalationStep candidate) {
        Optional<EscalationStep> first = next(policy, start);
        if (first.map(s -> s.id().equals(candidate.id())).orElse(false)) {
            return true;
        }
        return first.map(s -> s.id().equals(STEP)).orElse(false)
                && policy.next(start).map(s -> s.id().equals(candidate.id())).orElse(false);
    }
}
