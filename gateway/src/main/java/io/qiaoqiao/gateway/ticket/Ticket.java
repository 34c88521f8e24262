package io.qiaoqiao.gateway.ticket;

import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A ticket as dispatch sees it, with the resident it is for. */
public record Ticket(long id, String code, String channel, String kind, Category category, Urgency urgency,
                     TicketStatus status, String text, Optional<Resident> resident, String requesterPhone,
                     boolean onBehalf, Optional<Long> acceptedBy, OffsetDateTime createdAt) {

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
}
