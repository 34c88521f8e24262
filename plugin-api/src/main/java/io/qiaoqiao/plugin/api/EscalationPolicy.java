package io.qiaoqiao.plugin.api;

import java.util.Optional;

/**
 * What happens when routing finds nobody left (every offer declined or expired, or nobody
 * admitted): the policy names the next step, one at a time. The gateway carries out a step
 * (offers to the step's volunteers or a text to a duty phone, and a note to the resident),
 * waits the step's timeout, and asks again with that step as {@code previous}. A pure function.
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
