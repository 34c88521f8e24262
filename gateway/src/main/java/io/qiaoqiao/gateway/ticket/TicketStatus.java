package io.qiaoqiao.gateway.ticket;

import java.util.Locale;

/** Where a ticket is in the loop. Stored lower-case. Changed only through {@link TicketLifecycle}. */
public enum TicketStatus {
    /** Created, or reopened by the studio, and not yet offered to anyone. */
    OPEN,
    /** Nobody may be offered it before {@code held_until}: quiet hours, or a routing rule failed and is retried then. */
    HELD,
    /** Offers are out at the first step of the escalation chain (the resident's own neighbours). */
    OFFERED,
    /** Handed up the chain: leaders, liaison, village committee or township centre have it now. */
    ESCALATED,
    /** A volunteer took it. */
    ACCEPTED,
    /** The volunteer reported it done. */
    DONE,
    /** Closed by the studio or a duty phone. */
    CLOSED,
    /** The resident said it was not done: the studio looks at it again. */
    REOPENED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TicketStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Can a volunteer still take it? */
    public boolean awaitingVolunteer() {
        return this == OPEN || this == HELD || this == OFFERED || this == ESCALATED;
    }

    /** Is somebody still to act on it (a volunteer to take it or to finish it)? */
    public boolean open() {
        return awaitingVolunteer() || this == ACCEPTED;
    }
}
