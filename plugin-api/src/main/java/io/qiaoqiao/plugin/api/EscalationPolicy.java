package io.qiaoqiao.plugin.api;

import java.util.Optional;

/**
 * Who is asked, in what order and for how long: the policy names the steps of a ticket's
 * escalation chain one at a time. The gateway asks for the first step when the ticket is created
 * ({@code previous} empty) and for the next one when a step's budget runs out, when the step has
 * nobody left to ask, when accepted work passes its deadline, or when the resident says nobody
 * came. It carries out each step (offers to the step's volunteers or a text to a duty phone, and
 * a note to the resident). A pure function.
 *
 * <p>Unlike routing rules, which the gateway runs on their own threads within a time budget,
 * this is called directly while a ticket is being handled (on the gateway's event loop, with
 * the ticket's row locked): it must answer within a millisecond or so and never block.
 */
public interface EscalationPolicy {
    /** A stable id; the gateway uses the policy named by {@code escalation.policy}. */
    String id();

    /**
     * @param context the ticket, the resident and the step just taken (empty for the first)
     * @return the next step, or empty when the chain has ended (the ticket stays with the last)
     */
    Optional<EscalationStep> next(EscalationContext context);
}
