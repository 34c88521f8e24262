package io.qiaoqiao.gateway.ticket;

import java.util.Locale;

/** Where an offer to one volunteer stands. Stored lower-case. Changed only through {@link TicketLifecycle}. */
public enum OfferStatus {
    PENDING, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OfferStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
