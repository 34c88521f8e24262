package io.qiaoqiao.plugin.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One hand-over in an escalation chain.
 *
 * @param id      stable step id recorded in the ticket's events, e.g. {@code village-leaders}
 * @param level   the triage level the ticket is at after this step
 * @param to      who receives it
 * @param timeout how long to wait for someone to take it before the next step
 */
public record EscalationStep(String id, TriageLevel level, Recipients to, Duration timeout) {
    public EscalationStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(to, "to");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("escalation step " + id + " needs a positive timeout");
        }
    }

    /** Who an escalation step reaches. */
    public sealed interface Recipients {
        /** Volunteers tagged with {@code skill} whose group serves the resident's village group; they get offers. */
        record VolunteersWithSkill(String skill) implements Recipients {
        }

        /** The leaders of the groups serving the resident's village group; they get offers. */
        record GroupLeaders() implements Recipients {
        }

        /**
         * A duty phone from the gateway's duty-phone table, e.g. {@code village-committee} (per
         * village) or {@code township-centre}; it gets a text with the request.
         */
        record DutyPhone(String kind) implements Recipients {
        }
    }
}
