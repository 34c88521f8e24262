package io.qiaoqiao.gateway.ticket;

import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A ticket as dispatch sees it, with the resident it is for, read with its row locked. Its
 * progress fields change only through {@link TicketLifecycle}, which hands back the changed copy.
 *
 * @param step          the escalation step the ticket is at, as the policy named it
 * @param stepStartedAt when that step began (its budget counts from here)
 * @param heldUntil     nobody may be offered it before then
 * @param dueAt         the deadline of accepted work
 * @param readAt        the studio clock when this copy was read: the one instant a decision about it uses
 */
public record Ticket(long id, String code, String channel, String kind, Category category, Urgency urgency,
                     TicketStatus status, String text, Optional<Resident> resident, String requesterPhone,
                     boolean onBehalf, Optional<Long> acceptedBy, OffsetDateTime createdAt, boolean confidential,
                     Optional<String> step, Optional<OffsetDateTime> stepStartedAt, Optional<OffsetDateTime> heldUntil,
                     Optional<OffsetDateTime> dueAt, Optional<OffsetDateTime> acceptedAt, OffsetDateTime readAt) {

    /** Name, place and phone to show a volunteer; an unregistered sender has only a phone. */
    public String residentName() {
        return resident.map(Resident::name).orElse("未登记居民");
    }

    public String place() {
        return resident.map(Resident::place).orElse("地址不详");
    }

    public String contactPhone() {
        return resident.map(Resident::phone).orElse(requesterPhone);
    }

    /** The decision instant (see {@code readAt}). */
    public java.time.Instant now() {
        return readAt.toInstant();
    }

    public boolean acceptedBy(long volunteerId) {
        return acceptedBy.map(id -> id == volunteerId).orElse(false);
    }

    Ticket withStatus(TicketStatus next) {
        return new Ticket(id, code, channel, kind, category, urgency, next, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, confidential, step, stepStartedAt, heldUntil, dueAt, acceptedAt, readAt);
    }

    Ticket withHold(TicketStatus next, Optional<OffsetDateTime> until) {
        return new Ticket(id, code, channel, kind, category, urgency, next, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, confidential, step, stepStartedAt, until, dueAt, acceptedAt, readAt);
    }

    Ticket withStep(TicketStatus next, String stepId, OffsetDateTime startedAt) {
        return new Ticket(id, code, channel, kind, category, urgency, next, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, confidential, Optional.of(stepId), Optional.of(startedAt), Optional.empty(), dueAt, acceptedAt, readAt);
    }

    Ticket withOwner(TicketStatus next, Optional<Long> volunteerId, Optional<OffsetDateTime> at, Optional<OffsetDateTime> due) {
        return new Ticket(id, code, channel, kind, category, urgency, next, text, resident, requesterPhone, onBehalf,
                volunteerId, createdAt, confidential, step, stepStartedAt, heldUntil, due, at, readAt);
    }

    Ticket withConfidential() {
        return new Ticket(id, code, channel, kind, category, urgency, status, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, true, step, stepStartedAt, heldUntil, dueAt, acceptedAt, readAt);
    }

    Ticket withDue(Optional<OffsetDateTime> due) {
        return new Ticket(id, code, channel, kind, category, urgency, status, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, confidential, step, stepStartedAt, heldUntil, due, acceptedAt, readAt);
    }
}
