package io.qiaoqiao.plugin.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of an escalation chain: who is asked, how many of them, and how long the step may
 * take in total. The gateway enters the first step when the ticket is created and climbs to the
 * next one when the step's budget runs out or it has nobody left to ask, whichever comes first;
 * every climb is a ticket event and the resident is told who has the request now.
 *
 * @param id           stable step id recorded in the ticket's events, e.g. {@code village-leaders}
 * @param level        the triage level the ticket is at during this step
 * @param to           who is asked
 * @param budget       how long the step may take in total before the ticket climbs
 * @param maxAsked     at most this many volunteers are asked during the step (routed steps;
 *                     leaders and duty phones are all asked at once)
 * @param atOnce       how many are asked at the same time (urgent requests: several, the first
 *                     to accept wins)
 * @param offerTimeout how long one volunteer has to answer an offer made at this step
 * @param ring         the people this step asks also get a phone call, not only a text
 */
public record EscalationStep(String id, TriageLevel level, Recipients to, Duration budget, int maxAsked, int atOnce,
                             Duration offerTimeout, boolean ring) {
    public EscalationStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(to, "to");
        positive(id, "budget", budget);
        positive(id, "offer timeout", offerTimeout);
        if (maxAsked < 1 || atOnce < 1) {
            throw new IllegalArgumentException("escalation step " + id + " must ask at least one, at least one at a time");
        }
    }

    /** A step that asks everyone it reaches at once, each offer valid for the whole budget, without a call. */
    public EscalationStep(String id, TriageLevel level, Recipients to, Duration budget) {
        this(id, level, to, budget, Integer.MAX_VALUE, Integer.MAX_VALUE, budget, false);
    }

    private static void positive(String id, String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("escalation step " + id + " needs a positive " + what);
        }
    }

    /** Who an escalation step reaches. */
    public sealed interface Recipients {
        /**
         * The volunteers the routing rules rank best among those whose group serves the
         * resident's own village group (the whole village when no group serves it; everyone when
         * the resident's village is not known). They get offers.
         */
        record Neighbours() implements Recipients {
        }

        /** Volunteers tagged with {@code skill} whose group serves the resident's village group; they get offers. */
        record VolunteersWithSkill(String skill) implements Recipients {
        }

        /** The leaders of the groups serving the resident's village group; they get offers. */
        record GroupLeaders() implements Recipients {
        }

        /**
         * A duty phone from the gateway's duty-phone table, e.g. {@code village-committee} (per
         * village) or {@code township-centre}; it gets the request as a text and may close it
         * by replying {@code 办结 <code>}.
         */
        record DutyPhone(String kind) implements Recipients {
        }

        /**
         * The volunteer the studio paired with the resident for the recurring work a ticket is an
         * occurrence of (一对一帮扶台账); they get an offer. The gateway itself puts a step of this
         * kind first in the chain of such tickets, before the policy's first step, so a policy
         * need not name it; a step that names it for another ticket reaches nobody and is skipped.
         */
        record PairedVolunteer() implements Recipients {
        }
    }
}
