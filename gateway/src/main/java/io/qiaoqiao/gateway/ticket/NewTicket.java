package io.qiaoqiao.gateway.ticket;

import io.qiaoqiao.gateway.roster.Directory.Resident;
import io.qiaoqiao.plugin.api.Classification;
import java.util.Optional;

/**
 * A request about to become a ticket.
 *
 * @param channel        {@code sms}, {@code voice}, {@code grid} …
 * @param kind           {@code request}, {@code callback} when someone must call the person back, {@code report}
 * @param resident       who needs help, when the roster knows them
 * @param requesterPhone who contacted us: the resident, a family member, or an unknown number
 * @param onBehalf       a family member asked for the resident
 * @param classification category and urgency
 * @param text           the request as written (possibly cut to the configured maximum)
 * @param incomplete     parts of the text never arrived or it was cut
 * @param recording      path of a voice recording, if any
 * @param callId         the Asterisk call that opened it: the same call never opens two tickets
 * @param place          where it is when there is no resident: the place a grid worker's report names
 */
public record NewTicket(String channel, String kind, Optional<Resident> resident, String requesterPhone,
                        boolean onBehalf, Classification classification, String text, boolean incomplete,
                        Optional<String> recording, Optional<String> callId, Optional<Place> place) {
    /** A request about its resident (or an unknown number), opened by a call. */
    public NewTicket(String channel, String kind, Optional<Resident> resident, String requesterPhone, boolean onBehalf,
                     Classification classification, String text, boolean incomplete, Optional<String> recording,
                     Optional<String> callId) {
        this(channel, kind, resident, requesterPhone, onBehalf, classification, text, incomplete, recording, callId, Optional.empty());
    }

    /** A request without a call id (texts, the studio's desk). */
    public NewTicket(String channel, String kind, Optional<Resident> resident, String requesterPhone, boolean onBehalf,
                     Classification classification, String text, boolean incomplete, Optional<String> recording) {
        this(channel, kind, resident, requesterPhone, onBehalf, classification, text, incomplete, recording, Optional.empty());
    }
}
