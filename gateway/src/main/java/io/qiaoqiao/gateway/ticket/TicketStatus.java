package io.qiaoqiao.gateway.ticket;

import java.util.Locale;

/** Where a ticket is in the loop. Stored lower-case. */
public enum TicketStatus {
    /** Created, not yet offered to anyone. */
    OPEN,
    /** An offer is out to a volunteer. */
    OFFERED,
    /** Nobody left to offer: the group leaders have it. */
    ESCALATED,
    /** A volunteer took it. */
    ACCEPTED,
    /** The volunteer reported it done. */
    DONE,
    /** Closed by the studio. */
    CLOSED,
    /** The resident said on the rating call it was not done: the studio looks at it again. */
    REOPENED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TicketStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Can a volunteer still take it? */
    public boolean awaitingVolunteer() {
        return this == OPEN || this == OFFERED || this == ESCALATED;
    }
}
