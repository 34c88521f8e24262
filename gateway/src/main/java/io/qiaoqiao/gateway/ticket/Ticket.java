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
 * @param reportedPlace where a ticket without a resident is, when a grid worker's report names it
 */
public record Ticket(long id, String code, String channel, String kind, Category category, Urgency urgency,
                     TicketStatus status, String text, Optional<Resident> resident, String requesterPhone,
                     boolean onBehalf, Optional<Long> acceptedBy, OffsetDateTime createdAt, boolean confidential,
                     Optional<String> step, Optional<OffsetDateTime> stepStartedAt, Optional<OffsetDateTime> heldUntil,
                     Optional<OffsetDateTime> dueAt, Optional<OffsetDateTime> acceptedAt, OffsetDateTime readAt,
                     Optional<Place> reportedPlace) {

    /** Name, place and phone to show a volunteer; an unregistered sender has only a phone. */
    public String residentName() {
        return resident.map(Resident::name).orElse(reportedPlace.isPresent() ? "网格上报" : "未登记居民");
    }

    public String place() {
        return resident.map(Resident::place).or(() -> reportedPlace.map(Place::label)).orElse("地址不详");
    }

    /** The village the ticket is in: its resident's, or the one a report names. */
    public Optional<String> village() {
        return resident.map(Resident::village).or(() -> reportedPlace.map(Place::village));
    }

    /** The village group the ticket is in, likewise. */
    public Optional<String> villageGroup() {
        return resident.map(Resident::villageGroup).or(() -> reportedPlace.map(Place::villageGroup));
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
                acceptedBy, createdAt, confidential, step, stepStartedAt, heldUntil, dueAt, acceptedAt, readAt, reportedPlace);
    }

    Ticket withHold(TicketStatus next, Optional<OffsetDateTime> until) {
        return new Ticket(id, code, channel, kind, category, urgency, next, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, confidential, step, stepStartedAt, until, dueAt, acceptedAt, readAt, reportedPlace);
    }

    Ticket withStep(TicketStatus next, String stepId, OffsetDateTime startedAt) {
        return new Ticket(id, code, channel, kind, category, urgency, next, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, confidential, Optional.of(stepId), Optional.of(startedAt), Optional.empty(), dueAt, acceptedAt, readAt, reportedPlace);
    }

    Ticket withOwner(TicketStatus next, Optional<Long> volunteerId, Optional<OffsetDateTime> at, Optional<OffsetDateTime> due) {
        return new Ticket(id, code, channel, kind, category, urgency, next, text, resident, requesterPhone, onBehalf,
                volunteerId, createdAt, confidential, step, stepStartedAt, heldUntil, due, at, readAt, reportedPlace);
    }

    Ticket withConfidential() {
        return new Ticket(id, code, channel, kind, category, urgency, status, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, true, step, stepStartedAt, heldUntil, dueAt, acceptedAt, readAt, reportedPlace);
    }

    Ticket withDue(Optional<OffsetDateTime> due) {
        return new Ticket(id, code, channel, kind, category, urgency, status, text, resident, requesterPhone, onBehalf,
                acceptedBy, createdAt, confidential, step, stepStartedAt, heldUntil, due, acceptedAt, readAt, reportedPlace);
    }
}
